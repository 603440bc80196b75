/**
 * Which findings become annotations. GitHub shows at most 10 error and 10 warning annotations
 * per step and drops the rest silently; the ones past the limit are summarised by code instead,
 * so nothing disappears without a word.
 */
import type { Finding } from '../packet/finding.js';

/** GitHub's per-step limit for each of error and warning annotations. */
export const MAX_ANNOTATIONS_PER_SEVERITY = 10;

export interface AnnotationPlan {
  /** Findings to annotate, in order, at most `limit` of each severity. */
  shown: Finding[];
  /** How many were not annotated. */
  hidden: number;
  /** One notice line naming the codes left out and their counts; '' when none were. */
  notice: string;
}

/** Splits findings into the annotated ones and a summary of the rest. */
export function planAnnotations(
  findings: readonly Finding[],
  limit = MAX_ANNOTATIONS_PER_SEVERITY,
): AnnotationPlan {
  const count = { error: 0, warning: 0 };
  const shown: Finding[] = [];
  const left = new Map<string, number>();
  for (const finding of findings) {
    if (count[finding.severity] < limit) {
      count[finding.severity] += 1;
      shown.push(finding);
    } else {
      left.set(finding.code, (left.get(finding.code) ?? 0) + 1);
    }
  }

  const hidden = findings.length - shown.length;
  const codes = [...left].map(([code, n]) => `${code} x${n}`).join(', ');
  const notice =
    hidden === 0
      ? ''
      : `${hidden} more findings than GitHub annotates (${codes}); the job summary lists every one.`;
  return { shown, hidden, notice };
}
