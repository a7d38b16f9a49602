import type { PreviewFinding } from '../../../api/catalog-types.ts';

/** A piece of a previewed text: plain, or a finding the policy acts on. */
export interface TextSegment {
  text: string;
  finding: PreviewFinding | null;
}

/**
 * Cuts `text` into plain pieces and findings, in order, for highlighting. Findings come merged and
 * sorted from the server; one that overlaps an earlier one or lies outside the text is left out,
 * so every character shows exactly once.
 */
export function textSegments(text: string, findings: readonly PreviewFinding[]): TextSegment[] {
  const segments: TextSegment[] = [];
  let at = 0;
  for (const f of [...findings].sort((a, b) => a.start - b.start)) {
    if (f.start < at || f.end > text.length || f.end <= f.start) continue;
    if (f.start > at) segments.push({ text: text.slice(at, f.start), finding: null });
    segments.push({ text: text.slice(f.start, f.end), finding: f });
    at = f.end;
  }
  if (at < text.length) segments.push({ text: text.slice(at), finding: null });
  return segments;
}

/** The name a type is shown by: "E-mail"-style names come from the catalog; custom patterns by their name. */
export function customName(type: string): string | null {
  return type.startsWith('CUSTOM:') ? type.slice(7) : null;
}

/** The allow-list as typed, one entry per line, without blank lines and surrounding spaces. */
export function allowListLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}
