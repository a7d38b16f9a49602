import { ZxcvbnFactory, type MatchExtended } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as de from '@zxcvbn-ts/language-de';
import * as en from '@zxcvbn-ts/language-en';
import { MIN_PASSWORD_LENGTH } from '../identity/user-creator.ts';

/** The lowest zxcvbn score (0–4) accepted: 3 = "safely unguessable" for an online attack. */
export const MIN_PASSWORD_SCORE = 3;

/** Longest password accepted (argon2 hashes anything, but a megabyte of password is an attack). */
export const MAX_PASSWORD_LENGTH = 1024;

let estimator: ZxcvbnFactory | null = null;

/**
 * The estimator, built on first use (~150 ms): common passwords, English and German words and
 * names. The German package predates the others' key naming, so its lists get a suffix instead
 * of replacing the common ones of the same name.
 */
function zxcvbn(): ZxcvbnFactory {
  if (estimator) return estimator;
  const german = Object.fromEntries(Object.entries(de.dictionary).map(([name, words]) => [`${name}-de`, words]));
  estimator = new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary, ...german },
    graphs: common.adjacencyGraphs,
    translations: en.translations,
  });
  return estimator;
}

/** What one weak part of a password is, in a few words. */
function describe(match: MatchExtended): string | null {
  const token = JSON.stringify(match.token);
  switch (match.pattern) {
    case 'dictionary': {
      const name = String(match.dictionaryName);
      if (name === 'userInputs') return `${token} is your name, e-mail or organization`;
      if (name.startsWith('passwords')) return `${token} is a common password`;
      if (/names/.test(name)) return `${token} is a common name`;
      return `${token} is a common word${match.l33t ? ' with predictable substitutions' : ''}${match.reversed ? ' reversed' : ''}`;
    }
    case 'spatial':
      return `${token} is a keyboard pattern`;
    case 'repeat':
      return `${token} repeats characters`;
    case 'sequence':
      return `${token} is a sequence`;
    case 'date':
      return `${token} is a date`;
    case 'regex':
      return `${token} is a recent year`;
    default:
      return null;
  }
}

/**
 * Why a password is too weak, or null when it is strong enough: at least 12 characters and an
 * estimated score of 3 or more, judged against common passwords, English and German words, and
 * the person's own name and e-mail (`userInputs`). No composition rules: length beats them.
 * The message starts with "password:" and names what makes it guessable.
 */
export function passwordWeakness(password: string, userInputs: readonly string[] = []): string | null {
  if (password.length < MIN_PASSWORD_LENGTH)
    return `password: use at least ${MIN_PASSWORD_LENGTH} characters (this one has ${password.length}); a few unrelated words are easy to remember`;
  if (password.length > MAX_PASSWORD_LENGTH) return `password: use at most ${MAX_PASSWORD_LENGTH} characters`;
  const inputs = userInputs.flatMap((v) => [v, ...v.split(/[@.\s_-]+/)]).filter((v) => v.length >= 3);
  const result = zxcvbn().check(password, inputs);
  if (result.score >= MIN_PASSWORD_SCORE) return null;
  const parts = result.sequence
    .map(describe)
    .filter((d): d is string => d !== null)
    .slice(0, 3);
  const advice = [result.feedback.warning, ...result.feedback.suggestions].filter(Boolean).join(' ');
  return (
    `password: too easy to guess (strength ${result.score} of 4, at least ${MIN_PASSWORD_SCORE} needed)` +
    (parts.length > 0 ? `: ${parts.join('; ')}.` : '.') +
    (advice ? ` ${advice}` : ' Add more unrelated words.')
  );
}
