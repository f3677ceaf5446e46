import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { openDatabase } from '../db/client.ts';
import { loadConfig } from '../server/config.ts';
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
 * `npm run doctor [-- --json]`: opens the database exactly as the server does (DATABASE_URL, or the
 * embedded ACCORD_DATA_DIR), checks every invariant, prints the report. The exit code says whether
 * something is wrong (1) or could not be checked (2).
 */
export async function doctorCli(argv: string[], env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  const json = argv.includes('--json');
  let database;
  try {
    const config = loadConfig(env);
    const dataDir = resolve(config.ACCORD_DATA_DIR);
    // An embedded database that does not exist would be created empty and pass every check.
    if (!config.DATABASE_URL && !existsSync(dataDir)) throw new Error(`No database: ACCORD_DATA_DIR ${dataDir} does not exist and DATABASE_URL is not set.`);
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
