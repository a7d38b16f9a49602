import { describe, expect, it } from 'vitest';
import { passwordWeakness } from './password-strength.ts';

describe('passwordWeakness', () => {
  it('accepts long, unpredictable passphrases without composition rules', () => {
    expect(passwordWeakness('violet tractor sings quietly')).toBeNull();
    expect(passwordWeakness('hallo welt wie gehts')).toBeNull();
  });

  it('asks for 12 characters first, saying how many there are', () => {
    expect(passwordWeakness('Xk9#mP2$v')).toBe(
      'password: use at least 12 characters (this one has 9); a few unrelated words are easy to remember',
    );
  });

  it('names what makes a password guessable, in English and German words', () => {
    expect(passwordWeakness('password1234')).toMatch(
      /^password: too easy to guess \(strength \d of 4.*"password" is a common password/,
    );
    expect(passwordWeakness('qwertzuiop123')).toMatch(/"qwertzuiop" is a keyboard pattern/);
    expect(passwordWeakness('aaaaaaaaaaaaaa')).toMatch(/repeats characters/);
    expect(passwordWeakness('Schmetterling1')).toMatch(/"Schmetterling" is a common word/);
  });

  it("counts the person's own name and e-mail as guessable", () => {
    expect(passwordWeakness('anna.schmidt@firma.de!', ['anna.schmidt@firma.de', 'Anna Schmidt'])).toMatch(
      /is your name, e-mail or organization/,
    );
  });
});
