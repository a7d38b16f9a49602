/** An ILIKE pattern that finds `text` anywhere, its `%`, `_` and `\` matching themselves (a search box, not wildcards). */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
