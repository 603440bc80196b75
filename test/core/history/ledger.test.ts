import { describe, expect, it } from 'vitest';

import { readCloseDays } from '../../../scripts/core/history/close-rule.js';
import { renderLedger } from '../../../scripts/core/history/ledger.js';
import { recordApproval } from '../../../scripts/core/history/record-approval.js';
import { PACKET_PATH, PACKET_TEXT } from './fixture.js';

describe('renderLedger', () => {
  it('lists each packet with owner, period, overage, status, approvers, date and link', () => {
    const approved = recordApproval(PACKET_TEXT, {
      pullRequest: 7,
      decidedCommit: 'c'.repeat(40),
      decidedAt: '2026-11-05T14:03:00+01:00',
      packetBlob: 'd'.repeat(40),
      evidenceBlobs: {},
      approvals: [
        {
          login: 'ada',
          name: 'Ada | <b>',
          group: 'owners',
          reviewed_commit: 'a'.repeat(40),
          submitted_at: '2026-11-04T09:00:00Z',
        },
        {
          login: 'bob',
          group: 'finance',
          reviewed_commit: 'a'.repeat(40),
          submitted_at: '2026-11-04T09:00:00Z',
        },
      ],
    });
    const text = approved.ok ? approved.text : '';
    const ledger = renderLedger([
      {
        path: 'packets/search/EXC-2026-11-05-SEARCH.yaml',
        text: PACKET_TEXT.replace('EXC-2026-11-03-ML-PLATFORM', 'EXC-2026-11-05-SEARCH'),
      },
      { path: PACKET_PATH, text },
    ]);
    const rows = ledger.split('\n').filter((l) => l.startsWith('| EXC'));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('EXC-2026-11-03-ML-PLATFORM');
    expect(rows[0]).toContain('approved');
    expect(rows[0]).toContain('Ada \\| &lt;b&gt; (owners); bob (finance)');
    expect(rows[0]).toContain('2026-11-05');
    expect(rows[0]).toContain('(ml-platform/EXC-2026-11-03-ML-PLATFORM.yaml)');
    expect(rows[1]).toContain('pending\\_approval');
  });

  it('is stable: the same packets give the same text in any order', () => {
    const a = { path: PACKET_PATH, text: PACKET_TEXT };
    const b = {
      path: 'packets/x/EXC-2026-01-01-X.yaml',
      text: 'exception_packet_id: EXC-2026-01-01-X\n',
    };
    expect(renderLedger([a, b])).toBe(renderLedger([b, a]));
  });
});

describe('readCloseDays', () => {
  it.each([
    [undefined, 5],
    ['close_days_after_period_end: 10\n', 10],
    ['sign_off:\n  close_days_after_period_end: "7"\n', 7],
    ['close_days_after_period_end: soon\n', 5],
    ['close_days_after_period_end: -1\n', 5],
    ['close_days_after_period_end: [\n', 5],
  ])('reads %j as %d days', (text, days) => {
    expect(readCloseDays(text)).toBe(days);
  });
});
