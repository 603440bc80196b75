/**
 * The status agrees with the approval fields: a packet awaiting sign-off has none set, an
 * approved one names its approvers and the time, a denied one carries the reason.
 */
import type { RuleFinding } from '../finding.js';
import type { Rule } from '../rule.js';

export const checkStatus: Rule = ({ packet }) => {
  const findings: RuleFinding[] = [];
  const status = packet.packet_status;
  const issue = (code: string, field: string, message: string) =>
    findings.push({ code, field, message });

  if (status === 'draft' || status === 'pending_approval') {
    if (packet.approved_at !== 'PENDING') {
      issue(
        'STATUS_PENDING_WITH_DECISION',
        '/approved_at',
        `a ${status} packet has approved_at: PENDING; the recorder sets it after merge`,
      );
    }
    if (packet.approver_name !== 'PENDING') {
      issue(
        'STATUS_PENDING_WITH_DECISION',
        '/approver_name',
        `a ${status} packet has approver_name: PENDING; approvers are taken from the PR reviews`,
      );
    }
    for (const field of ['approvals', 'approval_record', 'denial_reason'] as const) {
      if (packet[field] !== undefined) {
        issue(
          'STATUS_PENDING_WITH_DECISION',
          `/${field}`,
          `a ${status} packet has no ${field}; remove it, the recorder writes it`,
        );
      }
    }
  }
  if (status === 'approved' || status === 'denied') {
    if (packet.approved_at === 'PENDING') {
      issue(
        'STATUS_DECIDED_WITHOUT_TIME',
        '/approved_at',
        `an ${status} packet needs approved_at, the time of the decision; the recorder writes ` +
          'both after the pull request is decided, so a new packet stays pending_approval',
      );
    }
    if (packet.approver_name === 'PENDING') {
      issue(
        'STATUS_DECIDED_WITHOUT_APPROVER',
        '/approver_name',
        `an ${status} packet names who decided in approver_name; the recorder writes it after ` +
          'the pull request is decided, so a new packet stays pending_approval',
      );
    }
  }
  if (status === 'denied' && !packet.denial_reason?.trim()) {
    issue(
      'STATUS_DENIED_WITHOUT_REASON',
      '/packet_status',
      "a denied packet carries denial_reason, the reviewer's reason",
    );
  }
  if (status !== 'denied' && packet.denial_reason !== undefined && status === 'approved') {
    issue(
      'STATUS_APPROVED_WITH_DENIAL',
      '/denial_reason',
      'an approved packet has no denial_reason; remove it',
    );
  }
  return findings;
};
