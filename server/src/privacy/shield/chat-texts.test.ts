import { describe, expect, it } from 'vitest';
import { mapJsonStrings } from './chat-texts.ts';

const upper = (text: string): string => text.replace(/jürgen/g, 'JÜRGEN');

describe('mapJsonStrings', () => {
  it('maps string values only, at any depth, and re-serializes', () => {
    const json = '{ "jürgen": "jürgen", "list": ["a jürgen", 1, true, null, {"x": "jürgen 😀"}] }';
    expect(mapJsonStrings(json, upper)).toBe('{"jürgen":"JÜRGEN","list":["a JÜRGEN",1,true,null,{"x":"JÜRGEN 😀"}]}');
  });

  it('returns unchanged JSON byte for byte, and treats invalid JSON as one text', () => {
    const json = '{ "a" : [ 1, 2 ] }';
    expect(mapJsonStrings(json, upper)).toBe(json);
    expect(mapJsonStrings('{"a": "jürgen', upper)).toBe('{"a": "JÜRGEN');
  });
});
