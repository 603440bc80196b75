import { describe, expect, it } from 'vitest';
import { groupMembersFromVerdict } from '../../../scripts/core/history/group-members-from-verdict.js';
import type { GroupVerdict, Verdict } from '../../../scripts/core/signoff/types.js';

function verdict(...packets: GroupVerdict[][]): Verdict {
  return {
    passed: false,
    headSha: 'h',
    packets: packets.map((groups, i) => ({
      path: `p${i}`,
      groups,
      findings: [],
      satisfied: false,
    })),
    problems: [],
    warnings: [],
    summary: '',
  };
}

const group = (name: string, members?: string[]): GroupVerdict => ({
  group: name,
  reason: 'r',
  satisfied: false,
  ...(members === undefined ? {} : { members }),
});

describe('groupMembersFromVerdict', () => {
  it('merges the members of a group named by several packets, sorted', () => {
    const result = groupMembersFromVerdict(
      verdict(
        [group('finance', ['fiona']), group('ml-platform', ['mia'])],
        [group('finance', ['bob'])],
      ),
    );

    expect(result).toEqual({ finance: ['bob', 'fiona'], 'ml-platform': ['mia'] });
  });

  it('leaves out a group whose members could not be resolved', () => {
    expect(groupMembersFromVerdict(verdict([group('directors')]))).toEqual({});
  });
});
