import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../db/database.ts';
import type { Gatehouse } from '../main.ts';
import { startTestGatehouse } from '../../test/gatehouse.ts';
import { TEST_MASTER_KEY } from '../../test/helpers.ts';
import { inject } from 'vitest';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../bin/gatehouse.mjs', import.meta.url));

/** Runs the real `gatehouse` command against the test database; resolves with its output. */
async function gatehouse(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      env: {
        ...process.env,
        DATABASE_URL: inject('databaseUrl'),
        MASTER_KEY: TEST_MASTER_KEY,
        LOG_LEVEL: 'warn',
        ...env,
      },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('the gatehouse CLI', () => {
  let gh: Gatehouse;
  const slug = `cli-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    gh = await startTestGatehouse();
  });
  afterAll(() => gh.stop());

  it('sets up an org, a provider, a model and a key that then works against the gateway', async () => {
    expect((await gatehouse(['create-org', '--slug', slug, '--name', 'CLI GmbH'])).stdout).toMatch(
      /Created organization/,
    );
    expect((await gatehouse(['create-department', '--org', slug, '--name', 'Legal'])).code).toBe(0);
    const email = `${slug}@example.com`;
    expect(
      (await gatehouse(['create-user', '--org', slug, '--email', email, '--role', 'admin', '--department', 'Legal']))
        .code,
    ).toBe(0);
    expect((await gatehouse(['create-provider', '--org', slug, '--name', 'Mock', '--kind', 'mock'])).code).toBe(0);
    const model = await gatehouse([
      'create-model',
      '--org',
      slug,
      '--alias',
      'cli-model',
      '--provider',
      'mock',
      '--upstream',
      'mock-1',
      '--price-input',
      '0.15',
      '--price-output',
      '0.6',
    ]);
    expect(model.stdout).toMatch(/Created model cli-model/);
    const key = await gatehouse([
      'create-key',
      '--org',
      slug,
      '--name',
      'cli key',
      '--owner-email',
      email,
      '--models',
      'cli-model',
    ]);
    const secret = key.stdout.trim().split('\n').at(-1)!;
    expect(secret).toMatch(/^gh_live_[0-9A-Za-z]{43}$/);

    const res = await fetch(`${gh.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'cli-model', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(res.status).toBe(200);
  });

  it('creates, lists and deletes budgets and grants credits, with exact decimal amounts, audited as the system', async () => {
    const cli = (line: string, ...more: string[]) => gatehouse([...line.split(' '), ...more]);
    const created = await cli(
      `budget create --org ${slug} --scope department:Legal --metric cost --period month --limit 200.10 --name`,
      'Legal monthly',
    );
    expect(created.stderr).toBe('');
    const id = /Created budget ([0-9a-f-]{36}) /.exec(created.stdout)![1]!;
    expect(created.stdout).toMatch(/department:[0-9a-f-]{36} {2}month cost ≤ 200\.10 USD {2}"Legal monthly"/);
    const byUser = await cli(
      `budget create --org ${slug} --scope user:${slug}@example.com --metric requests --period day --limit 1000 --thresholds 90,50`,
    );
    expect(byUser.code).toBe(0);
    const list = await cli(`budget list --org ${slug}`);
    expect(list.stdout).toContain(`${id}  department:`);
    expect(list.stdout).toMatch(/user:[0-9a-f-]{36} {2}day requests ≤ 1000 requests/);
    const dup = await cli(
      `budget create --org ${slug} --scope department:Legal --metric cost --period month --limit 1`,
    );
    expect(dup.code).toBe(1);
    expect(dup.stderr).toMatch(/already exists/);
    const badAmount = await cli(`budget create --org ${slug} --scope org --metric cost --period day --limit 1.0000001`);
    expect(badAmount.stderr).toMatch(/--limit: not an amount/);
    const badScope = await cli(`budget create --org ${slug} --scope team:x --metric cost --period day --limit 1`);
    expect(badScope.stderr).toMatch(/--scope: /);
    expect((await cli(`budget delete ${id}`)).stdout).toMatch(`Deleted budget ${id}.`);
    expect((await cli(`budget list --org ${slug}`)).stdout).not.toContain(id);

    const welcome = `credits grant --org ${slug} --amount 0.29 --reason welcome --idempotency-key welcome-1`;
    expect((await cli(welcome)).stdout).toMatch(/Recorded grant of 0\.29 USD/);
    expect((await cli(welcome)).stdout).toMatch(/Already recorded: grant of 0\.29 USD .*nothing added/);
    expect((await cli(`credits grant --org ${slug} --amount 50.000001 --reason top-up --type purchase`)).code).toBe(0);
    const below = await cli(`credits grant --org ${slug} --amount -60 --reason oops --type adjustment`);
    expect(below.code).toBe(1);
    expect(below.stderr).toMatch(/balance is 50290001 micro-units/);
    const balance = await cli(`credits balance --org ${slug}`);
    expect(balance.stdout).toMatch(/^Balance: 50\.290001 USD$/m);
    expect(balance.stdout).toMatch(/^Enforced: no$/m);

    const db = await Database.open({ url: inject('databaseUrl'), poolSize: 1 });
    try {
      const [org] = (await db.withSystem((tx) => tx.execute(sql`select id from organizations where slug = ${slug}`)))
        .rows as Array<{ id: string }>;
      const events = (
        await db.withOrg(org!.id, (tx) =>
          tx.execute(sql`select action, actor_type, user_agent from audit_events
                          where action like 'budget.%' or action like 'credits.%' order by seq`),
        )
      ).rows;
      const cliEvent = (action: string) => ({ action, actor_type: 'system', user_agent: 'gatehouse-cli' });
      expect(events).toEqual(
        ['budget.create', 'budget.create', 'budget.delete', 'credits.grant', 'credits.purchase'].map(cliEvent),
      );
      const entries = await db.withOrg(org!.id, (tx) =>
        tx.execute(sql`select amount_micros, actor_user_id from credit_ledger where idempotency_key = 'welcome-1'`),
      );
      expect(entries.rows).toEqual([{ amount_micros: '290000', actor_user_id: null }]);
    } finally {
      await db.close();
    }
  }, 60_000);

  it('verifies audit chains', async () => {
    const ok = await gatehouse(['audit', 'verify', '--org', slug]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(new RegExp(`^${slug}: intact \\(\\d+ events\\)$`, 'm'));
    const unknown = await gatehouse(['audit', 'verify', '--org', 'no-such-org-xyz']);
    expect(unknown.code).toBe(1);
  });

  it('scans JSON lines for personal data (pii scan)', async () => {
    const child = execFile(process.execPath, [BIN, 'pii', 'scan']);
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d));
    child.stdin!.end(
      '{"id":"a","text":"Überweisung an DE89370400440532013000, Rückfragen: max@example.com"}\nnot json\n{"id":"b","text":"Keine Daten."}\n',
    );
    await new Promise((r) => child.on('close', r));
    const lines = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string | null; entities?: Array<{ type: string }>; error?: string });
    expect(lines[0]!.id).toBe('a');
    expect(lines[0]!.entities!.map((e) => e.type)).toEqual(['IBAN', 'EMAIL']);
    expect(lines[1]).toMatchObject({ id: null, error: expect.stringMatching(/^line 2: /) });
    expect(lines[2]).toEqual({ id: 'b', entities: [] });
  });

  it('explains bad input instead of failing silently', async () => {
    const unknown = await gatehouse([
      'create-key',
      '--org',
      'no-such-org-xyz',
      '--name',
      'k',
      '--owner-email',
      'a@b.example',
    ]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/--org: no organization with the slug "no-such-org-xyz"/);
    const kind = await gatehouse(['create-provider', '--org', slug, '--name', 'x', '--kind', 'skynet']);
    expect(kind.stderr).toMatch(/--kind: must be one of openai, openai-compatible, anthropic, gemini, mock/);
    const missing = await gatehouse(['create-org', '--name', 'No slug']);
    expect(missing.stderr).toMatch(/--slug is required/);
  });

  it('refuses to start on a bad configuration, naming every wrong variable', async () => {
    const bad = await gatehouse(['start'], { PORT: 'eighty', USAGE_DURABILITY: 'sometimes' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/PORT="eighty"/);
    expect(bad.stderr).toMatch(/USAGE_DURABILITY="sometimes"/);
  });
});
