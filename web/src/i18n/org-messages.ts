// Departments, keys, org settings and branding, people actions: English texts (the source of the keys) and German.

export const orgEn = {} as const;

export const orgDe: Record<keyof typeof orgEn, string> = {};
