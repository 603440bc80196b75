/**
 * A packet must be filed by its billing period's close. Filed inside the warning window it
 * passes with a warning (approvers have little time left); filed after the close it fails
 * unless it says why in `late_filing_reason`. Packets already decided are history, not filings.
 */
import type { RuleFinding } from '../packet/finding.js';
import type { Rule } from '../packet/rule.js';
import { closeStanding } from './close-date.js';

const FILING_STATES = new Set(['draft', 'pending_approval']);
const ID_DATE = /^EXC-(\d{4}-\d{2}-\d{2})-/;

/**
 * The deadline rule. The filing date is `context.filedOn` when the run knows it (a packet being
 * filed now), else the date in the packet's id, which the schema defines as the filing date.
 * The warning is raised only for a known filing date: for an id date it would repeat on every
 * later run of a packet filed long ago. Without `context.billingClose` the rule is off.
 */
export const checkFilingDeadline: Rule = ({ packet }, context) => {
  const close = context.billingClose;
  if (close === undefined || !FILING_STATES.has(packet.packet_status)) return [];

  const filedOn = context.filedOn ?? ID_DATE.exec(packet.exception_packet_id)?.[1];
  if (filedOn === undefined) return [];
  const standing = closeStanding(packet.review_period_end, filedOn, close);
  const period = `${packet.review_period_start} to ${packet.review_period_end}`;
  const source = context.filedOn === undefined ? ' (the date in its id)' : '';

  const findings: RuleFinding[] = [];
  if (standing.state === 'closed' && !packet.late_filing_reason) {
    findings.push({
      code: 'FILED_AFTER_CLOSE',
      field: '/review_period_end',
      message: `filed on ${filedOn}${source}, after the billing close on ${standing.closeDate} for the period ${period}; add late_filing_reason saying why it is late`,
    });
  }
  if (standing.state === 'closing' && context.filedOn !== undefined) {
    const left = standing.daysToClose === 0 ? 'today' : `in ${plural(standing.daysToClose)}`;
    findings.push({
      code: 'FILED_NEAR_CLOSE',
      severity: 'warning',
      field: '/review_period_end',
      message: `the billing period closes ${left}, on ${standing.closeDate}; ask the approvers to review before then`,
    });
  }
  return findings;
};

function plural(days: number): string {
  return `${days} day${days === 1 ? '' : 's'}`;
}
