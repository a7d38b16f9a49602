import { z } from 'zod';
import { describeIssues, settingsParser } from '../openai/settings.ts';

/** Upper bounds of the mock's knobs, so a typo cannot park a request for hours. */
export const MOCK_LIMITS = { chunks: 10_000, ttftMs: 600_000, intervalMs: 60_000, textChars: 100_000 } as const;

/**
 * Settings of a `mock` provider (all optional): `ttftMs` delay before the first byte, `chunks`
 * content chunks per streamed answer, `intervalMs` pause between chunks, `text` the answer to give
 * instead of the default echo. The same shape is a startMockServer default.
 */
export const mockSettingsSchema = z.strictObject({
  ttftMs: z.int().min(0).max(MOCK_LIMITS.ttftMs).optional(),
  chunks: z.int().min(1).max(MOCK_LIMITS.chunks).optional(),
  intervalMs: z.int().min(0).max(MOCK_LIMITS.intervalMs).optional(),
  text: z.string().trim().min(1).max(MOCK_LIMITS.textChars).optional(),
});

/** Parsed settings of a `mock` provider. */
export type MockSettings = z.infer<typeof mockSettingsSchema>;

/** Validates `mock` provider settings (cached per settings object); throws provider_misconfigured. */
export const parseMockSettings = settingsParser('mock', mockSettingsSchema);

/** The request header that carries a provider's mock settings to the mock (URI-encoded JSON). */
export const MOCK_SETTINGS_HEADER = 'x-gatehouse-mock-settings';

/** How one mock answer is shaped: defaults, then provider settings, then the model-name suffix. */
export interface MockProfile {
  ttftMs: number;
  chunks: number;
  intervalMs: number;
  text: string | null;
  /** `@error<status>`: answer this HTTP status with an OpenAI-shaped error body. */
  errorStatus: number | null;
  /** `@cut<n>`: stream n content chunks and stop without finish, usage or `[DONE]`. */
  cut: number | null;
}

/** The profile when nothing is configured: 8 chunks, no delays, the default echo answer. */
export const MOCK_DEFAULTS: MockProfile = {
  ttftMs: 0,
  chunks: 8,
  intervalMs: 0,
  text: null,
  errorStatus: null,
  cut: null,
};

/** Overlays the defined fields of each layer, in order (undefined never overwrites). */
export function mergeProfile(...layers: Array<Partial<MockProfile> | MockSettings>): MockProfile {
  const profile: MockProfile = { ...MOCK_DEFAULTS };
  const target = profile as unknown as Record<string, unknown>;
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer)) if (value !== undefined) target[key] = value;
  }
  return profile;
}

type Hooks = Partial<Pick<MockProfile, 'chunks' | 'ttftMs' | 'intervalMs' | 'errorStatus' | 'cut'>>;
const PACING = /^(?:c(\d+))?(?:t(\d+))?(?:i(\d+))?$/;

function inRange(name: string, value: number, min: number, max: number): string | null {
  return value >= min && value <= max ? null : `${name} must be ${min}..${max}, got ${value}`;
}

/** One `@…` segment → its hooks, an error message for an out-of-range value, or null when it is no hook. */
function parseSegment(segment: string): Hooks | string | null {
  const pacing = segment === '' ? null : PACING.exec(segment);
  if (pacing) {
    const [, c, t, i] = pacing;
    const hooks: Hooks = {};
    if (c !== undefined) hooks.chunks = Number(c);
    if (t !== undefined) hooks.ttftMs = Number(t);
    if (i !== undefined) hooks.intervalMs = Number(i);
    const problem =
      (hooks.chunks !== undefined ? inRange('chunks', hooks.chunks, 1, MOCK_LIMITS.chunks) : null) ??
      (hooks.ttftMs !== undefined ? inRange('ttft', hooks.ttftMs, 0, MOCK_LIMITS.ttftMs) : null) ??
      (hooks.intervalMs !== undefined ? inRange('interval', hooks.intervalMs, 0, MOCK_LIMITS.intervalMs) : null);
    return problem ?? hooks;
  }
  const error = /^error(\d{3})$/.exec(segment);
  if (error) return inRange('error status', Number(error[1]), 400, 599) ?? { errorStatus: Number(error[1]) };
  const cut = /^cut(\d+)$/.exec(segment);
  if (cut) return inRange('cut', Number(cut[1]), 0, MOCK_LIMITS.chunks) ?? { cut: Number(cut[1]) };
  return null;
}

/** What a model name asks of the mock: its base name and the hooks of its suffixes. */
export type ModelHooks = { ok: true; name: string; hooks: Hooks } | { ok: false; message: string };

const hookCache = new Map<string, ModelHooks>();

/**
 * Reads the suffixes of a mock model name: `name(@hook)*`, where a hook is
 * `c<chunks>t<ttftMs>i<intervalMs>` (each part optional, in that order; the benchmark mock's form),
 * `error<status>` (400..599) or `cut<n>`. Hooks are read from the end; a later one wins; a segment
 * that is no hook ends the suffix and stays part of the name. Cached per name.
 */
export function parseModelHooks(model: string): ModelHooks {
  const hit = hookCache.get(model);
  if (hit) return hit;
  let name = model;
  const hooks: Hooks = {};
  let result: ModelHooks | null = null;
  for (let at = name.lastIndexOf('@'); at > 0; at = name.lastIndexOf('@')) {
    const parsed = parseSegment(name.slice(at + 1));
    if (parsed === null) break;
    if (typeof parsed === 'string') {
      result = { ok: false, message: `mock model suffix @${name.slice(at + 1)}: ${parsed}` };
      break;
    }
    for (const [key, value] of Object.entries(parsed)) {
      if (!(key in hooks)) (hooks as Record<string, unknown>)[key] = value;
    }
    name = name.slice(0, at);
  }
  result ??= { ok: true, name, hooks };
  if (hookCache.size >= 1000) hookCache.clear();
  hookCache.set(model, result);
  return result;
}

const headerCache = new Map<string, MockSettings | string>();

/** Settings sent in MOCK_SETTINGS_HEADER → parsed settings, or a message naming what is wrong. Cached. */
export function settingsFromHeader(value: string): MockSettings | string {
  const hit = headerCache.get(value);
  if (hit !== undefined) return hit;
  let result: MockSettings | string;
  try {
    const parsed = mockSettingsSchema.safeParse(JSON.parse(decodeURIComponent(value)));
    result = parsed.success ? parsed.data : `invalid mock settings: ${describeIssues(parsed.error)}`;
  } catch {
    result = `invalid mock settings: ${MOCK_SETTINGS_HEADER} is not URI-encoded JSON`;
  }
  if (headerCache.size >= 100) headerCache.clear();
  headerCache.set(value, result);
  return result;
}
