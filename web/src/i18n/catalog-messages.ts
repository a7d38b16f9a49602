// Providers, models and the access matrix, the privacy policy: English texts (the source of the keys) and German.

export const catalogEn = {} as const;

export const catalogDe: Record<keyof typeof catalogEn, string> = {};
