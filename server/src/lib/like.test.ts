import { describe, expect, it } from 'vitest';
import { containsPattern } from './like.ts';

describe('containsPattern', () => {
  it('finds the text anywhere and takes wildcards literally', () => {
    expect(containsPattern('anna')).toBe('%anna%');
    expect(containsPattern('50%_off\\x')).toBe('%50\\%\\_off\\\\x%');
  });
});
