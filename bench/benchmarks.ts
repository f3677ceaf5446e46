import type { Benchmark } from './lib/benchmark.ts';
import { acceptanceBenchmark } from './modules/acceptance.ts';
import { liveUpdatesBenchmark } from './modules/live-updates.ts';
import { callSetupBenchmark } from './modules/call-setup.ts';
import { readPathBenchmark } from './modules/read-path.ts';
import { socketCapacityBenchmark } from './modules/socket-capacity.ts';
import { webWeightBenchmark } from './modules/web-weight.ts';

/** Every benchmark of `npm run bench`, in the order they run. A new area of Accord adds its module here. */
export const BENCHMARKS: Benchmark[] = [
  acceptanceBenchmark(),
  liveUpdatesBenchmark(),
  readPathBenchmark(),
  socketCapacityBenchmark(),
  callSetupBenchmark(),
  webWeightBenchmark(),
];
