// Dashboard and usage log: English texts (the source of the keys) and German.

export const insightsEn = {} as const;

export const insightsDe: Record<keyof typeof insightsEn, string> = {};
