import type { Benchmark } from './lib/benchmark.ts';
import { acceptanceBenchmark } from './modules/acceptance.ts';
import { readPathBenchmark } from './modules/read-path.ts';

/** Every benchmark of `npm run bench`, in the order they run. A new area of Accord adds its module here. */
export const BENCHMARKS: Benchmark[] = [acceptanceBenchmark(), readPathBenchmark()];
