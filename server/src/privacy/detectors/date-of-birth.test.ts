import { describe, expect, it } from 'vitest';
import { detectPii } from './index.ts';

function births(text: string): string[] {
  return detectPii(text)
    .filter((s) => s.type === 'DATE_OF_BIRTH')
    .map((s) => s.text);
}

describe('DATE_OF_BIRTH', () => {
  it('finds German and English notations after a birth word', () => {
    expect(births('geb. 12.03.1985')).toEqual(['12.03.1985']);
    expect(births('geboren am 12. März 1985 in Kiel')).toEqual(['12. März 1985']);
    expect(births('Geburtsdatum: 1985-03-12')).toEqual(['1985-03-12']);
    expect(births('born March 12, 1985')).toEqual(['March 12, 1985']);
    expect(births('DOB: 12/03/1985')).toEqual(['12/03/1985']);
    expect(births('date of birth 3rd May 1977')).toEqual(['3rd May 1977']);
    expect(births('Herr Kurz, * 19.08.1990, Kaufmann')).toEqual(['19.08.1990']);
    expect(births('He was born on the 5th of May, 1980.')).toEqual(['5th of May, 1980']);
  });

  it('accepts the birth word after the date', () => {
    expect(births('am 17.04.1979 Geburtstag')).toEqual(['17.04.1979']);
  });

  it('ignores ordinary dates, timestamps and dates after another date', () => {
    expect(births('Termin am 12.03.2024, Frist 30. April 2024')).toEqual([]);
    expect(births('build 2024-03-12T10:15:30Z')).toEqual([]);
    expect(births('geboren am 01.02.1980, eingestellt am 01.04.2010')).toEqual(['01.02.1980']);
    expect(births('Sie ist in Leeds geboren. Am 12.03.2024 zog sie um.')).toEqual([]);
    expect(births('* 12.03.2024 Meeting')).toEqual([]);
  });

  it('is not also reported as a phone number', () => {
    expect(detectPii('geb. 12.03.1985').map((s) => s.type)).toEqual(['DATE_OF_BIRTH']);
  });
});
