/**
 * A pull request cannot decide its own packet: the decision fields (status, approvers, times,
 * the approval record, the denial reason) are written by the recorder on main. A new packet is
 * filed as `draft` or `pending_approval`; an existing one keeps its decision fields exactly as
 * the base has them (an amendment of an approved packet stays `approved` until the recorder
 * writes its next version).
 */
import type { RuleFinding } from '../packet/finding.js';

export const DECISION_FIELDS = [
  'packet_status',
  'approved_at',
  'approver_name',
  'approvals',
  'approval_record',
  'denial_reason',
] as const;

/** The finding when `head` changes what only the recorder may write; undefined otherwise. */
export function checkDecisionFields(head: unknown, base: unknown): RuleFinding | undefined {
  const headFields = decisionOf(head);
  if (base === undefined) {
    const status = headFields.packet_status;
    if (status === 'draft' || status === 'pending_approval' || status === undefined) return;
    return {
      code: 'SIGNOFF_DECISION_IN_PULL_REQUEST',
      field: '/packet_status',
      message: `a new packet is filed as pending_approval, not ${JSON.stringify(status)}; the recorder writes the decision on main after the merge`,
    };
  }
  const baseFields = decisionOf(base);
  const changed = DECISION_FIELDS.filter(
    (field) => JSON.stringify(headFields[field]) !== JSON.stringify(baseFields[field]),
  );
  if (changed.length === 0) return undefined;
  return {
    code: 'SIGNOFF_DECISION_IN_PULL_REQUEST',
    field: `/${changed[0]}`,
    message: `this pull request changes ${changed.join(', ')}, which only the recorder writes on main; restore them as the base has them`,
  };
}

function decisionOf(data: unknown): Partial<Record<(typeof DECISION_FIELDS)[number], unknown>> {
  if (data === null || typeof data !== 'object') return {};
  const record = data as Record<string, unknown>;
  return Object.fromEntries(DECISION_FIELDS.map((field) => [field, record[field]]));
}
