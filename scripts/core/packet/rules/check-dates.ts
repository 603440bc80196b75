/**
 * Dates in order: the period starts on or before it ends, and the next review comes after it.
 * That each date is a real calendar date is checked by the schema's `date` format.
 */
import type { RuleFinding } from '../finding.js';
import type { Rule } from '../rule.js';

export const checkDates: Rule = ({ packet }) => {
  const findings: RuleFinding[] = [];
  const { review_period_start: start, review_period_end: end } = packet;

  if (start > end) {
    findings.push({
      code: 'PERIOD_REVERSED',
      field: '/review_period_end',
      message: `review_period_end ${end} is before review_period_start ${start}; swap or correct them`,
    });
  }
  if (packet.next_review_date <= end) {
    findings.push({
      code: 'NEXT_REVIEW_NOT_AFTER_PERIOD',
      field: '/next_review_date',
      message: `next_review_date ${packet.next_review_date} must be after the period end ${end}`,
    });
  }
  return findings;
};
