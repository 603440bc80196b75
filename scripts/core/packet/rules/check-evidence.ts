/**
 * Rule: the packet's evidence is the file it says, and the export proves every figure.
 *
 * Per evidence file: it was readable inside the repository, its sha256 matches, and the
 * reader had no complaint. Then, over all files together: the currency, the coverage of the
 * review period, and the figures (see `checkEvidenceFigures`).
 */
import { addDays } from '../../evidence/export-dates.js';
import { requestFor, summaryKey } from '../../evidence/facts.js';
import type { ExportSummary } from '../../evidence/summarize.js';
import type { RuleFinding } from '../finding.js';
import type { Rule } from '../rule.js';
import { checkEvidenceFigures, type CitedSummary } from './check-evidence-figures.js';

/** Verifies the packet against the facts read from its evidence files. */
export const checkEvidence: Rule = (input, context) => {
  // Without facts the run chose not to read evidence; other rules still run.
  if (context.evidence === undefined) return [];
  const packet = input.packet;
  const findings: RuleFinding[] = [];
  const cited: CitedSummary[] = [];

  // Step 1: each file on its own. A file cited twice would count its cost twice.
  const seen = new Set<string>();
  packet.evidence.forEach((ref, index) => {
    const at = `/evidence/${index}`;
    if (seen.has(ref.path)) {
      findings.push(
        error(
          'EVIDENCE_DUPLICATE',
          `${at}/path`,
          `${ref.path} is cited more than once; cite each export once, or its cost counts twice`,
        ),
      );
      return;
    }
    seen.add(ref.path);
    const placement = placementProblem(ref.path);
    if (placement !== undefined) {
      findings.push(error(placement.code, `${at}/path`, placement.message));
      return;
    }
    const facts = context.evidence!.get(ref.path);
    if (facts === undefined || (facts.problem === undefined && facts.sha256 === undefined)) {
      findings.push(
        error('EVIDENCE_MISSING', `${at}/path`, `${ref.path} was not read; check the path`),
      );
      return;
    }
    if (facts.problem !== undefined) {
      findings.push(error(facts.problem.code, `${at}/path`, facts.problem.message));
      return;
    }
    if (facts.sha256 !== ref.sha256) {
      const message = `sha256 is ${ref.sha256} (packet ${at}/sha256) but ${ref.path} hashes to ${facts.sha256}; the file changed since the packet was written: re-check every figure, then update sha256`;
      findings.push(error('EVIDENCE_HASH_MISMATCH', `${at}/sha256`, message));
    }
    // A reversed period (PERIOD_REVERSED) holds no day: what the export sums to in it would
    // only mislead. The figures are checked once the period is put right.
    if (packet.review_period_end < packet.review_period_start) return;
    const summary = facts.summaries?.[summaryKey(requestFor(packet, ref))];
    if (summary === undefined) {
      findings.push(
        error('EVIDENCE_MISSING', `${at}/path`, `${ref.path} was not summarised for this packet`),
      );
      return;
    }
    findings.push(...readerFindings(ref.path, `${at}/path`, summary));
    cited.push({ path: ref.path, index, summary });
  });
  if (cited.length !== packet.evidence.length) return findings;

  // Step 2: one currency, the packet's.
  for (const { path, index, summary } of cited) {
    if (summary.currency !== undefined && summary.currency !== packet.currency) {
      const message = `currency is ${packet.currency} (packet /currency) but ${path} bills in ${summary.currency} (evidence ${index})`;
      findings.push(error('EVIDENCE_CURRENCY_MISMATCH', '/currency', message));
      return findings;
    }
  }

  // Step 3: the exports together cover every day of the review period.
  const gap = uncovered(
    cited.map((c) => c.summary),
    packet.review_period_start,
    packet.review_period_end,
  );
  if (gap !== undefined) {
    const spans = cited
      .map((c) =>
        c.summary.coverage
          ? `${c.path} covers ${c.summary.coverage.start} to ${addDays(c.summary.coverage.end, -1)}`
          : `${c.path} states no dates`,
      )
      .join('; ');
    const message = `the review period ${packet.review_period_start} to ${packet.review_period_end} is not fully covered (first uncovered day ${gap}): ${spans}; attach an export for the whole period`;
    const field = cited.length === 1 ? '/evidence/0/path' : '/evidence';
    findings.push(error('EVIDENCE_PERIOD_NOT_COVERED', field, message));
  }

  // Step 4: every figure.
  findings.push(...checkEvidenceFigures(input, cited));
  return findings;
};

function readerFindings(path: string, field: string, summary: ExportSummary): RuleFinding[] {
  const findings = summary.problems.map((problem) =>
    error(problem.code, field, `${path} ${problem.where}: ${problem.message}`),
  );
  if (summary.problemsOmitted > 0) {
    const message = `${path}: ${summary.problemsOmitted} more problem(s) like the ones above were not listed`;
    findings.push(error('EXPORT_MORE_PROBLEMS', field, message));
  }
  return findings;
}

/** The first day of the period no export covers, or undefined when all are covered. */
function uncovered(summaries: ExportSummary[], start: string, end: string): string | undefined {
  const spans = summaries
    .flatMap((s) => (s.coverage ? [s.coverage] : []))
    .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  let day = start;
  const stop = addDays(end, 1);
  for (const span of spans) {
    if (span.start > day) break;
    if (span.end > day) day = span.end;
    if (day >= stop) return undefined;
  }
  return day >= stop ? undefined : day;
}

/**
 * Evidence lives under packets/, written one way only: a change to it is then a change under
 * packets/, which needs the owners' sign-off, and every tool sees the same path for one file.
 */
function placementProblem(path: string): { code: string; message: string } | undefined {
  const parts = path.split('/');
  // A path that climbs out with .. is reported by the reader as leaving the repository.
  if (parts.includes('..') || path.startsWith('/')) return undefined;
  // A slash at the end names a folder: `exports/2026-11.csv/` is meant as the file before it.
  if (path.endsWith('/')) {
    return {
      code: 'EVIDENCE_PATH_NOT_CANONICAL',
      message:
        `${path} ends with a slash, which names a folder; write the export file's path ` +
        'without it, e.g. packets/<owner>/evidence/<file>',
    };
  }
  if (parts.some((part) => part === '' || part === '.')) {
    return {
      code: 'EVIDENCE_PATH_NOT_CANONICAL',
      message: `${path} has an empty or . part; write the plain path, e.g. packets/<owner>/evidence/<file>`,
    };
  }
  if (parts[0] !== 'packets') {
    return {
      code: 'EVIDENCE_OUTSIDE_PACKETS',
      message: `${path} is outside packets/; keep the export beside its packet in packets/<owner>/evidence/`,
    };
  }
  return undefined;
}

function error(code: string, field: string, message: string): RuleFinding {
  return { code, field, message, severity: 'error' };
}
