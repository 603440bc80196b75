/**
 * What `packet new` tells the person at the terminal: why an export cannot be drafted from,
 * and, once a draft is written, which fields are theirs to fill in and what to run next.
 */
import { parse } from 'yaml';
import type { BudgetAlert } from '../core/evidence/budget-alert.js';
import type { ExportSummary } from '../core/evidence/summarize.js';
import { addDays } from '../core/evidence/export-dates.js';
import { UNALLOCATED } from '../core/packet/packet.js';
import { findPlaceholder, stringsIn } from '../core/packet/text-scan.js';
import type { Placed } from '../io/place-file.js';
import type { Period } from './new-inputs.js';

export interface ExportProblem {
  code: string;
  /** `row 3, column BilledCost`, `$.data[0].results[1].amount` or `file`. */
  where: string;
  message: string;
}

/**
 * Everything that would make `packet validate` reject the draft's evidence: the reader's
 * problems, a period the export does not cover, and an alert in another currency.
 */
export function exportProblems(
  summary: ExportSummary,
  period: Period,
  alert: BudgetAlert | undefined,
): ExportProblem[] {
  const problems: ExportProblem[] = summary.problems.map(({ code, where, message }) => ({
    code,
    where,
    message,
  }));
  if (summary.problemsOmitted > 0) {
    const message = `${summary.problemsOmitted} more problem(s) like the ones above were not listed`;
    problems.push({ code: 'EXPORT_MORE_PROBLEMS', where: 'file', message });
  }
  if (summary.coverage !== undefined && !summary.covered) {
    const { start, end } = summary.coverage;
    const message = `the export covers ${start} to ${addDays(end, -1)}, not the whole review period ${period.start} to ${period.end}; export the whole period or pass a shorter one`;
    problems.push({ code: 'EVIDENCE_PERIOD_NOT_COVERED', where: 'file', message });
  }
  if (
    alert !== undefined &&
    summary.currency !== undefined &&
    summary.currency !== alert.currency
  ) {
    const message = `the export bills in ${summary.currency} but the alert's budget is in ${alert.currency}; pass --budget in ${summary.currency}`;
    problems.push({ code: 'ALERT_CURRENCY_MISMATCH', where: 'file', message });
  }
  return problems.map((problem) => ({ ...problem, message: oneLine(problem.message) }));
}

/** The fields of a draft that still hold a marker, as `segments[2].resolution_plan`. */
export function markedFields(text: string): string[] {
  return stringsIn(parse(text))
    .filter(({ text: value }) => findPlaceholder(value) !== undefined)
    .map(({ pointer }) =>
      pointer
        .slice(1)
        .replace(/\/(\d+)(?=\/|$)/g, '[$1]')
        .replaceAll('/', '.'),
    );
}

/** The lines printed after a draft is written. */
export function nextSteps(written: {
  packetPath: string;
  evidencePath: string;
  copied: Placed;
  summary: ExportSummary;
  text: string;
}): string[] {
  const { packetPath, evidencePath, summary } = written;
  const folder = packetPath.slice(0, packetPath.lastIndexOf('/'));
  const evidence =
    written.copied === 'reused'
      ? `Evidence: ${evidencePath} was already there with the same bytes; it is cited as is.`
      : `Evidence: copied the export to ${evidencePath}.`;
  const lines = [`Wrote ${packetPath}`, evidence];

  // An export that cannot tell owners apart will fail validation until someone acts on it.
  const mapped = summary.owners.some((owner) => owner.owner !== UNALLOCATED);
  if (summary.grain.missing.length > 0 && !mapped) {
    lines.push(
      `Warning: the export has no ${summary.grain.missing.join(', ')}, so it cannot prove any owner's share; attach an export with that grain, or add a support_escalation and keep the cost unallocated.`,
    );
  }

  lines.push(
    '',
    'Next:',
    `  1. Fill in the fields only you can answer, in ${packetPath}:`,
    ...markedFields(written.text).map((field) => `       ${field}`),
    `  2. Check it: npm run validate -- ${folder}`,
    '  3. Commit the packet and its evidence together and open a pull request.',
  );
  return lines;
}

function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex -- export text may carry control characters
  return text.replace(/[\u0000-\u001f\u007f]/g, ' ');
}
