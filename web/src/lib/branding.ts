import type { Branding } from '../api/types.ts';

const HEX = /^#[0-9a-fA-F]{6}$/;

/** Relative luminance of a #rrggbb colour (WCAG 2). */
export function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** WCAG contrast ratio of two #rrggbb colours (1–21). */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** Black or white, whichever reads better on `background`. */
export function readableOn(background: string): '#000000' | '#ffffff' {
  return contrast(background, '#ffffff') >= contrast(background, '#000000') ? '#ffffff' : '#000000';
}

/**
 * CSS custom properties for an org's branding: the primary colour fills buttons and the active
 * navigation entry (with black or white text, whichever contrasts more), the accent colour marks
 * focus rings and progress bars. Invalid colours are ignored, so the theme defaults stay.
 */
export function brandingVariables(branding: Branding | undefined): Record<string, string> {
  const vars: Record<string, string> = {};
  if (branding?.primaryColor && HEX.test(branding.primaryColor)) {
    vars['--brand'] = branding.primaryColor;
    vars['--brand-contrast'] = readableOn(branding.primaryColor);
  }
  if (branding?.accentColor && HEX.test(branding.accentColor)) vars['--accent'] = branding.accentColor;
  return vars;
}

/** The logo to show: only https URLs (never javascript: or data: from settings; the CSP allows https: images). */
export function safeLogoUrl(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}
