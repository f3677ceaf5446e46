import { z } from 'zod';

const schema = z.object({
  /** The PostgreSQL server to run on; the run creates a database of its own there and drops it. */
  BENCH_DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).default('postgres://postgres@127.0.0.1:5432/postgres'),
  BENCH_REPETITIONS: z.coerce.number().int().min(3).max(50).default(5),
  /** Each server's pool and each floor's pool: the same for both sides of a comparison. */
  BENCH_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(20),
  /** Comma-separated benchmark names (or parts of them) to run; all when empty. */
  BENCH_ONLY: z.string().default(''),
  /** Writes V8 CPU profiles of the Accord server processes to bench/profiles/. */
  BENCH_PROFILE: z.stringbool().default(false),
});

export type BenchConfig = z.infer<typeof schema>;

export function loadBenchConfig(env: NodeJS.ProcessEnv = process.env): BenchConfig {
  const result = schema.safeParse(env);
  if (!result.success) {
    throw new Error(`Invalid bench configuration:\n${result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  }
  return result.data;
}
