/** One field of an audit event's snapshots and how it changed. */
export interface FieldChange {
  /** Dotted path of the field ("settings.branding.primaryColor"). */
  path: string;
  kind: 'added' | 'removed' | 'changed' | 'same';
  before: unknown;
  after: unknown;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Leaves of a snapshot by dotted path; arrays and scalars are leaves (an array is read whole). */
function leaves(value: unknown, prefix: string, out: Map<string, unknown>): void {
  if (isPlainObject(value) && (Object.keys(value).length > 0 || prefix === '')) {
    for (const [k, v] of Object.entries(value)) leaves(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix !== '') out.set(prefix, value);
}

/** Deep equality of JSON values (key order does not matter). */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => same(v, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && same(a[k], b[k]));
  }
  return false;
}

/**
 * The fields of an event's before/after snapshots, changed ones first (in the snapshot's order),
 * then the unchanged ones: a readable diff of what an action did. A snapshot that is not an
 * object (null for a creation or deletion) contributes no fields, so every field of the other
 * side is "added" or "removed".
 */
export function auditDiff(before: unknown, after: unknown): FieldChange[] {
  const b = new Map<string, unknown>();
  const a = new Map<string, unknown>();
  if (isPlainObject(before)) leaves(before, '', b);
  if (isPlainObject(after)) leaves(after, '', a);
  const paths = [...new Set([...b.keys(), ...a.keys()])];
  const changes: FieldChange[] = paths.map((path) => {
    const inBefore = b.has(path);
    const inAfter = a.has(path);
    const kind = !inBefore ? 'added' : !inAfter ? 'removed' : same(b.get(path), a.get(path)) ? 'same' : 'changed';
    return { path, kind, before: b.get(path), after: a.get(path) };
  });
  return [...changes.filter((c) => c.kind !== 'same'), ...changes.filter((c) => c.kind === 'same')];
}

/** A snapshot value as short text: strings as they are, the rest as JSON; absent as an em dash. */
export function showValue(value: unknown): string {
  if (value === undefined) return '—';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}
