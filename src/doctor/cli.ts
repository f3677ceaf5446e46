import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openDatabase } from '../db/client.ts';
import { loadConfig } from '../config/config.ts';
import { runDoctor, type DoctorReport } from './doctor.ts';
import { formatReport } from './report.ts';

export const EXIT_OK = 0;
export const EXIT_VIOLATIONS = 1;
export const EXIT_CANNOT_CHECK = 2;

export const exitCodeFor = (report: DoctorReport) => (report.ok ? EXIT_OK : EXIT_VIOLATIONS);

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

/**
 * `npm run doctor [-- --json] [-- --force]`: opens the database exactly as the server does (DATABASE_URL, or the
 * embedded ACCORD_DATA_DIR), checks every invariant, prints the report. The exit code says whether
 * something is wrong (1) or could not be checked (2).
 */
export async function doctorCli(argv: string[], env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  const json = argv.includes('--json');
  let database;
  try {
    const config = loadConfig(env);
    const dataDir = resolve(config.ACCORD_DATA_DIR);
    if (!config.DATABASE_URL) assertEmbeddedDatabaseFree(dataDir, argv.includes('--force'));
    database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir, poolSize: 2 });
  } catch (error) {
    io.err(`doctor: cannot open the database: ${(error as Error).message}\n`);
    return EXIT_CANNOT_CHECK;
  }
  try {
    const report = await runDoctor(database.db, database.kind);
    io.out(json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
    return exitCodeFor(report);
  } catch (error) {
    io.err(`doctor: a check could not run: ${(error as Error).message}\n`);
    return EXIT_CANNOT_CHECK;
  } finally {
    await database.close();
  }
}

function assertEmbeddedDatabaseFree(dataDir: string, force: boolean): void {
  // An embedded database that does not exist would be created empty and pass every check.
  if (!existsSync(dataDir)) throw new Error(`ACCORD_DATA_DIR ${dataDir} does not exist and DATABASE_URL is not set.`);
  // PGlite has one user at a time and does not lock its folder: opening it beside a running server
  // could damage it. Its postmaster.pid stays behind after a crash, hence --force.
  if (existsSync(join(dataDir, 'postmaster.pid')) && !force) {
    throw new Error(`the embedded database in ${dataDir} is in use (postmaster.pid): stop the server first. If no server runs (it crashed), run again with --force.`);
  }
}
