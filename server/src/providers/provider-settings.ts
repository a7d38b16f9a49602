import type { z } from 'zod';
import { anthropicSettingsSchema } from '../gateway/providers/anthropic/settings.ts';
import { geminiSettingsSchema } from '../gateway/providers/gemini/settings.ts';
import { mockSettingsSchema } from '../gateway/providers/mock/settings.ts';
import { openaiCompatibleSettingsSchema } from '../gateway/providers/openai-compatible/settings.ts';
import { openaiSettingsSchema } from '../gateway/providers/openai/settings.ts';
import type { ProviderKind } from '../gateway/providers/types.ts';
import { AppError } from '../errors.ts';
import { SecretBox } from '../security/secret-box.ts';

/** One problem with an input, named by its path (`providers[2].settings.headers.X-Foo`). */
export interface Problem {
  path: string;
  problem: string;
}

/** A 400 naming every problem (the first one's path as the param). */
export function problemError(problems: readonly Problem[]): AppError {
  const message = problems.map((p) => `${p.path}: ${p.problem}`).join('; ');
  return new AppError('invalid_request', message, { param: problems[0]?.path });
}

/** Each adapter's settings schema, so a bad setting is refused when saved, not on the first request. */
export const PROVIDER_SETTINGS_SCHEMAS: Record<ProviderKind, z.ZodType<Record<string, unknown>>> = {
  openai: openaiSettingsSchema,
  'openai-compatible': openaiCompatibleSettingsSchema,
  anthropic: anthropicSettingsSchema,
  gemini: geminiSettingsSchema,
  mock: mockSettingsSchema,
};

/** Renders a zod issue path in the `a[3].b` style, after `base`. */
export function joinPath(base: string, path: readonly PropertyKey[]): string {
  let out = base;
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

/** Every problem of a failed zod parse, with paths under `base`. */
export function zodProblems(error: z.ZodError, base: string): Problem[] {
  return error.issues.map((issue) => ({ path: joinPath(base, issue.path) || base || 'body', problem: issue.message }));
}

/** Validates settings with the kind's schema: the cleaned settings, or every problem under `base`. */
export function parseProviderSettings(
  kind: ProviderKind,
  settings: unknown,
  base = 'settings',
): { ok: true; settings: Record<string, unknown> } | { ok: false; problems: Problem[] } {
  const parsed = PROVIDER_SETTINGS_SCHEMAS[kind].safeParse(settings ?? {});
  return parsed.success
    ? { ok: true, settings: parsed.data }
    : { ok: false, problems: zodProblems(parsed.error, base) };
}

/** Extra-header names whose values are credentials (an `api-key` header for a bearer-less server). */
const SENSITIVE_HEADER = /(auth|key|token|secret|passw|cookie|session|signature|credential)/i;

function headersOf(settings: Record<string, unknown>): Record<string, string> | null {
  const headers = settings.headers;
  if (!headers || typeof headers !== 'object' || Array.isArray(headers)) return null;
  return headers as Record<string, string>;
}

function mapSensitive(
  settings: Record<string, unknown>,
  fn: (name: string, value: string) => string | undefined,
): Record<string, unknown> {
  const headers = headersOf(settings);
  if (!headers) return settings;
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const next = SENSITIVE_HEADER.test(name) && typeof value === 'string' ? fn(name, value) : value;
    if (next !== undefined) out[name] = next;
  }
  return { ...settings, headers: out };
}

/** Settings as shown to people: credential-like header values masked (`sk-…abcd`). */
export function maskSettings(settings: Record<string, unknown>): Record<string, unknown> {
  return mapSensitive(settings, (_name, value) => SecretBox.masked(value));
}

/** Settings as exported: credential-like headers left out, like the credential itself. */
export function stripSecretSettings(settings: Record<string, unknown>): Record<string, unknown> {
  return mapSensitive(settings, () => undefined);
}

/**
 * New settings for a provider that already has `existing`: a credential-like header sent back
 * masked keeps its stored value; with `keepAbsent` (imports, whose documents leave them out) an
 * absent one is kept too. Everything else is taken as given.
 */
export function restoreSecretSettings(
  next: Record<string, unknown>,
  existing: Record<string, unknown>,
  keepAbsent: boolean,
): Record<string, unknown> {
  const old = headersOf(existing);
  if (!old) return next;
  const incoming = headersOf(next) ?? {};
  const headers: Record<string, string> = { ...incoming };
  for (const [name, value] of Object.entries(old)) {
    if (!SENSITIVE_HEADER.test(name)) continue;
    const given = Object.keys(incoming).find((n) => n.toLowerCase() === name.toLowerCase());
    if (given === undefined) {
      if (keepAbsent) headers[name] = value;
    } else if (incoming[given] === SecretBox.masked(value)) headers[given] = value;
  }
  return Object.keys(headers).length > 0 || headersOf(next) ? { ...next, headers } : next;
}
