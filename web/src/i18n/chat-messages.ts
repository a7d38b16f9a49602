// Chat: conversations, streaming answers, feedback, export, the quota widget: English texts (the source of the keys) and German.

export const chatEn = {} as const;

export const chatDe: Record<keyof typeof chatEn, string> = {};
