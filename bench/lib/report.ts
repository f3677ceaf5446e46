import { isMeasured, pairedRatio, type Figure, type Stat } from './figures.ts';
import type { Machine } from './machine.ts';

function round(value: number): string {
  if (Number.isInteger(value) || Math.abs(value) >= 100) return value.toFixed(0);
  return value.toFixed(Math.abs(value) >= 10 ? 1 : 2);
}
const formatStat = (stat: Stat) => `${round(stat.median)} (${round(stat.min)}–${round(stat.max)})`;

function ratio(figure: Figure): string {
  if (!figure.floor || !isMeasured(figure.accord) || figure.floor.min === 0) return '';
  return `${pairedRatio(figure.accord, figure.floor).toFixed(2)}×`;
}

function row(figure: Figure): string[] {
  const accord = isMeasured(figure.accord) ? formatStat(figure.accord) : `not measured yet (needs ${figure.accord.notMeasuredYet})`;
  return [figure.label, figure.unit, accord, figure.floor ? formatStat(figure.floor) : '', ratio(figure), targetText(figure)];
}

function targetText({ target }: Figure): string {
  if (!target) return '';
  const verdict = target.met === undefined ? '' : target.met ? ': met' : ': MISSED';
  return `${target.text}${verdict}${target.reference ? ` [${target.reference}]` : ''}`;
}

/** The run as a plain-text table: median (min–max) over repetitions, Accord beside its floor. */
export function formatTable(figures: Figure[], machine: Machine, repetitions: number): string {
  const header = ['figure', 'unit', 'Accord median (min–max)', 'floor median (min–max)', 'Accord/floor (paired)', 'target'];
  const rows = [header, ...figures.map(row)];
  const widths = header.map((_, column) => Math.max(...rows.map((cells) => cells[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd();
  const about = `${machine.cpuModel} × ${machine.cores} cores, Node ${machine.node}, PostgreSQL ${machine.postgres}, load ${machine.loadAverageAtStart} at start, ${machine.date}`;
  return [about, `${repetitions} repetitions per figure`, '', line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.slice(1).map(line)].join('\n');
}
