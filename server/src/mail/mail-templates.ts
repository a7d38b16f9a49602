import type { Role } from '../identity/user-creator.ts';

/** The languages mail is written in. */
export type MailLanguage = 'en' | 'de';

const LANGUAGES: readonly MailLanguage[] = ['en', 'de'];

/** A rendered message: subject, plain text and simple HTML carrying the same words. */
export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/**
 * The first supported language among the candidates: an explicit choice or an org setting
 * ("de", "en-GB") or an Accept-Language header ("de-DE,de;q=0.9,en;q=0.8", by q-value).
 * English when none matches.
 */
export function pickLanguage(...candidates: Array<string | null | undefined>): MailLanguage {
  for (const candidate of candidates) {
    if (!candidate) continue;
    const ranked = candidate
      .split(',')
      .map((part, index) => {
        const [tag = '', ...params] = part.trim().split(';');
        const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
        return { lang: tag.trim().toLowerCase().split('-')[0] ?? '', q: q === undefined ? 1 : Number(q), index };
      })
      .filter((r) => r.q > 0)
      .sort((a, b) => b.q - a.q || a.index - b.index);
    const found = ranked.find((r) => (LANGUAGES as readonly string[]).includes(r.lang));
    if (found) return found.lang as MailLanguage;
  }
  return 'en';
}

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

type Block = { p: string } | { link: string; label: string };

function render(subject: string, blocks: Block[]): RenderedMail {
  const text = blocks.map((b) => ('p' in b ? b.p : `${b.label}:\n${b.link}`)).join('\n\n') + '\n';
  const body = blocks
    .map((b) =>
      'p' in b
        ? `<p>${escapeHtml(b.p).replace(/\n/g, '<br>')}</p>`
        : `<p><a href="${escapeHtml(b.link)}" style="display:inline-block;padding:10px 18px;background:#1f4fd1;color:#fff;border-radius:6px;text-decoration:none">${escapeHtml(b.label)}</a></p>\n<p style="font-size:12px;color:#555">${escapeHtml(b.link)}</p>`,
    )
    .join('\n');
  const html = `<!doctype html>\n<html><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#111;max-width:560px">\n${body}\n</body></html>\n`;
  return { subject, text, html };
}

const ROLE_NAMES: Record<MailLanguage, Record<Role, string>> = {
  en: { owner: 'owner', admin: 'administrator', manager: 'manager', member: 'member', viewer: 'viewer' },
  de: { owner: 'Inhaber', admin: 'Administrator', manager: 'Manager', member: 'Mitglied', viewer: 'Betrachter' },
};

function formatDate(date: Date, language: MailLanguage, timeZone: string): string {
  const fmt = (zone: string) =>
    new Intl.DateTimeFormat(language === 'de' ? 'de-DE' : 'en-GB', {
      year: 'numeric',
      month: 'long',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZoneName: 'short',
      timeZone: zone,
    }).format(date);
  try {
    return fmt(timeZone);
  } catch {
    return fmt('UTC');
  }
}

/** What an invitation mail says. */
export interface InvitationMailInput {
  language: MailLanguage;
  orgName: string;
  inviterName: string | null;
  role: Role;
  acceptUrl: string;
  expiresAt: Date;
  /** The org's time zone for the expiry date (IANA name); UTC when unknown. */
  timeZone?: string;
}

/** The invitation mail, in English or German, with the single-use accept link. */
export function invitationMail(input: InvitationMailInput): RenderedMail {
  const role = ROLE_NAMES[input.language][input.role];
  const expires = formatDate(input.expiresAt, input.language, input.timeZone ?? 'UTC');
  if (input.language === 'de')
    return render(`Einladung zu ${input.orgName} in Gatehouse`, [
      { p: 'Hallo,' },
      {
        p: `${input.inviterName ? `${input.inviterName} hat Sie` : 'Sie wurden'} eingeladen, ${input.orgName} in Gatehouse als ${role} beizutreten.`,
      },
      { link: input.acceptUrl, label: 'Einladung annehmen und Passwort wählen' },
      { p: `Der Link gilt nur einmal und läuft am ${expires} ab.` },
      { p: 'Wenn Sie diese Einladung nicht erwartet haben, können Sie diese E-Mail ignorieren.' },
    ]);
  return render(`You are invited to ${input.orgName} on Gatehouse`, [
    { p: 'Hello,' },
    {
      p: `${input.inviterName ? `${input.inviterName} invited you` : 'You are invited'} to join ${input.orgName} on Gatehouse as ${role}.`,
    },
    { link: input.acceptUrl, label: 'Accept the invitation and choose a password' },
    { p: `The link works once and expires on ${expires}.` },
    { p: 'If you did not expect this invitation, you can ignore this e-mail.' },
  ]);
}

/** What a password-reset mail says. */
export interface PasswordResetMailInput {
  language: MailLanguage;
  email: string;
  resetUrl: string;
  expiresInMinutes: number;
}

/** The password-reset mail, in English or German, with the single-use reset link. */
export function passwordResetMail(input: PasswordResetMailInput): RenderedMail {
  if (input.language === 'de')
    return render('Gatehouse-Passwort zurücksetzen', [
      { p: 'Hallo,' },
      {
        p: `jemand (hoffentlich Sie) möchte das Passwort des Gatehouse-Kontos ${input.email} zurücksetzen.`,
      },
      { link: input.resetUrl, label: 'Neues Passwort wählen' },
      {
        p: `Der Link gilt nur einmal und läuft in ${input.expiresInMinutes} Minuten ab. Mit dem neuen Passwort werden Sie überall abgemeldet.`,
      },
      { p: 'Wenn Sie das nicht angefordert haben, ignorieren Sie diese E-Mail: Ihr Passwort bleibt unverändert.' },
    ]);
  return render('Reset your Gatehouse password', [
    { p: 'Hello,' },
    { p: `someone (hopefully you) asked to reset the password of the Gatehouse account ${input.email}.` },
    { link: input.resetUrl, label: 'Choose a new password' },
    {
      p: `The link works once and expires in ${input.expiresInMinutes} minutes. Setting a new password signs you out everywhere.`,
    },
    { p: 'If you did not ask for this, ignore this e-mail: your password stays as it is.' },
  ]);
}

/** Whom a budget limits, for an alert mail. */
export type AlertScope =
  | { type: 'org' }
  | { type: 'department' | 'user' | 'key'; name: string }
  /** The budget is gone: the label written with the alert. */
  | { type: 'label'; label: string };

/** What a metering alert mail says: a budget crossed a threshold, or the credits ran low. */
export type MeteringAlertMailInput = { language: MailLanguage; orgName: string; consoleUrl: string | null } & (
  | {
      kind: 'budget_threshold';
      scope: AlertScope;
      /** The budget's metric and period, its limit and the level reached (formatted amounts). */
      metric: 'cost' | 'tokens' | 'requests';
      period: 'day' | 'week' | 'month' | 'total';
      threshold: number;
      used: string;
      limit: string;
    }
  | { kind: 'low_balance'; balance: string; threshold: string }
);

const METRIC_WORDS: Record<MailLanguage, Record<'cost' | 'tokens' | 'requests', string>> = {
  en: { cost: 'spend', tokens: 'token', requests: 'request' },
  de: { cost: 'Kosten', tokens: 'Token', requests: 'Anfragen' },
};
const PERIOD_NAMES: Record<MailLanguage, Record<'day' | 'week' | 'month' | 'total', string>> = {
  en: { day: 'daily', week: 'weekly', month: 'monthly', total: 'total' },
  de: { day: 'Tages', week: 'Wochen', month: 'Monats', total: 'Gesamt' },
};

function scopeText(scope: AlertScope, orgName: string, language: MailLanguage): string {
  if (scope.type === 'label') return scope.label;
  const de = language === 'de';
  if (scope.type === 'org') return de ? `der Organisation ${orgName}` : `the organization ${orgName}`;
  if (scope.type === 'department') return de ? `der Abteilung „${scope.name}“` : `the department "${scope.name}"`;
  if (scope.type === 'user') return de ? `von ${scope.name}` : `${scope.name}`;
  return de ? `des API-Schlüssels „${scope.name}“` : `the API key "${scope.name}"`;
}

/** A metering alert for the org's admins, in English or German, with a link to the console. */
export function meteringAlertMail(input: MeteringAlertMailInput): RenderedMail {
  const de = input.language === 'de';
  const link: Block[] = input.consoleUrl
    ? [{ link: input.consoleUrl, label: de ? 'In Gatehouse ansehen' : 'Open in Gatehouse' }]
    : [];
  if (input.kind === 'low_balance')
    return de
      ? render(`${input.orgName}: Guthaben fast aufgebraucht`, [
          { p: 'Hallo,' },
          {
            p: `das Guthaben von ${input.orgName} in Gatehouse beträgt noch ${input.balance} und liegt damit unter der Warnschwelle von ${input.threshold}. Ohne Guthaben werden Anfragen abgelehnt.`,
          },
          ...link,
        ])
      : render(`${input.orgName}: credits running low`, [
          { p: 'Hello,' },
          {
            p: `${input.orgName} has ${input.balance} of credits left in Gatehouse, below the alert threshold of ${input.threshold}. Requests are refused when the credits run out.`,
          },
          ...link,
        ]);
  const scope = scopeText(input.scope, input.orgName, input.language);
  const budget = de
    ? `${PERIOD_NAMES.de[input.period]}budget (${METRIC_WORDS.de[input.metric]}) ${scope}`
    : `${PERIOD_NAMES.en[input.period]} ${METRIC_WORDS.en[input.metric]} budget of ${scope}`;
  return de
    ? render(`${input.orgName}: ${input.threshold} % eines Budgets erreicht`, [
        { p: 'Hallo,' },
        {
          p: `das ${budget} hat ${input.threshold} % erreicht: ${input.used} von ${input.limit} verbraucht. Bei 100 % werden weitere Anfragen abgelehnt.`,
        },
        ...link,
      ])
    : render(`${input.orgName}: a budget reached ${input.threshold}%`, [
        { p: 'Hello,' },
        {
          p: `The ${budget} has reached ${input.threshold}%: ${input.used} of ${input.limit} used. At 100% further requests are refused.`,
        },
        ...link,
      ]);
}
