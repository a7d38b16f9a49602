import { resolve } from 'node:path';
import type { Config } from '../config.ts';
import type { Gatehouse } from '../main.ts';

/** What `gatehouse start` prints: where it listens, how to sign in, and a curl to try. */
export function startBanner(config: Config, gatehouse: Gatehouse): string {
  const url = gatehouse.url.replace('://0.0.0.0', '://127.0.0.1');
  const database =
    gatehouse.db.engine === 'pglite'
      ? `embedded PostgreSQL (PGlite) in ${resolve(config.DATA_DIR)}`
      : 'PostgreSQL (DATABASE_URL)';
  const lines = [``, `Gatehouse is running at ${url}`, `  database: ${database}`];
  const boot = gatehouse.bootstrap;
  const key = boot ? boot.apiKey : '$GATEHOUSE_KEY';
  if (boot) {
    lines.push(
      ``,
      `First run: created the organization "${boot.orgSlug}" with the built-in mock provider.`,
      `  Owner sign-in (shown once, keep it): ${boot.ownerEmail} / ${boot.ownerPassword}`,
      `  API key (shown once, keep it):      ${boot.apiKey}`,
    );
  } else {
    lines.push(
      ``,
      `Create an API key with:`,
      `  npx gatehouse create-key --org demo --name "my key" --owner-email ${config.BOOTSTRAP_OWNER_EMAIL}`,
      `and export it as GATEHOUSE_KEY.`,
    );
  }
  lines.push(
    ``,
    `Try it:`,
    `  curl ${url}/v1/chat/completions \\`,
    `    -H "Authorization: Bearer ${key}" -H "Content-Type: application/json" \\`,
    `    -d '{"model":"${boot?.model ?? 'mock-1'}","messages":[{"role":"user","content":"Hello, Gatehouse!"}]}'`,
    ``,
  );
  return lines.join('\n');
}
