import type { ProviderKind } from '../../../api/catalog-types.ts';

/** The settings fields of a provider form, as typed (strings and one flag); which apply depends on the kind. */
export interface SettingsForm {
  organization: string;
  project: string;
  version: string;
  defaultMaxTokens: string;
  streamUsage: boolean;
  headers: string;
  text: string;
  ttftMs: string;
  chunks: string;
}

/** The settings fields each kind has (the server's settings schema of that kind). */
export const KIND_FIELDS: Record<ProviderKind, ReadonlyArray<keyof SettingsForm>> = {
  openai: ['organization', 'project', 'headers'],
  'openai-compatible': ['streamUsage', 'headers'],
  anthropic: ['version', 'defaultMaxTokens', 'headers'],
  gemini: ['headers'],
  mock: ['text', 'ttftMs', 'chunks'],
};

/** Whether a kind needs a base URL (openai-compatible has no vendor default) or has none to set (mock). */
export const BASE_URL: Record<ProviderKind, 'required' | 'optional' | 'none'> = {
  openai: 'optional',
  'openai-compatible': 'required',
  anthropic: 'optional',
  gemini: 'optional',
  mock: 'none',
};

const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

/** A provider's stored settings as form fields (extra headers one "Name: value" per line). */
export function settingsForm(settings: Record<string, unknown>): SettingsForm {
  const headers = settings.headers && typeof settings.headers === 'object' ? settings.headers : {};
  return {
    organization: str(settings.organization),
    project: str(settings.project),
    version: str(settings.version),
    defaultMaxTokens: str(settings.defaultMaxTokens),
    streamUsage: settings.streamUsage !== false,
    headers: Object.entries(headers)
      .map(([name, value]) => `${name}: ${str(value)}`)
      .join('\n'),
    text: str(settings.text),
    ttftMs: str(settings.ttftMs),
    chunks: str(settings.chunks),
  };
}

/** A problem with a settings field before sending: the field and what is wrong. */
export interface SettingsProblem {
  field: keyof SettingsForm;
  problem: 'headerLine' | 'wholeNumber';
}

/**
 * The settings object of a kind from the form: only that kind's fields, empty ones left out (the
 * adapter's default applies), numbers as numbers. Problems the browser can see are named per field;
 * the rest (a reserved header, a value out of range) the server names.
 */
export function settingsFromForm(
  kind: ProviderKind,
  form: SettingsForm,
): { settings: Record<string, unknown>; problems: SettingsProblem[] } {
  const settings: Record<string, unknown> = {};
  const problems: SettingsProblem[] = [];
  for (const field of KIND_FIELDS[kind]) {
    if (field === 'streamUsage') {
      if (!form.streamUsage) settings.streamUsage = false;
    } else if (field === 'headers') {
      const headers: Record<string, string> = {};
      for (const line of form.headers.split('\n')) {
        if (line.trim() === '') continue;
        const colon = line.indexOf(':');
        if (colon <= 0) problems.push({ field, problem: 'headerLine' });
        else headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
      }
      if (Object.keys(headers).length > 0) settings.headers = headers;
    } else {
      const value = form[field].trim();
      if (value === '') continue;
      if (field === 'defaultMaxTokens' || field === 'ttftMs' || field === 'chunks') {
        if (/^\d+$/.test(value)) settings[field] = Number(value);
        else problems.push({ field, problem: 'wholeNumber' });
      } else settings[field] = value;
    }
  }
  return { settings, problems: problems.filter((p, i) => problems.findIndex((q) => q.field === p.field) === i) };
}
