import { describe, expect, it } from 'vitest';

import {
  decideClosed,
  type ClosedPullRequest,
} from '../../../scripts/core/history/decide-closed.js';
import type { ReviewInput } from '../../../scripts/core/signoff/types.js';

const H = 'a'.repeat(40);
const review = (login: string, state: string, submittedAt: string, body = ''): ReviewInput => ({
  id: submittedAt.length + login.length,
  login,
  accountType: 'User',
  state,
  commitId: H,
  submittedAt,
  body,
});

const base: ClosedPullRequest = {
  merged: false,
  verdict: {
    passed: false,
    headSha: H,
    warnings: [],
    summary: '',
    problems: [],
    packets: [
      {
        path: 'packets/t/EXC-1.yaml',
        findings: [],
        satisfied: false,
        groups: [
          {
            group: 'owners',
            reason: 'owner',
            satisfied: true,
            approvedBy: { login: 'ada', commitId: H, submittedAt: 't1' },
          },
          { group: 'finance', reason: 'finance', satisfied: false, missing: 'changes requested' },
        ],
      },
    ],
  },
  reviews: [],
  groupMembers: { owners: ['ada'], finance: ['bob'] },
  names: { bob: 'Bob' },
};

describe('decideClosed', () => {
  it('denies with the standing change request of a required group', () => {
    const reviews = [
      review('bob', 'CHANGES_REQUESTED', '2026-11-04T10:00:00Z', 'Cut usage.'),
      review('eve', 'CHANGES_REQUESTED', '2026-11-04T11:00:00Z', 'not a member'),
    ];
    expect(decideClosed({ ...base, reviews })).toEqual([
      {
        path: 'packets/t/EXC-1.yaml',
        decision: 'denied',
        reason: 'Cut usage.',
        approvals: [
          {
            login: 'bob',
            name: 'Bob',
            group: 'finance',
            reviewed_commit: H,
            submitted_at: '2026-11-04T10:00:00Z',
          },
        ],
      },
    ]);
  });

  it.each([
    ['no reviews', []],
    [
      'a change request later approved',
      [
        review('bob', 'CHANGES_REQUESTED', '2026-11-04T10:00:00Z'),
        review('bob', 'APPROVED', '2026-11-04T12:00:00Z'),
      ],
    ],
    [
      'a change request from a bot',
      [{ ...review('bob', 'CHANGES_REQUESTED', '2026-11-04T10:00:00Z'), accountType: 'Bot' }],
    ],
  ])('records nothing for a close with %s', (_name, reviews) => {
    expect(decideClosed({ ...base, reviews })).toEqual([]);
  });

  it('approves a merge only when the gate passed', () => {
    expect(decideClosed({ ...base, merged: true })).toEqual([]);
    const passed = { ...base, merged: true, verdict: { ...base.verdict, passed: true } };
    expect(decideClosed(passed)[0]).toMatchObject({
      decision: 'approved',
      approvals: [{ login: 'ada', group: 'owners' }],
    });
  });
});
