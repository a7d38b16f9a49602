import { describe, expect, it } from 'vitest';
import { detectPii } from './index.ts';

function addresses(text: string): string[] {
  return detectPii(text)
    .filter((s) => s.type === 'ADDRESS')
    .map((s) => s.text);
}

describe('ADDRESS', () => {
  it('finds German street forms with optional postcode and city', () => {
    expect(addresses('wohnhaft Hauptstraße 12, 10115 Berlin.')).toEqual(['Hauptstraße 12, 10115 Berlin']);
    expect(addresses('Anschrift: Am Markt 3a')).toEqual(['Am Markt 3a']);
    expect(addresses('Karl-Marx-Allee 90 im dritten Stock')).toEqual(['Karl-Marx-Allee 90']);
    expect(addresses('Unter den Linden 5, 10117 Berlin')).toEqual(['Unter den Linden 5, 10117 Berlin']);
    expect(addresses('Berliner Str. 5\n14467 Potsdam')).toEqual(['Berliner Str. 5\n14467 Potsdam']);
    expect(addresses('Büro: Kaiser-Wilhelm-Ring 12-14, 50672 Köln')).toEqual(['Kaiser-Wilhelm-Ring 12-14, 50672 Köln']);
  });

  it('finds Austrian, Swiss and Romance forms', () => {
    expect(addresses('Mariahilfer Straße 45/3/12, 1060 Wien')).toEqual(['Mariahilfer Straße 45/3/12, 1060 Wien']);
    expect(addresses('Bahnhofstrasse 10, CH-8001 Zürich')).toEqual(['Bahnhofstrasse 10, CH-8001 Zürich']);
    expect(addresses('Via Nassa 5, 6900 Lugano')).toEqual(['Via Nassa 5, 6900 Lugano']);
  });

  it('finds English forms', () => {
    expect(addresses('at 221B Baker Street today')).toEqual(['221B Baker Street']);
    expect(addresses('10 Downing St, London SW1A 2AA')).toEqual(['10 Downing St, London SW1A 2AA']);
    expect(addresses('ship to 500 Main Street, Boston, MA 02110.')).toEqual(['500 Main Street, Boston, MA 02110']);
  });

  it('finds unknown street names when postcode and city follow', () => {
    expect(addresses('Lange Reihe 12, 20099 Hamburg')).toEqual(['Lange Reihe 12, 20099 Hamburg']);
  });

  it('ignores postcodes alone, phrases with numbers and street-like compounds', () => {
    expect(addresses('Versand ab 10115 Berlin')).toEqual([]);
    expect(addresses('Im Jahr 2019 und am Montag 3 Termine')).toEqual([]);
    expect(addresses('Die Parkplätze 14 bis 22, Parkplatz 7, der Rechtsweg 2')).toEqual([]);
    expect(addresses('Chapter 11 of the Bankruptcy Code; the Baker Street branch')).toEqual([]);
    expect(addresses('Die Straße ist zwischen Kilometer 12 und 15 gesperrt.')).toEqual([]);
  });
});
