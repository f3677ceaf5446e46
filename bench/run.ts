import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { BENCHMARKS } from './benchmarks.ts';
import { loadBenchConfig } from './config.ts';
import type { BenchContext } from './lib/benchmark.ts';
import { createBenchDatabase } from './lib/bench-database.ts';
import type { Figure } from './lib/figures.ts';
import { describeMachine } from './lib/machine.ts';
import { stopAllServers } from './lib/processes.ts';
import { formatTable } from './lib/report.ts';

const RESULTS_PATH = fileURLToPath(new URL('./results.json', import.meta.url));
const PROFILE_DIR = fileURLToPath(new URL('./profiles/', import.meta.url));

/** Timings to four significant digits: the rest is noise, and it keeps the file readable. */
const fourDigits = (_key: string, value: unknown) => (typeof value === 'number' && !Number.isInteger(value) ? Number(value.toPrecision(4)) : value);

async function main(): Promise<void> {
  const config = loadBenchConfig();
  const wanted = config.BENCH_ONLY.split(',').map((s) => s.trim()).filter(Boolean);
  const benchmarks = BENCHMARKS.filter(({ name }) => wanted.length === 0 || wanted.some((w) => name.includes(w)));
  const database = await createBenchDatabase(config.BENCH_DATABASE_URL);
  // Ctrl-C still drops the database and stops the servers. The drop ends every connection to it,
  // those of requests still in flight included: their errors are expected from then on.
  const interrupted = () => {
    process.on('uncaughtException', () => {});
    void database.drop().finally(stopAllServers).finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    const machine = describeMachine(database.serverVersion);
    if (config.BENCH_PROFILE) mkdirSync(PROFILE_DIR, { recursive: true });
    const ctx: BenchContext = {
      databaseUrl: database.url,
      repetitions: config.BENCH_REPETITIONS,
      poolSize: config.BENCH_POOL_SIZE,
      profileDir: config.BENCH_PROFILE ? PROFILE_DIR : undefined,
      log: (message) => console.error(`  ${message}`),
    };
    const figures: Figure[] = [];
    const details: Record<string, unknown> = {};
    const started = performance.now();
    for (const benchmark of benchmarks) {
      console.error(`${benchmark.name}…`);
      const benchmarkStarted = performance.now();
      const outcome = await benchmark.run(ctx);
      const seconds = Math.round((performance.now() - benchmarkStarted) / 1000);
      console.error(`  done in ${seconds} s`);
      figures.push(...outcome.figures);
      details[benchmark.name] = { seconds, ...outcome.details };
    }
    const settings = {
      repetitions: ctx.repetitions,
      poolSize: ctx.poolSize,
      seconds: Math.round((performance.now() - started) / 1000),
      loadAverageAtEnd: Math.round(loadavg()[0]! * 100) / 100,
    };
    console.log(`\n${formatTable(figures, machine, ctx.repetitions)}\n`);
    // A partial run must not replace the record of a whole one.
    if (wanted.length > 0) return console.error(`partial run (BENCH_ONLY): results.json left as it was (${settings.seconds} s)`);
    writeFileSync(RESULTS_PATH, `${JSON.stringify({ machine, settings, figures, details }, fourDigits, 2)}\n`);
    console.error(`results written to bench/results.json (${settings.seconds} s)`);
  } finally {
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
