import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORRUPTIONS } from '../../test/reliability/corruptions.ts';
import { populate, SETUP_TIMEOUT_MS, usePopulatedApp, type Population } from '../../test/reliability/populate.ts';
import type { TestApp } from '../../test/support/app.ts';
import { createPostgresDatabase, DATABASE_KINDS, TEST_DATABASE_URL } from '../../test/support/databases.ts';
import { openDatabase, type Db } from '../db/client.ts';
import { buildApp } from '../server/app.ts';
import { testConfig } from '../config/config.ts';
import { CHECKS } from './checks.ts';
import { doctorCli, exitCodeFor, EXIT_CANNOT_CHECK, EXIT_OK, EXIT_VIOLATIONS } from './cli.ts';
import { runDoctor, type DoctorReport } from './doctor.ts';
import { formatReport } from './report.ts';

const ROLLED_BACK = new Error('rolled back on purpose');

/** Corrupts the database inside a transaction, runs the doctor in it, and rolls everything back. */
async function doctorAfter(db: Db, corruption: string[], kind: DoctorReport['database']): Promise<DoctorReport> {
  let report: DoctorReport | undefined;
  await db
    .transaction(async (tx) => {
      for (const statement of corruption) await tx.execute(sql.raw(statement));
      report = await runDoctor(tx, kind);
      throw ROLLED_BACK;
    })
    .catch((error: unknown) => {
      if (error !== ROLLED_BACK) throw error;
    });
  return report!;
}

function capture() {
  const io = { stdout: '', stderr: '', out: (text: string) => void (io.stdout += text), err: (text: string) => void (io.stderr += text) };
  return io;
}

const failedIds = (report: DoctorReport) => report.checks.filter((check) => !check.ok).map((check) => check.id);

it('has a corruption test for every check', () => {
  expect(new Set(CORRUPTIONS.map((corruption) => corruption.check))).toEqual(new Set(CHECKS.map((check) => check.id)));
});

describe.each(DATABASE_KINDS)('doctor on %s', (kind) => {
  let t: TestApp;
  let p: Population;
  usePopulatedApp(kind, (app, population) => void ([t, p] = [app, population]));

  it('finds nothing wrong in a database holding every state of the core', async () => {
    const report = await runDoctor(t.database.db, kind);
    expect(failedIds(report)).toEqual([]);
    expect(report.checks.map((check) => check.id)).toEqual(CHECKS.map((check) => check.id));
    expect(exitCodeFor(report)).toBe(EXIT_OK);
    expect(formatReport(report)).toContain('All invariants hold');
  });

  it.each(CORRUPTIONS)('reports $check after $name, and exits non-zero', async ({ check, sql: corrupt }) => {
    const report = await doctorAfter(t.database.db, corrupt(p), kind);
    const result = report.checks.find((candidate) => candidate.id === check)!;
    expect(result.ok).toBe(false);
    expect(result.violations).toBeGreaterThan(0);
    expect(result.sample).toHaveLength(result.violations);
    expect(report.ok).toBe(false);
    expect(exitCodeFor(report)).toBe(EXIT_VIOLATIONS);
    expect(formatReport(report)).toMatch(new RegExp(`FAIL\\s+${check} .*\\(\\d+ violations?\\)`));
  });

  it('is clean again once the corruptions are rolled back', async () => {
    expect(failedIds(await runDoctor(t.database.db, kind))).toEqual([]);
  });
});

describe('npm run doctor against PostgreSQL (DATABASE_URL)', () => {
  let template: { url: string; drop(): Promise<void> };
  let p: Population;
  const admin = () => new pg.Client({ connectionString: TEST_DATABASE_URL });
  const nameOf = (url: string) => new URL(url).pathname.slice(1);

  /** A copy of the populated database, corrupted with `corruption` (committed). */
  async function corruptedCopy(corruption: string[]): Promise<{ url: string; drop(): Promise<void> }> {
    const copy = await createPostgresDatabase();
    const client = admin();
    await client.connect();
    await client.query(`drop database ${nameOf(copy.url)}`);
    await client.query(`create database ${nameOf(copy.url)} template ${nameOf(template.url)}`);
    await client.end();
    const target = new pg.Client({ connectionString: copy.url });
    await target.connect();
    await target.query(`begin; ${corruption.join(';\n')}; commit;`);
    await target.end();
    return copy;
  }

  beforeAll(async () => {
    template = await createPostgresDatabase();
    const database = await openDatabase({ databaseUrl: template.url, dataDir: 'unused', poolSize: 4 });
    const app = await buildApp({ config: testConfig(), database });
    p = await populate({ app, database, config: testConfig(), url: template.url, close: async () => {} });
    await app.close();
    await database.close();
  }, SETUP_TIMEOUT_MS);
  afterAll(() => template?.drop());

  it.each(CORRUPTIONS)('exits 1 and names $check after $name', async ({ check, sql: corrupt }) => {
    const copy = await corruptedCopy(corrupt(p));
    try {
      const io = capture();
      expect(await doctorCli(['--json'], { DATABASE_URL: copy.url, LOG_LEVEL: 'silent' }, io)).toBe(EXIT_VIOLATIONS);
      const report = JSON.parse(io.stdout) as DoctorReport;
      expect(report.ok).toBe(false);
      expect(failedIds(report)).toContain(check);
    } finally {
      await copy.drop();
    }
  });

  it('runs as `npm run doctor`: exit 0 when clean, 1 with the seed’s symptom named when two sessions share a demande', { timeout: 240_000 }, async () => {
    const run = (url: string, args: string[] = []) =>
      new Promise<{ code: number | null; stdout: string }>((resolve, reject) => {
        const child = spawn('npm', ['run', '--silent', 'doctor', '--', ...args], { env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'silent' } });
        let stdout = '';
        child.stdout.on('data', (chunk) => (stdout += chunk));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stdout }));
      });
    const clean = await run(template.url);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain('All invariants hold');

    const twoCalls = CORRUPTIONS.find((corruption) => corruption.check === 'demande_one_session')!;
    const copy = await corruptedCopy(twoCalls.sql(p));
    try {
      const broken = await run(copy.url);
      expect(broken.code).toBe(1);
      expect(broken.stdout).toMatch(/FAIL\s+demande_one_session .*\n\s+answers: two people in two different calls/);
      expect(broken.stdout).toContain(p.acceptedDemandeId);
      const json = await run(copy.url, ['--json']);
      expect(json.code).toBe(1);
      expect(failedIds(JSON.parse(json.stdout))).toContain('demande_one_session');
    } finally {
      await copy.drop();
    }
  });
});

describe('npm run doctor against the embedded database (ACCORD_DATA_DIR)', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'accord-doctor-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  // Opens a PGlite data folder six times: slow on a busy machine.
  it('exits 0 on a clean data folder, 1 once corrupted, 2 when the folder is in use or does not exist', { timeout: 240_000 }, async () => {
    const database = await openDatabase({ dataDir });
    const app = await buildApp({ config: testConfig(), database });
    const p = await populate({ app, database, config: testConfig(), url: undefined, close: async () => {} });
    await app.close();
    await database.close();
    const env = { ACCORD_DATA_DIR: dataDir, LOG_LEVEL: 'silent' as const };

    expect(await doctorCli([], env, capture())).toBe(EXIT_OK);

    const corrupted = await openDatabase({ dataDir });
    for (const statement of CORRUPTIONS.find((c) => c.check === 'call_id_derived_from_offre')!.sql(p)) {
      await corrupted.db.execute(sql.raw(statement));
    }
    await corrupted.close();
    const io = capture();
    expect(await doctorCli([], env, io)).toBe(EXIT_VIOLATIONS);
    expect(io.stdout).toMatch(/FAIL\s+call_id_derived_from_offre .*\n.*answers: two people in two different calls/);
    expect(io.stdout).toContain('call_jy71random');

    const database2 = await openDatabase({ dataDir });
    const inUse = capture();
    expect(await doctorCli([], env, inUse)).toBe(EXIT_CANNOT_CHECK);
    expect(inUse.stderr).toContain('stop the server first');
    await database2.close();
    // A crashed server leaves its postmaster.pid behind: --force checks anyway.
    writeFileSync(join(dataDir, 'postmaster.pid'), '-42\n');
    expect(await doctorCli([], env, capture())).toBe(EXIT_CANNOT_CHECK);
    expect(await doctorCli(['--force'], env, capture())).toBe(EXIT_VIOLATIONS);

    const missing = capture();
    expect(await doctorCli([], { ACCORD_DATA_DIR: join(dataDir, 'nope') }, missing)).toBe(EXIT_CANNOT_CHECK);
    expect(missing.stderr).toContain('does not exist');
  });
});
