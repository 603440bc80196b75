import { describe, expect, it } from 'vitest';
import { findingsFor, VALID_TEXT } from '../../../adversarial/support.js';

describe('a packet marked decided by hand', () => {
  it('is told the recorder decides, and to leave it pending_approval', () => {
    const text = VALID_TEXT.replace('packet_status: pending_approval', 'packet_status: approved');

    const found = findingsFor(text).filter((f) => f.code.startsWith('STATUS_DECIDED_WITHOUT'));

    expect(found.map((f) => [f.code, f.field])).toEqual([
      ['STATUS_DECIDED_WITHOUT_APPROVER', '/approver_name'],
      ['STATUS_DECIDED_WITHOUT_TIME', '/approved_at'],
    ]);
    for (const finding of found) {
      expect(finding.message).toMatch(
        /the recorder writes .* a new packet stays pending_approval$/,
      );
    }
  });
});
