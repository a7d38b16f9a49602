import { describe, expect, it } from 'vitest';
import { runPiiScan } from './pii-scan.ts';

async function* lines(...xs: string[]): AsyncIterable<string> {
  for (const x of xs) yield x;
}

async function scan(...input: string[]): Promise<unknown[]> {
  const out: string[] = [];
  await runPiiScan(lines(...input), (l) => out.push(l));
  return out.map((l) => JSON.parse(l) as unknown);
}

describe('runPiiScan', () => {
  it('writes one result line per input line, echoing the id', async () => {
    const result = await scan('{"id":"a1","text":"Mail an jana@example.org"}', '{"id":7,"text":"nichts"}');
    expect(result).toEqual([
      { id: 'a1', entities: [{ type: 'EMAIL', start: 8, end: 24, score: 0.95 }] },
      { id: 7, entities: [] },
    ]);
  });

  it('reports malformed lines with their number and continues', async () => {
    const result = await scan('not json', '', '{"id":"x"}', '{"id":"ok","text":"Tel. 030 1234567"}\r');
    expect(result).toHaveLength(3);
    expect(result[0]).toMatchObject({ id: null, error: expect.stringMatching(/^line 1: /) });
    expect(result[1]).toMatchObject({ id: null, error: expect.stringMatching(/^line 3: text/) });
    expect(result[2]).toMatchObject({ id: 'ok', entities: [{ type: 'PHONE', start: 5, end: 16 }] });
  });
});
