import os from 'node:os';

export interface Machine {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  node: string;
  postgres: string;
  /** 1-minute load average when the run started: other work sharing the machine shows here. */
  loadAverageAtStart: number;
  date: string;
}

export function describeMachine(postgres: string): Machine {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    postgres,
    loadAverageAtStart: Math.round(os.loadavg()[0]! * 100) / 100,
    date: new Date().toISOString(),
  };
}
