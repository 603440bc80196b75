import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkOwnerMapping } from '../../../scripts/core/ownership/check-owner-mapping.js';
import { parsePolicy, type Policy } from '../../../scripts/core/ownership/policy.js';
import { REPO_ROOT } from '../../support/paths.js';

const POLICY_TEXT = `version: 1
organisation: acme
groups:
  finance: { team: '@acme/finance' }
  admins: { team: '@acme/admins' }
  ml-platform: { team: '@acme/ml' }
  search: { members: [search-lead] }
finance_group: finance
admin_group: admins
`;

function policy(text = POLICY_TEXT): Policy {
  const result = parsePolicy(text, '.github/packet-policy.yml');
  if (!result.policy) throw new Error(JSON.stringify(result.findings));
  return result.policy;
}

const codes = (owners: string[], text: string, p: Policy | undefined = policy()) =>
  checkOwnerMapping(owners, { path: '.github/CODEOWNERS', text }, p).map((f) => [
    f.code,
    f.severity,
    f.line,
    f.column,
  ]);

describe('checkOwnerMapping', () => {
  it('passes the shipped CODEOWNERS and policy for every shipped owner folder', () => {
    const text = readFileSync(path.join(REPO_ROOT, 'CODEOWNERS'), 'utf8');
    const shipped = parsePolicy(
      readFileSync(path.join(REPO_ROOT, '.github/packet-policy.yml'), 'utf8'),
      '.github/packet-policy.yml',
    );
    const findings = checkOwnerMapping(
      ['ml-platform', 'search', 'support-bots'],
      { path: 'CODEOWNERS', text },
      shipped.policy,
    );
    expect(shipped.findings).toEqual([]);
    expect(findings).toEqual([]);
  });

  it.each([
    ['team and finance on one line', '/packets/ml-platform/ @acme/ml @acme/finance', []],
    ['owner names compared case-insensitively', '/packets/ml-platform/ @ACME/ML @Acme/Finance', []],
    ['a broader pattern that maps both', 'packets/** @acme/ml @acme/finance', []],
    ['no line for the folder', '/docs/ @acme/admins', [['OWNER_FOLDER_UNMAPPED', 'error', 1, 1]]],
    [
      'only finance',
      '/packets/ml-platform/ @acme/finance',
      [['OWNER_FOLDER_UNMAPPED', 'error', 1, 1]],
    ],
    [
      'only the team',
      '/packets/ml-platform/ @acme/ml',
      [['OWNER_FOLDER_WITHOUT_FINANCE', 'error', 1, 1]],
    ],
    [
      'a later line that wins and drops finance',
      '/packets/ml-platform/ @acme/ml @acme/finance\n/packets/ml-platform/*.yaml @acme/ml',
      [['OWNER_FOLDER_WITHOUT_FINANCE', 'error', 2, 1]],
    ],
    [
      'a later line with no owners',
      '/packets/ @acme/ml @acme/finance\n/packets/ml-platform/',
      [['OWNER_FOLDER_UNMAPPED', 'error', 2, 1]],
    ],
    [
      'a line GitHub skips, leaving an earlier line that misses the team',
      '* @acme/admins\n!/packets/ml-platform/ @acme/ml @acme/finance',
      [
        ['OWNER_FOLDER_UNMAPPED', 'error', 1, 1],
        ['OWNER_FOLDER_WITHOUT_FINANCE', 'error', 1, 1],
        ['CODEOWNERS_INVALID_LINE', 'warning', 2, 1],
      ],
    ],
    [
      'an invalid line elsewhere',
      '/packets/ml-platform/ @acme/ml @acme/finance\n/docs/[ab]/ @acme/admins',
      [['CODEOWNERS_INVALID_LINE', 'warning', 2, 7]],
    ],
  ])('ml-platform with %s', (_name, text, expected) => {
    const found = codes(['ml-platform'], text);
    expect([...found].sort()).toEqual([...expected].sort());
  });

  it("accepts a member login for a group that has no team, and names the owner's team", () => {
    expect(codes(['search'], '/packets/search/ @search-lead @acme/finance')).toEqual([]);
    const missing = checkOwnerMapping(
      ['data'],
      { path: 'CODEOWNERS', text: '/packets/data/ @acme/finance' },
      policy(),
    );
    expect(missing.map((f) => f.code)).toEqual(['OWNER_FOLDER_UNMAPPED']);
    expect(missing[0]?.message).toContain('"/packets/data/ @acme/data @acme/finance"');
  });

  it('reports a missing CODEOWNERS file once, and nothing when there are no owner folders', () => {
    const findings = checkOwnerMapping(['ml-platform', 'search'], undefined, policy());
    expect(findings.map((f) => [f.code, f.file, f.line])).toEqual([
      ['CODEOWNERS_MISSING', '.github/CODEOWNERS', 1],
    ]);
    expect(checkOwnerMapping([], undefined, policy())).toEqual([]);
  });

  it('still reports invalid lines when there is no policy to map against', () => {
    const text = '\\#x @acme/ml';
    const findings = checkOwnerMapping(['ml-platform'], { path: 'CODEOWNERS', text }, undefined);
    expect(findings.map((f) => [f.code, f.severity, f.line])).toEqual([
      ['CODEOWNERS_INVALID_LINE', 'warning', 1],
    ]);
  });
});
