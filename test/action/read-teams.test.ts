import { describe, expect, it } from 'vitest';
import { teamsNamedIn } from '../../scripts/action/read-teams.js';

describe('teamsNamedIn', () => {
  it('collects each @org/team once, in lower case, outside comments', () => {
    const codeowners = [
      '# @example-org/commented-out',
      '/packets/ml-platform/ @Example-Org/ML-Platform @example-org/finance user@example.test',
      '/packets/search/ @example-org/search @example-org/finance # inline @example-org/x',
    ].join('\n');
    const policy = "groups:\n  finance:\n    team: '@example-org/finance'\n";

    expect(teamsNamedIn([codeowners, policy, undefined])).toEqual([
      '@example-org/finance',
      '@example-org/ml-platform',
      '@example-org/search',
    ]);
  });
});
