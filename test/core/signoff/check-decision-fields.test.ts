import { describe, expect, it } from 'vitest';
import { checkDecisionFields } from '../../../scripts/core/signoff/check-decision-fields.js';

const pending = { exception_packet_id: 'EXC-1', packet_status: 'pending_approval' };
const approved = {
  exception_packet_id: 'EXC-1',
  packet_status: 'approved',
  approver_name: 'Mia (ml-platform); Fiona (finance)',
  approved_at: '2026-12-05T10:00:00Z',
  approval_record: { pull_request: 41, version: 1 },
};

describe('checkDecisionFields', () => {
  it.each([
    ['a new pending packet', pending, undefined, undefined],
    ['a new draft', { ...pending, packet_status: 'draft' }, undefined, undefined],
    ['a new packet filed as approved', approved, undefined, '/packet_status'],
    [
      'a new packet filed as denied',
      { ...pending, packet_status: 'denied' },
      undefined,
      '/packet_status',
    ],
    ['an edit that keeps the decision', { ...pending, billed_total: '1.00' }, pending, undefined],
    [
      'an amendment that keeps the approval',
      { ...approved, billed_total: '2.00' },
      approved,
      undefined,
    ],
    ['a pending packet marked approved', approved, pending, '/packet_status'],
    [
      'an approver swapped by hand',
      { ...approved, approver_name: 'Boss (finance)' },
      approved,
      '/approver_name',
    ],
    [
      'an approval record removed',
      { ...approved, approval_record: undefined },
      approved,
      '/approval_record',
    ],
  ])('%s', (_label, head, base, field) => {
    const finding = checkDecisionFields(head, base);
    expect(finding?.field).toBe(field);
    if (field) expect(finding?.code).toBe('SIGNOFF_DECISION_IN_PULL_REQUEST');
  });
});
