import type { CheckResult, DoctorReport } from './doctor.ts';

/** The report for people: one line per check, the violating rows under the failed ones. */
export function formatReport(report: DoctorReport): string {
  const failed = report.checks.filter((check) => !check.ok);
  const lines = [`Accord doctor — ${report.database} database, ${report.checks.length} checks, ${report.checkedAt}`, ''];
  for (const check of report.checks) lines.push(...formatCheck(check));
  lines.push('');
  lines.push(
    failed.length === 0
      ? 'All invariants hold. / Tous les invariants sont respectés.'
      : `${failed.length} check(s) failed: ${failed.map((check) => check.id).join(', ')}. / ${failed.length} vérification(s) en échec.`,
  );
  return `${lines.join('\n')}\n`;
}

function formatCheck(check: CheckResult): string[] {
  const head = `${check.ok ? '  ok  ' : ' FAIL '} ${check.id} — ${check.description}`;
  const symptom = check.symptom ? [`         answers: ${check.symptom}`] : [];
  if (check.ok) return [head, ...symptom];
  const rows = check.sample.map((row) => `         · ${formatRow(row)}`);
  const more = check.violations > check.sample.length ? [`         … and ${check.violations - check.sample.length} more`] : [];
  return [`${head} (${check.violations} violation${check.violations === 1 ? '' : 's'})`, ...symptom, ...rows, ...more];
}

const formatRow = (row: Record<string, unknown>) =>
  Object.entries(row)
    .map(([column, value]) => `${column}=${Array.isArray(value) ? `[${value.join(', ')}]` : String(value)}`)
    .join('  ');
