// Budgets, credits, the audit log and the platform operator pages: English texts (the source of the keys) and German.

export const moneyEn = {} as const;

export const moneyDe: Record<keyof typeof moneyEn, string> = {};
