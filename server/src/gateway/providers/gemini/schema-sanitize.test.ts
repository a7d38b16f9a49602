import { describe, expect, it } from 'vitest';
import { sanitizeSchema } from './schema-sanitize.ts';

describe('sanitizeSchema', () => {
  it('drops keywords Gemini rejects and uppercases types', () => {
    expect(
      sanitizeSchema({
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        $id: 'x',
        type: 'object',
        title: 'Query',
        description: 'A search',
        strict: true,
        additionalProperties: false,
        properties: {
          q: { type: 'string', minLength: 1, format: 'uri', examples: ['a'] },
          when: { type: 'string', format: 'date-time' },
          limit: { type: 'integer', format: 'int32', exclusiveMinimum: 0, maximum: 50 },
          tags: { type: 'array', items: { type: 'string' }, maxItems: 5, uniqueItems: true },
        },
        required: ['q', 'missing'],
      }),
    ).toEqual({
      type: 'OBJECT',
      title: 'Query',
      description: 'A search',
      properties: {
        q: { type: 'STRING', minLength: 1 },
        when: { type: 'STRING', format: 'date-time' },
        limit: { type: 'INTEGER', format: 'int32', maximum: 50 },
        tags: { type: 'ARRAY', items: { type: 'STRING' }, maxItems: 5 },
      },
      required: ['q'],
    });
  });

  it('inlines local $refs and cuts recursion', () => {
    expect(
      sanitizeSchema({
        type: 'object',
        properties: {
          owner: { $ref: '#/$defs/Person', description: 'Who owns it' },
          node: { $ref: '#/definitions/Node' },
        },
        $defs: { Person: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] } },
        definitions: { Node: { type: 'object', properties: { next: { $ref: '#/definitions/Node' } } } },
      }),
    ).toEqual({
      type: 'OBJECT',
      properties: {
        owner: {
          type: 'OBJECT',
          description: 'Who owns it',
          properties: { name: { type: 'STRING' } },
          required: ['name'],
        },
        node: { type: 'OBJECT', properties: { next: {} } },
      },
    });
  });

  it('turns null unions into nullable and keeps real unions as anyOf', () => {
    expect(sanitizeSchema({ anyOf: [{ type: 'number' }, { type: 'null' }], description: 'd' })).toEqual({
      description: 'd',
      type: 'NUMBER',
      nullable: true,
    });
    expect(sanitizeSchema({ oneOf: [{ type: 'string' }, { type: 'integer' }] })).toEqual({
      anyOf: [{ type: 'STRING' }, { type: 'INTEGER' }],
    });
    expect(sanitizeSchema({ type: ['string', 'integer', 'null'] })).toEqual({
      anyOf: [{ type: 'STRING' }, { type: 'INTEGER' }],
      nullable: true,
    });
  });

  it('keeps string enums and consts, drops numeric ones, merges allOf', () => {
    expect(sanitizeSchema({ const: 'fixed' })).toEqual({ enum: ['fixed'], type: 'STRING' });
    expect(sanitizeSchema({ type: 'integer', enum: [1, 2, 3] })).toEqual({ type: 'INTEGER' });
    expect(
      sanitizeSchema({
        allOf: [
          { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] },
          { properties: { b: { type: 'boolean' } }, required: ['b'] },
        ],
      }),
    ).toEqual({
      type: 'OBJECT',
      properties: { a: { type: 'STRING' }, b: { type: 'BOOLEAN' } },
      required: ['a', 'b'],
    });
  });

  it('infers OBJECT and ARRAY when the type is implicit', () => {
    expect(sanitizeSchema({ properties: { list: { items: { type: 'number' } } } })).toEqual({
      type: 'OBJECT',
      properties: { list: { type: 'ARRAY', items: { type: 'NUMBER' } } },
    });
  });

  it('never throws on junk and does not modify its input', () => {
    expect(sanitizeSchema(null)).toEqual({});
    expect(sanitizeSchema('string')).toEqual({});
    const input = { type: 'object', additionalProperties: false, properties: { a: { type: 'string' } } };
    const copy = structuredClone(input);
    sanitizeSchema(input);
    expect(input).toEqual(copy);
  });
});
