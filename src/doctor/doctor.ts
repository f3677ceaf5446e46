import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../db/client.ts';
import { CHECKS, type Check } from './checks.ts';

/** Violating rows shown per check; the count is always complete. */
export const SAMPLE_SIZE = 20;

export interface CheckResult {
  id: string;
  description: string;
  symptom?: string;
  ok: boolean;
  violations: number;
  /** Up to SAMPLE_SIZE violating rows, as the check's query returned them. */
  sample: Record<string, unknown>[];
}

export interface DoctorReport {
  ok: boolean;
  checkedAt: string;
  database: 'pglite' | 'postgres';
  checks: CheckResult[];
}

/** Runs every check over the whole database; reads only. */
export async function runDoctor(db: Db, database: DoctorReport['database'], checks: Check[] = CHECKS): Promise<DoctorReport> {
  const results: CheckResult[] = [];
  for (const check of checks) {
    const rows = await queryRows<Record<string, unknown>>(db, sql.raw(check.sql));
    results.push({
      id: check.id,
      description: check.description,
      ...(check.symptom ? { symptom: check.symptom } : {}),
      ok: rows.length === 0,
      violations: rows.length,
      sample: rows.slice(0, SAMPLE_SIZE),
    });
  }
  return { ok: results.every((result) => result.ok), checkedAt: new Date().toISOString(), database, checks: results };
}
