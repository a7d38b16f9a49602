// Log lines pass through the same detectors as prompts: every string value in a record has its
// findings replaced by `[TYPE]` before the line is written. Keys and numbers are left alone (a
// timestamp is not a phone number). Walks are bounded; what lies past a bound is dropped, not written.
import type { LoggerOptions } from 'pino';
import type { DetectPii } from './entity-types.ts';
import { AllowList } from './identity.ts';
import { pseudonymizeText, type PseudonymizeRules } from './pseudonymizer.ts';

/** Bounds on one redaction walk. */
export const LOG_REDACTION_LIMITS = {
  /** Nesting levels walked; deeper values become "[Truncated]". */
  maxDepth: 8,
  /** Values visited per record; the rest become "[Truncated]". */
  maxNodes: 2_000,
  /** UTF-16 units of one string kept; the rest is cut off and marked (256 more are scanned). */
  maxStringLength: 8_192,
} as const;

const TRUNCATED = '[Truncated]';
/** Characters scanned past the cut of a long string, so a value straddling the cut is still found. */
const SCAN_OVERLAP = 256;
const MASK_ALL: PseudonymizeRules = { modeFor: () => 'mask', allowList: new AllowList([], 'DE'), region: 'DE' };

/**
 * The prefilter: the detectors only report spans holding a digit, an '@' or an upper-case letter
 * (names and streets are capitalized in German and English), so a string with none of them is
 * returned without calling the detector. Most log strings ("request completed") take this path.
 */
const MAY_HOLD_PII = /[0-9@]|\p{Lu}/u;

/** Per detector, redacted results of recent short strings (paths, hostnames, messages repeat on every line). */
const recentByDetector = new WeakMap<DetectPii, Map<string, string>>();
const RECENT_MAX_ENTRIES = 1_024;
const RECENT_MAX_LENGTH = 256;

/**
 * Identifiers every request logs (UUIDs, request ids, route templates such as
 * `/api/people/:userId`): they cannot carry personal data, and running the detectors on them was
 * most of the per-line redaction cost. Paths with capitals, '@', '+' or runs of 3+ digits still
 * go through the detectors.
 */
const CANNOT_HOLD_PII =
  /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|req_[A-Za-z0-9_-]{16}|\/(?:[a-z_.{}/-]+|:[A-Za-z]+|\d{1,2}(?!\d))*)$/;

/** `text` with every detected span replaced by `[TYPE]`; overlapping findings merge into one mask. */
export function redactLogString(text: string, detect: DetectPii): string {
  if (!MAY_HOLD_PII.test(text) || CANNOT_HOLD_PII.test(text)) return text;
  const cacheable = text.length <= RECENT_MAX_LENGTH;
  let recent = recentByDetector.get(detect);
  if (recent === undefined) {
    recent = new Map();
    recentByDetector.set(detect, recent);
  }
  if (cacheable) {
    const hit = recent.get(text);
    if (hit !== undefined) return hit;
  }
  // Scan a little past the cut so a value straddling it is still recognized, then cut the result.
  const max = LOG_REDACTION_LIMITS.maxStringLength;
  const cut = text.length > max;
  const scanned = cut ? text.slice(0, max + SCAN_OVERLAP) : text;
  const result = pseudonymizeText(scanned, detect(scanned), MASK_ALL);
  const masked = result.ok ? result.value : TRUNCATED;
  const redacted = cut ? `${masked.slice(0, max)}…[truncated]` : masked;
  if (cacheable) {
    if (recent.size >= RECENT_MAX_ENTRIES) recent.clear();
    recent.set(text, redacted);
  }
  return redacted;
}

/**
 * A copy of `value` with PII in every string replaced by `[TYPE]`; objects and arrays are walked up
 * to the limits, Errors become `{ type, message, stack, … }`, functions and symbols are dropped.
 */
export function redactLogValue(value: unknown, detect: DetectPii): unknown {
  let nodes = 0;
  const walk = (current: unknown, depth: number): unknown => {
    nodes += 1;
    if (nodes > LOG_REDACTION_LIMITS.maxNodes) return TRUNCATED;
    if (typeof current === 'string') return redactLogString(current, detect);
    if (current === null || typeof current !== 'object') {
      return typeof current === 'function' || typeof current === 'symbol' ? undefined : current;
    }
    if (depth >= LOG_REDACTION_LIMITS.maxDepth) return TRUNCATED;
    if (Array.isArray(current)) return current.map((item) => walk(item, depth + 1));
    const out: Record<string, unknown> = {};
    if (current instanceof Error) {
      out.type = current.name;
      out.message = walk(current.message, depth + 1);
      if (current.stack !== undefined) out.stack = walk(current.stack, depth + 1);
    }
    for (const [key, inner] of Object.entries(current)) out[key] = walk(inner, depth + 1);
    return out;
  };
  return walk(value, 0);
}

/**
 * Pino options that redact every log line. Uses `hooks.streamWrite`, which sees the finished line
 * after serializers, child bindings and the message are merged — `hooks.logMethod` and
 * `formatters.log` run before serializers (an `err.stack` or a serialized request URL would slip
 * past) and never see bindings. A line that cannot be redacted is replaced by a notice, never written
 * as it was.
 */
export function piiRedactingPinoOptions(detect: DetectPii): Pick<LoggerOptions, 'hooks'> {
  return {
    hooks: {
      streamWrite(line: string): string {
        const newline = line.endsWith('\n') ? '\n' : '';
        let record: unknown;
        try {
          record = JSON.parse(line);
          return JSON.stringify(redactLogValue(record, detect)) + newline;
        } catch {
          const source = typeof record === 'object' && record !== null ? (record as Record<string, unknown>) : {};
          const level = typeof source.level === 'number' ? source.level : 50;
          const time = typeof source.time === 'number' ? source.time : Date.now();
          return JSON.stringify({ level, time, msg: '[log line withheld: PII redaction failed]' }) + newline;
        }
      },
    },
  };
}
