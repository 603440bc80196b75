import { describe, expect, it } from 'vitest';

import { evaluateSignoff } from '../../../scripts/core/signoff/evaluate.js';
import type { ReviewInput, SignoffInput, Verdict } from '../../../scripts/core/signoff/types.js';
import {
  EVIDENCE_CHANGED,
  HEAD,
  OLD,
  PACKET,
  REBASED,
  input,
  packetData,
  review,
} from './fixture.js';

/** Group label -> satisfied, for the first packet. */
function groupsOf(verdict: Verdict, index = 0): Record<string, boolean> {
  const packet = verdict.packets[index];
  return Object.fromEntries((packet?.groups ?? []).map((g) => [g.group, g.satisfied]));
}

function missingOf(verdict: Verdict, group: string): string | undefined {
  return verdict.packets[0]?.groups.find((g) => g.group === group)?.missing;
}

const both = (): ReviewInput[] => [review('ml-1', 'APPROVED'), review('fin-1', 'APPROVED')];

describe('evaluateSignoff: whose review counts', () => {
  it.each<[string, ReviewInput[], boolean, Record<string, boolean>]>([
    [
      'one approval from each group passes',
      both(),
      true,
      { '@acme/ml-platform': true, finance: true },
    ],
    [
      'only finance fails',
      [review('fin-1', 'APPROVED')],
      false,
      { '@acme/ml-platform': false, finance: true },
    ],
    [
      'only the team fails',
      [review('ml-1', 'APPROVED')],
      false,
      { '@acme/ml-platform': true, finance: false },
    ],
    [
      'one person in both groups counts once',
      [review('a-dual', 'APPROVED')],
      false,
      { '@acme/ml-platform': true, finance: false },
    ],
    [
      'an approval before a push that edited the packet is void',
      [review('ml-1', 'APPROVED', OLD), review('fin-1', 'APPROVED')],
      false,
      { '@acme/ml-platform': false, finance: true },
    ],
    [
      'an approval on a rebased commit with the same blobs counts',
      [review('ml-1', 'APPROVED', REBASED), review('fin-1', 'APPROVED')],
      true,
      { '@acme/ml-platform': true, finance: true },
    ],
    [
      'an approval before the evidence changed is void',
      [review('ml-1', 'APPROVED', EVIDENCE_CHANGED), review('fin-1', 'APPROVED')],
      false,
      { '@acme/ml-platform': false, finance: true },
    ],
    [
      'an approval on a commit with unknown blobs is void',
      [review('ml-1', 'APPROVED', '9'.repeat(40)), review('fin-1', 'APPROVED')],
      false,
      { '@acme/ml-platform': false, finance: true },
    ],
    [
      'a later COMMENTED review changes nothing',
      [...both(), review('ml-1', 'COMMENTED')],
      true,
      { '@acme/ml-platform': true, finance: true },
    ],
    [
      'a DISMISSED latest review leaves no opinion',
      [...both(), review('fin-1', 'DISMISSED')],
      false,
      { '@acme/ml-platform': true, finance: false },
    ],
    [
      'changes requested after approving blocks',
      [...both(), review('fin-1', 'CHANGES_REQUESTED')],
      false,
      { '@acme/ml-platform': true, finance: false },
    ],
    [
      'approving after requesting changes clears the block',
      [review('fin-1', 'CHANGES_REQUESTED'), ...both()],
      true,
      { '@acme/ml-platform': true, finance: true },
    ],
    [
      'changes requested by another member blocks the group',
      [...both(), review('fin-2', 'CHANGES_REQUESTED')],
      false,
      { '@acme/ml-platform': true, finance: false },
    ],
    [
      'changes requested by an outsider does not block',
      [...both(), review('stranger', 'CHANGES_REQUESTED')],
      true,
      { '@acme/ml-platform': true, finance: true },
    ],
    [
      'the author does not count',
      [review('ml-author', 'APPROVED'), review('fin-1', 'APPROVED')],
      false,
      { '@acme/ml-platform': false, finance: true },
    ],
    [
      'a bot account does not count',
      [review('ml-1', 'APPROVED', HEAD, 1, 'Bot'), review('fin-1', 'APPROVED')],
      false,
      { '@acme/ml-platform': false, finance: true },
    ],
    [
      'a [bot] login does not count',
      [review('ml-2[bot]', 'APPROVED'), review('fin-1', 'APPROVED')],
      false,
      { '@acme/ml-platform': false, finance: true },
    ],
    [
      'a person outside the group does not count',
      [review('stranger', 'APPROVED'), review('fin-1', 'APPROVED')],
      false,
      { '@acme/ml-platform': false, finance: true },
    ],
    // Greedy in group order would give a-dual to the team and leave finance empty.
    [
      'approvers are assigned so the most groups are satisfied',
      [review('a-dual', 'APPROVED'), review('ml-1', 'APPROVED')],
      true,
      { '@acme/ml-platform': true, finance: true },
    ],
    [
      'logins compare case-insensitively',
      [review('ML-1', 'APPROVED'), review('Fin-1', 'APPROVED')],
      true,
      { '@acme/ml-platform': true, finance: true },
    ],
  ])('%s', (_label, reviews, passed, groups) => {
    const verdict = evaluateSignoff(input({ reviews }));
    expect(verdict.problems).toEqual([]);
    expect(groupsOf(verdict)).toEqual(groups);
    expect(verdict.passed).toBe(passed);
  });

  it('says why a group is missing', () => {
    const dual = evaluateSignoff(input({ reviews: [review('a-dual', 'APPROVED')] }));
    expect(missingOf(dual, 'finance')).toMatch(/a-dual already signs for @acme\/ml-platform/);

    const old = evaluateSignoff(input({ reviews: [review('ml-1', 'APPROVED', OLD)] }));
    expect(missingOf(old, '@acme/ml-platform')).toMatch(/approval by ml-1 on bbbbbbb is void/);

    const blocked = evaluateSignoff(
      input({ reviews: [...both(), review('fin-2', 'CHANGES_REQUESTED')] }),
    );
    expect(missingOf(blocked, 'finance')).toMatch(/changes requested by fin-2/);
  });

  it('records who approved on which commit', () => {
    const verdict = evaluateSignoff(input({ reviews: [review('ml-1', 'APPROVED', REBASED)] }));
    const group = verdict.packets[0]?.groups[0];
    expect(group?.approvedBy).toEqual(
      expect.objectContaining({ login: 'ml-1', commitId: REBASED }),
    );
    expect(group?.reason).toBe(`code owner of ${PACKET} (.github/CODEOWNERS:2)`);
  });
});

describe('evaluateSignoff: who must approve', () => {
  const groupNames = (overrides: Partial<SignoffInput>): string[] =>
    evaluateSignoff(input(overrides)).packets[0]!.groups.map((g) => g.group);

  it.each<[string, Record<string, unknown>, string[]]>([
    [
      'no tier at or below every threshold',
      { overage_amount: '1000.00', overage_pct_above_threshold: '25' },
      ['@acme/ml-platform', 'finance'],
    ],
    [
      'the lead tier above its amount',
      { overage_amount: '1000.01' },
      ['@acme/ml-platform', 'finance', 'leads'],
    ],
    [
      'the lead tier above its percentage',
      { overage_pct_above_threshold: '25.01' },
      ['@acme/ml-platform', 'finance', 'leads'],
    ],
    [
      'both tiers above the director amount',
      { overage_amount: '12000.00' },
      ['@acme/ml-platform', 'finance', 'leads', 'directors'],
    ],
    [
      'every amount tier for a currency without thresholds',
      { currency: 'EUR' },
      ['@acme/ml-platform', 'finance', 'leads', 'directors'],
    ],
    [
      'a segment owner besides the packet owner',
      { segments: [{ owner: 'ml-platform' }, { owner: 'search' }, { owner: 'unallocated' }] },
      ['@acme/ml-platform', 'finance', '@acme/search'],
    ],
  ])('%s', (_label, overrides, expected) => {
    expect(
      groupNames({ packets: [{ path: PACKET, data: packetData(overrides), findings: [] }] }),
    ).toEqual(expected);
  });

  it('requires the assigned owner to sign, not only the filing team', () => {
    const data = packetData({ segments: [{ owner: 'search' }] });
    const packets = [{ path: PACKET, data, findings: [] }];
    expect(evaluateSignoff(input({ packets, reviews: both() })).passed).toBe(false);
    const reviews = [...both(), review('se-1', 'APPROVED')];
    expect(evaluateSignoff(input({ packets, reviews })).passed).toBe(true);
  });

  it('a removed packet needs its owners and finance', () => {
    const removed = { changedFiles: [{ path: PACKET, status: 'removed' as const }], packets: [] };
    const blobs = { [HEAD]: {}, [OLD]: { [PACKET]: 'p1' } };
    const none = evaluateSignoff(input({ ...removed, blobs }));
    expect(groupsOf(none)).toEqual({ '@acme/ml-platform': false, finance: false });
    expect(evaluateSignoff(input({ ...removed, blobs, reviews: both() })).passed).toBe(true);
    // An approval given while the packet still existed does not cover its removal.
    const early = [review('ml-1', 'APPROVED', OLD), review('fin-1', 'APPROVED')];
    expect(evaluateSignoff(input({ ...removed, blobs, reviews: early })).passed).toBe(false);
  });

  it('a rename needs the owners of both folders', () => {
    const from = 'packets/search/EXC-2026-11-03-ML-PLATFORM.yml';
    const changedFiles = [{ path: PACKET, status: 'renamed' as const, previousPath: from }];
    const verdict = evaluateSignoff(input({ changedFiles, reviews: both() }));
    expect(verdict.packets.map((p) => p.path)).toEqual([PACKET, from]);
    expect(groupsOf(verdict, 1)).toEqual({ '@acme/search': false, finance: true });
    expect(verdict.passed).toBe(false);
  });

  it('a packet with error findings does not pass even when approved', () => {
    const finding = {
      code: 'X',
      severity: 'error' as const,
      file: PACKET,
      line: 3,
      column: 1,
      field: '/x',
      message: 'x',
    };
    const packets = [{ path: PACKET, data: packetData(), findings: [finding] }];
    const verdict = evaluateSignoff(input({ packets, reviews: both() }));
    expect(verdict.packets[0]?.satisfied).toBe(false);
    expect(verdict.passed).toBe(false);
  });

  it('a packet that did not parse is reported and does not pass', () => {
    const packets = [{ path: PACKET, data: undefined, findings: [] }];
    const verdict = evaluateSignoff(input({ packets, reviews: both() }));
    expect(verdict.packets[0]?.findings.map((f) => f.code)).toEqual(['SIGNOFF_PACKET_UNREADABLE']);
    expect(verdict.passed).toBe(false);
  });

  it('owner names in CODEOWNERS compare case-insensitively', () => {
    const codeowners = {
      path: 'CODEOWNERS',
      text: '/packets/ml-platform/ @ACME/ML-Platform @Acme/Finance\n',
    };
    const verdict = evaluateSignoff(input({ codeowners, reviews: both() }));
    expect(groupsOf(verdict)).toEqual({ '@ACME/ML-Platform': true, finance: true });
  });
});

describe('evaluateSignoff: groups that cannot be resolved fail closed', () => {
  it.each<[string, Partial<SignoffInput>, RegExp]>([
    [
      'an unreadable team without a policy list',
      { teamMembers: {} },
      /members: read on the acme organisation.*a group with team: '@acme\/ml-platform'/,
    ],
    [
      'a policy team without members and unreadable',
      {
        packets: [{ path: PACKET, data: packetData({ overage_amount: '2000.00' }), findings: [] }],
      },
      /cannot read the members of @acme\/eng-leads.*groups\.leads\.members/,
    ],
    [
      'a path CODEOWNERS leaves unowned',
      {
        changedFiles: [{ path: 'packets/orphan/EXC-1.yml', status: 'added' }],
        packets: [{ path: 'packets/orphan/EXC-1.yml', data: packetData(), findings: [] }],
      },
      /maps no owner to packets\/orphan\/EXC-1\.yml/,
    ],
    [
      'an e-mail owner',
      {
        changedFiles: [{ path: 'packets/mailed/EXC-1.yml', status: 'added' }],
        packets: [{ path: 'packets/mailed/EXC-1.yml', data: packetData(), findings: [] }],
      },
      /e-mail address ops@acme\.example/,
    ],
    ['no CODEOWNERS file', { codeowners: undefined }, /no CODEOWNERS file on the base branch/],
    ['no policy', { policyText: undefined }, /group finance is not known/],
  ])('%s', (_label, overrides, message) => {
    const verdict = evaluateSignoff(input({ reviews: both(), ...overrides }));
    expect(verdict.passed).toBe(false);
    const unresolved = verdict.packets[0]!.groups.filter((g) => g.unresolved);
    expect(unresolved.map((g) => g.missing).join('\n')).toMatch(message);
    expect(verdict.problems.map((p) => p.code)).toContain('SIGNOFF_GROUP_UNRESOLVED');
  });

  it('prefers readable team members over the policy list', () => {
    const teamMembers = { ...input().teamMembers, '@acme/finance': ['fin-api'] };
    expect(evaluateSignoff(input({ teamMembers, reviews: both() })).passed).toBe(false);
    const reviews = [review('ml-1', 'APPROVED'), review('fin-api', 'APPROVED')];
    expect(evaluateSignoff(input({ teamMembers, reviews })).passed).toBe(true);
  });
});

describe('evaluateSignoff: the pull request as a whole', () => {
  const codes = (overrides: Partial<SignoffInput>): string[] =>
    evaluateSignoff(input({ reviews: both(), ...overrides })).problems.map((p) => p.code);

  it('passes with a clear summary when nothing needs sign-off', () => {
    const verdict = evaluateSignoff(input({ changedFiles: [], policyText: undefined }));
    expect(verdict.passed).toBe(true);
    expect(verdict.packets).toEqual([]);
    expect(verdict.summary).toBe('No packets or gate files changed: nothing needs sign-off');
    expect(verdict.warnings.map((w) => w.code)).toEqual(['POLICY_MISSING']);
  });

  it('treats every file outside packets/ as a gate file (a README, an .npmrc)', () => {
    for (const path of ['README.md', '.npmrc', 'tsconfig.build.json']) {
      const verdict = evaluateSignoff(
        input({ changedFiles: [{ path, status: 'modified' }], reviews: both() }),
      );
      expect(verdict.passed).toBe(false);
      expect(verdict.gate?.files).toEqual([path]);
    }
  });

  it('refuses a PR that mixes gate files and packets, even fully approved', () => {
    const changedFiles = [
      { path: PACKET, status: 'added' as const },
      { path: 'scripts/core/x.ts', status: 'modified' as const },
    ];
    const reviews = [...both(), review('admin-1', 'APPROVED')];
    const verdict = evaluateSignoff(input({ changedFiles, reviews }));
    expect(verdict.problems.map((p) => p.code)).toEqual(['SIGNOFF_MIXED_CHANGES']);
    expect(verdict.passed).toBe(false);
    expect(verdict.summary).toBe('Refused: SIGNOFF_MIXED_CHANGES');
  });

  it.each([
    ['.github/CODEOWNERS'],
    ['.github/packet-policy.yml'],
    ['.github/workflows/signoff.yml'],
    ['schemas/policy.schema.json'],
    ['scripts/cli/packet.ts'],
    ['package.json'],
    ['package-lock.json'],
    ['CODEOWNERS'],
    ['docs/CODEOWNERS'],
  ])('a change to %s needs the admins on the head commit', (path) => {
    const changedFiles = [{ path, status: 'modified' as const }];
    const none = evaluateSignoff(input({ changedFiles, packets: [] }));
    expect(none.gate?.groups.map((g) => [g.group, g.satisfied])).toEqual([['admins', false]]);
    expect(none.passed).toBe(false);
    const old = evaluateSignoff(
      input({ changedFiles, packets: [], reviews: [review('admin-1', 'APPROVED', OLD)] }),
    );
    expect(old.passed).toBe(false);
    const ok = evaluateSignoff(
      input({ changedFiles, packets: [], reviews: [review('admin-1', 'APPROVED')] }),
    );
    expect(ok.passed).toBe(true);
    expect(ok.summary).toBe('Signed off: gate change signed off');
  });

  it('a gate file with its own code owner needs them as well', () => {
    const codeowners = { path: '.github/CODEOWNERS', text: '/scripts/ @acme/search\n' };
    const changedFiles = [{ path: 'scripts/x.ts', status: 'modified' as const }];
    const reviews = [review('admin-1', 'APPROVED')];
    const verdict = evaluateSignoff(input({ codeowners, changedFiles, packets: [], reviews }));
    expect(verdict.gate?.groups.map((g) => [g.group, g.satisfied])).toEqual([
      ['admins', true],
      ['@acme/search', false],
    ]);
  });

  it('refuses more packets than the policy allows', () => {
    const paths = [1, 2, 3, 4].map((n) => `packets/ml-platform/EXC-${n}.yml`);
    const changedFiles = paths.map((path) => ({ path, status: 'added' as const }));
    const packets = paths.map((path) => ({ path, data: packetData(), findings: [] }));
    expect(codes({ changedFiles, packets })).toContain('SIGNOFF_TOO_MANY_PACKETS');
  });

  it('an invalid policy is a problem with its own code', () => {
    expect(codes({ policyText: 'version: 2\n' })).toContain('POLICY_SCHEMA');
    expect(codes({ policyText: undefined })).toContain('POLICY_MISSING');
  });

  it('reports invalid CODEOWNERS lines as warnings without blocking', () => {
    const codeowners = {
      path: '.github/CODEOWNERS',
      text: '!x @a\n/packets/ml-platform/ @acme/ml-platform @acme/finance\n',
    };
    const verdict = evaluateSignoff(input({ codeowners, reviews: both() }));
    expect(verdict.passed).toBe(true);
    expect(verdict.warnings).toEqual([
      {
        code: 'CODEOWNERS_NEGATION',
        message: expect.stringMatching(/^\.github\/CODEOWNERS:1:1: /),
      },
    ]);
  });

  it('summarises what a failing PR waits for', () => {
    const verdict = evaluateSignoff(input({ reviews: [review('ml-1', 'APPROVED')] }));
    expect(verdict.summary).toBe('Not signed off: 1 of 1 file waiting; missing finance');
  });

  it('evidence added beside its packet needs the owner and finance, not the tiers', () => {
    const evidence = 'packets/ml-platform/evidence/usage.csv';
    const changedFiles = [
      { path: PACKET, status: 'added' as const },
      { path: evidence, status: 'added' as const },
    ];
    const verdict = evaluateSignoff(input({ changedFiles, reviews: both() }));
    expect(verdict.passed).toBe(true);
    expect(groupsOf(verdict, 1)).toEqual({ '@acme/ml-platform': true, finance: true });
  });
});
