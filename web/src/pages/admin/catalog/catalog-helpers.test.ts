import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../api/api-error.ts';
import type { AccessMatrix } from '../../../api/catalog-types.ts';
import {
  accessCells,
  accessChanges,
  accessColumns,
  lineState,
  nextCell,
  setCells,
  toggleAllValue,
} from './access-edit.ts';
import { entryOf, importProblems } from './import-problems.ts';
import { decimalToMicros, microsToDecimal } from './money.ts';
import { allowListLines, textSegments } from './privacy-text.ts';
import { settingsForm, settingsFromForm } from './provider-settings.ts';

describe('prices', () => {
  it('shows micro-units as a decimal with at least two places', () => {
    expect(microsToDecimal(150_000)).toBe('0.15');
    expect(microsToDecimal(2_500_000)).toBe('2.50');
    expect(microsToDecimal(10_000_000)).toBe('10.00');
    expect(microsToDecimal(1_234_567)).toBe('1.234567');
    expect(microsToDecimal(0)).toBe('0.00');
    expect(microsToDecimal(null)).toBe('');
  });

  it('reads a typed price exactly, with a point or a German comma', () => {
    expect(decimalToMicros('0.29')).toBe(290_000);
    expect(decimalToMicros('2,5')).toBe(2_500_000);
    expect(decimalToMicros(' 15 ')).toBe(15_000_000);
    expect(decimalToMicros('0.000001')).toBe(1);
    expect(decimalToMicros('')).toBeNull();
    expect(decimalToMicros('0.0000001')).toBe('invalid');
    expect(decimalToMicros('-1')).toBe('invalid');
    expect(decimalToMicros('1.000,50')).toBe('invalid');
    for (const micros of [1, 150_000, 2_500_000, 987_654_321])
      expect(decimalToMicros(microsToDecimal(micros))).toBe(micros);
  });
});

describe('server messages at their field', () => {
  it("reads an import's problems from the error, else the first from its message", () => {
    const listed = Object.assign(new ApiError(400, 'invalid_request', 'The document has 2 problems'), {
      problems: [
        { path: 'models[1].alias', problem: 'Invalid string' },
        { path: 'version', problem: 'must be 1' },
        { path: 3, problem: 'not a problem' },
      ],
    });
    expect(importProblems(listed)).toEqual([
      { path: 'models[1].alias', problem: 'Invalid string' },
      { path: 'version', problem: 'must be 1' },
    ]);
    const message = new ApiError(
      400,
      'invalid_request',
      'The document has 1 problem; nothing was changed. First: models[0].provider: no provider named "x" in the document',
    );
    expect(importProblems(message)).toEqual([
      { path: 'models[0].provider', problem: 'no provider named "x" in the document' },
    ]);
    expect(importProblems(Object.assign(message, { problems: [] }))).toEqual([
      { path: 'models[0].provider', problem: 'no provider named "x" in the document' },
    ]);
    expect(importProblems(new ApiError(403, 'forbidden', 'no'))).toEqual([]);
    expect(importProblems(new Error('x'))).toEqual([]);
  });

  it('names the entry a problem belongs to', () => {
    expect(entryOf('models[3].priceInput')).toBe('models[3]');
    expect(entryOf('providers[0]')).toBe('providers[0]');
    expect(entryOf('access.rules[12].department')).toBe('access.rules[12]');
    expect(entryOf('version')).toBe('');
    expect(entryOf('access.modelAccessDefault')).toBe('');
  });
});

const matrix: AccessMatrix = {
  modelAccessDefault: 'allow',
  roles: ['admin', 'member'],
  departments: [{ id: 'd1', name: 'Legal', parentId: null }],
  models: [
    {
      id: 'm1',
      alias: 'a',
      enabled: true,
      roles: { admin: 'allowed', member: 'default' },
      departments: { d1: 'denied' },
    },
    {
      id: 'm2',
      alias: 'b',
      enabled: true,
      roles: { admin: 'allowed', member: 'allowed' },
      departments: { d1: 'default' },
    },
  ],
};

describe('access matrix editing', () => {
  const columns = accessColumns(matrix);
  const cells = accessCells(matrix);

  it('has a column per role and department', () => {
    expect(columns.map((c) => c.key)).toEqual(['role:admin', 'role:member', 'department:d1']);
    expect(cells.m1).toEqual({ 'role:admin': 'allowed', 'role:member': 'default', 'department:d1': 'denied' });
  });

  it('cycles a cell through no rule, allowed and denied', () => {
    expect(nextCell('default')).toBe('allowed');
    expect(nextCell('allowed')).toBe('denied');
    expect(nextCell('denied')).toBe('default');
  });

  it('toggles a line: all allowed → deny all, else allow all', () => {
    expect(lineState(['allowed', 'allowed'])).toBe('all');
    expect(lineState(['allowed', 'default'])).toBe('some');
    expect(lineState(['denied', 'default'])).toBe('none');
    expect(toggleAllValue(['allowed', 'allowed'])).toBe('denied');
    expect(toggleAllValue(['allowed', 'denied'])).toBe('allowed');
  });

  it('lists only the changed cells, with the rule to set or remove', () => {
    expect(accessChanges(cells, cells, columns)).toEqual([]);
    const edited = setCells(
      cells,
      [
        { modelId: 'm1', column: 'department:d1' },
        { modelId: 'm2', column: 'department:d1' },
        { modelId: 'm2', column: 'role:member' },
      ],
      'denied',
    );
    const cleared = setCells(edited, [{ modelId: 'm1', column: 'role:admin' }], 'default');
    expect(cells.m2!['department:d1']).toBe('default');
    expect(accessChanges(cells, cleared, columns)).toEqual([
      { modelId: 'm1', subjectType: 'role', subject: 'admin', allowed: null, from: 'allowed', to: 'default' },
      { modelId: 'm2', subjectType: 'role', subject: 'member', allowed: false, from: 'allowed', to: 'denied' },
      { modelId: 'm2', subjectType: 'department', subject: 'd1', allowed: false, from: 'default', to: 'denied' },
    ]);
  });
});

describe('privacy preview', () => {
  it('cuts the text into plain pieces and findings', () => {
    const text = 'Mail anna@example.de or call 030 1234567.';
    const segments = textSegments(text, [
      { type: 'PHONE', mode: 'mask', start: 29, end: 40 },
      { type: 'EMAIL', mode: 'block', start: 5, end: 20 },
      { type: 'PERSON', mode: 'mask', start: 10, end: 12 },
      { type: 'IBAN', mode: 'mask', start: 40, end: 99 },
    ]);
    expect(segments.map((s) => [s.text, s.finding?.type ?? null])).toEqual([
      ['Mail ', null],
      ['anna@example.de', 'EMAIL'],
      [' or call ', null],
      ['030 1234567', 'PHONE'],
      ['.', null],
    ]);
    expect(segments.map((s) => s.text).join('')).toBe(text);
    expect(textSegments('', [])).toEqual([]);
  });

  it('reads the allow-list one entry per line', () => {
    expect(allowListLines(' Müller & Partner \n\n+49 30 1234567\n')).toEqual(['Müller & Partner', '+49 30 1234567']);
  });
});

describe('provider settings form', () => {
  it('round-trips the settings of each kind, leaving out empty fields', () => {
    const openai = { organization: 'org-1', headers: { 'X-Route': 'eu', Authorization: 'sk-…abcd' } };
    expect(settingsFromForm('openai', settingsForm(openai))).toEqual({ settings: openai, problems: [] });
    expect(settingsFromForm('mock', settingsForm({ ttftMs: 20, chunks: 4 }))).toEqual({
      settings: { ttftMs: 20, chunks: 4 },
      problems: [],
    });
    expect(settingsFromForm('openai-compatible', settingsForm({}))).toEqual({ settings: {}, problems: [] });
    expect(settingsFromForm('openai-compatible', settingsForm({ streamUsage: false })).settings).toEqual({
      streamUsage: false,
    });
  });

  it("keeps only the kind's own fields", () => {
    const form = { ...settingsForm({}), organization: 'org-1', text: 'Hallo', version: '2023-06-01' };
    expect(settingsFromForm('gemini', form).settings).toEqual({});
    expect(settingsFromForm('anthropic', form).settings).toEqual({ version: '2023-06-01' });
  });

  it('names a header line without a colon and a number that is not whole', () => {
    const form = { ...settingsForm({}), headers: 'X-Ok: 1\nbroken\nalso broken', chunks: '2.5' };
    expect(settingsFromForm('openai', form).problems).toEqual([{ field: 'headers', problem: 'headerLine' }]);
    expect(settingsFromForm('mock', form).problems).toEqual([{ field: 'chunks', problem: 'wholeNumber' }]);
  });
});
