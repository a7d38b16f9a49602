// Batch scanning for the `gatehouse pii scan` command: JSON lines in, JSON lines out.
import { z } from 'zod';
import { detectPii } from './index.ts';
import type { DetectOptions } from './pii-types.ts';

const ScanRequest = z.object({
  id: z.union([z.string(), z.number()]).describe('Caller-chosen id, echoed back unchanged'),
  text: z.string().describe('The text to scan'),
});

/** One output line for a well-formed input line. */
export interface ScanResult {
  id: string | number;
  entities: { type: string; start: number; end: number; score: number }[];
}

/** One output line for a malformed input line; `error` starts with "line N: " (1-based). */
export interface ScanError {
  id: null;
  error: string;
}

function describe(error: unknown): string {
  if (error instanceof z.ZodError) {
    return error.issues.map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * Reads JSON lines `{"id","text"}` and writes one JSON line per input line:
 * `{"id","entities":[{"type","start","end","score"}]}`, or `{"id":null,"error":"line N: …"}` for a
 * line that is not such an object (scanning continues). Blank lines are skipped.
 */
export async function runPiiScan(
  input: AsyncIterable<string>,
  write: (line: string) => void,
  options?: DetectOptions,
): Promise<void> {
  let lineNumber = 0;
  for await (const rawLine of input) {
    lineNumber++;
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (line.trim() === '') continue;
    let request: z.infer<typeof ScanRequest>;
    try {
      request = ScanRequest.parse(JSON.parse(line));
    } catch (error) {
      const failure: ScanError = { id: null, error: `line ${lineNumber}: ${describe(error)}` };
      write(JSON.stringify(failure));
      continue;
    }
    const entities = detectPii(request.text, options).map(({ type, start, end, score }) => ({
      type,
      start,
      end,
      score,
    }));
    const result: ScanResult = { id: request.id, entities };
    write(JSON.stringify(result));
  }
}
