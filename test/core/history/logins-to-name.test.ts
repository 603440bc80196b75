import { describe, expect, it } from 'vitest';

import { loginsToName } from '../../../scripts/core/history/logins-to-name.js';
import type { GroupVerdict, ReviewInput, Verdict } from '../../../scripts/core/signoff/types.js';

const H = 'a'.repeat(40);

function approved(group: string, login: string): GroupVerdict {
  return {
    group,
    reason: group,
    satisfied: true,
    approvedBy: { login, commitId: H, submittedAt: 't' },
  };
}

function verdict(passed: boolean, groups: GroupVerdict[][]): Verdict {
  return {
    passed,
    headSha: H,
    warnings: [],
    summary: '',
    problems: [],
    packets: groups.map((g, k) => ({
      path: `packets/t/EXC-${k}.yaml`,
      findings: [],
      satisfied: passed,
      groups: g,
    })),
  };
}

function review(login: string, state: string, accountType = 'User'): ReviewInput {
  return { id: 1, login, accountType, state, commitId: H, submittedAt: 't', body: '' };
}

const missing: GroupVerdict = { group: 'finance', reason: 'finance', satisfied: false };

describe('loginsToName', () => {
  it('names each approver of a passed merge once, across packets and letter case', () => {
    const v = verdict(true, [
      [approved('owners', 'Ada'), approved('finance', 'bob')],
      [approved('owners', 'ada'), approved('finance', 'bob')],
    ]);
    expect(loginsToName({ merged: true, verdict: v, reviews: [] })).toEqual(['Ada', 'bob']);
  });

  it('names nobody for a merge the gate did not pass: nothing is recorded', () => {
    const v = verdict(false, [[approved('owners', 'ada'), missing]]);
    expect(loginsToName({ merged: true, verdict: v, reviews: [] })).toEqual([]);
  });

  it('names the people who requested changes on a PR closed unmerged, never a bot', () => {
    const v = verdict(false, [[approved('owners', 'ada'), missing]]);
    const reviews = [
      review('ada', 'APPROVED'),
      review('bob', 'CHANGES_REQUESTED'),
      review('BOB', 'CHANGES_REQUESTED'),
      review('lint[bot]', 'CHANGES_REQUESTED', 'Bot'),
      review('eve', 'COMMENTED'),
    ];
    expect(loginsToName({ merged: false, verdict: v, reviews })).toEqual(['bob']);
  });
});
