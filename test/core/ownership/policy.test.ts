import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { parsePolicy } from '../../../scripts/core/ownership/policy.js';

const FILE = '.github/packet-policy.yml';

const BASE = `version: 1
organisation: example-org
groups:
  finance:
    team: '@example-org/finance'
    members: [fin-1]
  admins:
    members: [admin-1]
finance_group: finance
admin_group: admins
`;

describe('parsePolicy', () => {
  it('reads the repository example policy', () => {
    const url = new URL('../../../.github/packet-policy.yml', import.meta.url);
    const result = parsePolicy(readFileSync(fileURLToPath(url), 'utf8'), FILE);
    expect(result.findings).toEqual([]);
    expect(result.policy?.financeGroup).toBe('finance');
    expect(result.policy?.adminGroup).toBe('admins');
    expect(result.policy?.tiers.map((tier) => tier.name)).toEqual(['lead', 'director']);
    expect(result.policy?.tiers[0]?.aboveAmount).toEqual({ USD: '1000.00', EUR: '900.00' });
    expect(result.policy?.billingClose).toEqual({
      closeDaysAfterPeriodEnd: 5,
      timeZone: 'Europe/Berlin',
      warnDaysBeforeClose: 2,
    });
  });

  it.each(['Europe/Berlin', 'UTC', 'Etc/UTC', 'US/Pacific', 'Asia/Kolkata'])(
    'takes %s as a time zone, a canonical name or an alias',
    (zone) => {
      const text = `${BASE}billing_close:\n  close_days_after_period_end: 5\n  time_zone: ${zone}\n`;
      const result = parsePolicy(text, FILE);
      expect(result.findings).toEqual([]);
      expect(result.policy?.billingClose?.timeZone).toBe(zone);
    },
  );

  it('fills defaults for left-out limits and tiers', () => {
    const result = parsePolicy(BASE, FILE);
    expect(result.policy).toEqual({
      organisation: 'example-org',
      groups: {
        finance: { name: 'finance', team: '@example-org/finance', members: ['fin-1'] },
        admins: { name: 'admins', members: ['admin-1'] },
      },
      financeGroup: 'finance',
      adminGroup: 'admins',
      tiers: [],
      billingClose: undefined,
      limits: {
        maxPacketsPerPullRequest: 25,
        maxFilesPerPullRequest: 300,
        maxPacketBytes: 65536,
        maxEvidenceBytes: 104857600,
      },
    });
  });

  it('says once which of team or members a group needs', () => {
    const result = parsePolicy(
      BASE.replace('    members: [admin-1]\n', '    description: x\n'),
      FILE,
    );
    expect(result.findings.map((finding) => finding.message)).toEqual([
      '/groups/admins needs at least one of: team, members',
    ]);
  });

  it.each([
    ['broken YAML', `${BASE}groups: [\n`, 'POLICY_YAML_SYNTAX', '', 11],
    ['a duplicate key', `${BASE}admin_group: finance\n`, 'POLICY_YAML_SYNTAX', '', 11],
    ['an unknown field', `${BASE}approvers: 2\n`, 'POLICY_SCHEMA', '/approvers', 11],
    [
      'an unquoted amount',
      `${BASE}approval_tiers:\n  - name: lead\n    above_amount: { USD: 1000.00 }\n    groups: [finance]\n`,
      'POLICY_SCHEMA',
      '/approval_tiers/0/above_amount/USD',
      13,
    ],
    [
      'an amount with a separator',
      `${BASE}approval_tiers:\n  - name: lead\n    above_percent: '1,000'\n    groups: [finance]\n`,
      'POLICY_SCHEMA',
      '/approval_tiers/0/above_percent',
      13,
    ],
    [
      'a tier without a threshold',
      `${BASE}approval_tiers:\n  - name: lead\n    groups: [finance]\n`,
      'POLICY_SCHEMA',
      '/approval_tiers/0',
      12,
    ],
    [
      'a group without team or members',
      BASE.replace('    members: [admin-1]\n', '    description: nobody\n'),
      'POLICY_SCHEMA',
      '/groups/admins',
      8,
    ],
    [
      'a tier naming an undefined group',
      `${BASE}approval_tiers:\n  - name: lead\n    above_percent: '10'\n    groups: [directors]\n`,
      'POLICY_UNKNOWN_GROUP',
      '/approval_tiers/0/groups/0',
      14,
    ],
    [
      'finance_group naming an undefined group',
      BASE.replace('finance_group: finance', 'finance_group: money'),
      'POLICY_UNKNOWN_GROUP',
      '/finance_group',
      9,
    ],
    // Names Object.prototype holds are not groups, whichever reader built the policy.
    [
      'finance_group naming constructor',
      BASE.replace('finance_group: finance', 'finance_group: constructor'),
      'POLICY_UNKNOWN_GROUP',
      '/finance_group',
      9,
    ],
    [
      'admin_group naming __proto__ (read by the YAML library)',
      BASE.replace('admin_group: admins', "admin_group: '__proto__' # \t"),
      'POLICY_UNKNOWN_GROUP',
      '/admin_group',
      10,
    ],
    [
      'a tier naming toString',
      `${BASE}approval_tiers:\n  - name: lead\n    above_percent: '10'\n    groups:\n      - toString\n`,
      'POLICY_UNKNOWN_GROUP',
      '/approval_tiers/0/groups/0',
      15,
    ],
    [
      'a team of another organisation',
      BASE.replace('@example-org/finance', '@other-org/finance'),
      'POLICY_TEAM_ORGANISATION',
      '/groups/finance/team',
      5,
    ],
    [
      'an unknown time zone',
      `${BASE}billing_close:\n  close_days_after_period_end: 5\n  time_zone: Mars/Olympus\n`,
      'POLICY_TIME_ZONE',
      '/billing_close/time_zone',
      13,
    ],
    [
      'two tiers with one name',
      `${BASE}approval_tiers:\n  - { name: a, above_percent: '1', groups: [finance] }\n  - { name: a, above_percent: '2', groups: [finance] }\n`,
      'POLICY_DUPLICATE_TIER',
      '/approval_tiers/1/name',
      13,
    ],
  ])('rejects %s', (_label, text, code, field, line) => {
    const result = parsePolicy(text, FILE);
    expect(result.policy).toBeUndefined();
    expect(result.findings).toContainEqual(
      expect.objectContaining({ code, field, line, file: FILE, severity: 'error' }),
    );
  });
});
