import { describe, expect, it } from 'vitest';
import { detectPii } from './index.ts';

function spans(text: string): string[] {
  return detectPii(text).map((s) => `${s.type}:${s.text}`);
}

describe('EMAIL', () => {
  it('finds plain, plus-addressed, upper-case and internationalised addresses', () => {
    expect(spans('mail anna.schmidt+rechnung@firma-beispiel.de now')).toEqual([
      'EMAIL:anna.schmidt+rechnung@firma-beispiel.de',
    ]);
    expect(spans('<ADMIN@EXAMPLE.COM>')).toEqual(['EMAIL:ADMIN@EXAMPLE.COM']);
    expect(spans('an info@müller-bau.de.')).toEqual(['EMAIL:info@müller-bau.de']);
    expect(spans('mailto:kontakt@kanzlei.example')).toEqual(['EMAIL:kontakt@kanzlei.example']);
  });

  it('finds the common obfuscations', () => {
    expect(spans('schreiben Sie an max.muster (at) beispiel (dot) de')).toEqual([
      'EMAIL:max.muster (at) beispiel (dot) de',
    ]);
    expect(spans('jana[at]firma.de')).toEqual(['EMAIL:jana[at]firma.de']);
  });

  it('ignores handles, incomplete addresses and URL paths', () => {
    expect(spans('ping @team or user@localhost or https://example.com/@news')).toEqual([]);
  });
});

describe('URL_CREDENTIALS', () => {
  it('reports user:password of any scheme, not the host or an e-mail', () => {
    expect(spans('postgres://app:s3cr3t@db.internal:5432/x')).toEqual(['URL_CREDENTIALS:app:s3cr3t']);
    expect(spans('https://deploy:ghp_abc123@git.example.com/repo.git')).toEqual(['URL_CREDENTIALS:deploy:ghp_abc123']);
    expect(spans('redis://:onlypass@cache:6379')).toEqual([]);
  });

  it('ignores URLs with a user but no password', () => {
    expect(spans('ssh://git@github.com/org/repo and https://example.com/a:b')).toEqual([]);
  });
});
