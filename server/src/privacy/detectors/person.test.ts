import { describe, expect, it } from 'vitest';
import { detectPii } from './index.ts';

function persons(text: string): string[] {
  return detectPii(text)
    .filter((s) => s.type === 'PERSON')
    .map((s) => s.text);
}

describe('PERSON', () => {
  it('finds names after salutations and titles; the span keeps the nearest title, not the salutation', () => {
    expect(persons('Sehr geehrter Herr Dr. Schmidt,')).toEqual(['Dr. Schmidt']);
    expect(persons('Gespräch mit Frau Yilmaz und Hr. Kowalczyk')).toEqual(['Yilmaz', 'Kowalczyk']);
    expect(persons('Frau Prof. Dr. med. Ute Brandt-Lorenz')).toEqual(['Dr. med. Ute Brandt-Lorenz']);
    expect(persons("Dear Mrs. O'Neill, thank you")).toEqual(["O'Neill"]);
    expect(persons('Frau Rechtsanwältin Berger hat geantwortet')).toEqual(['Berger']);
  });

  it('finds given name plus surname, hyphenated names, particles and initials', () => {
    expect(persons('Anna-Lena Becker hat unterschrieben.')).toEqual(['Anna-Lena Becker']);
    expect(persons('Ursula von der Leyen sprach.')).toEqual(['Ursula von der Leyen']);
    expect(persons('Frau von der Leyen sprach.')).toEqual(['von der Leyen']);
    expect(persons('Bericht von J. Weber')).toEqual(['J. Weber']);
    expect(persons('Robert J. Anderson signed.')).toEqual(['Robert J. Anderson']);
  });

  it('uses the lists for a known surname alone, as in matter names', () => {
    expect(persons('Kaufvertrag Müller')).toEqual(['Müller']);
    expect(persons('In Sachen Schulte ./. Wagner')).toEqual(['Schulte', 'Wagner']);
  });

  it('finds unknown names introduced by a role word with a colon, a greeting or a signature', () => {
    expect(persons('Mandantin: Ngozi Adaeze-Okoro')).toEqual(['Ngozi Adaeze-Okoro']);
    expect(persons('Hallo Lukas, kurze Frage')).toEqual(['Lukas']);
    expect(persons('Mit freundlichen Grüßen\nXaver Quendel')).toEqual(['Xaver Quendel']);
    expect(persons('Kind regards,\nTamsin Okonjo-Price')).toEqual(['Tamsin Okonjo-Price']);
  });

  it('does not take German nouns, weak surnames alone, places or companies for names', () => {
    expect(persons('Die Müllerei am Ortsrand ist geschlossen.')).toEqual([]);
    expect(persons('Der Richter und der Koch sprachen im Winter mit dem Bauer.')).toEqual([]);
    expect(persons('Sehr geehrte Damen und Herren, Sehr geehrter Herr Kollege,')).toEqual([]);
    expect(persons('Die Müller & Söhne GmbH und die Otto Group liefern.')).toEqual([]);
    expect(persons('Grace period: 14 days. Mark the date. May payments are due.')).toEqual([]);
    expect(persons('Max. 10 Teilnehmer, Art. 6 DSGVO')).toEqual([]);
    expect(persons('Mit freundlichen Grüßen\nIhr Kundenservice')).toEqual([]);
  });

  it('is not reported inside e-mail addresses or street names', () => {
    const types = detectPii('Anna.Schmidt@example.com, Goethestraße 5, Karl-Marx-Allee 90').map((s) => s.type);
    expect(types).toEqual(['EMAIL', 'ADDRESS', 'ADDRESS']);
  });
});
