/**
 * Policy checks a JSON Schema cannot make: names that must refer to defined groups, teams that
 * must belong to the policy's organisation, a time zone that must exist.
 */
import type { Policy } from './policy.js';
import { ownValue } from '../own-value.js';

export interface PolicyProblem {
  code: string;
  /** JSON Pointer into the policy document. */
  field: string;
  message: string;
}

/** Returns every cross-field problem of a schema-valid policy (empty when it is usable). */
export function crossCheckPolicy(policy: Policy): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const known = Object.keys(policy.groups);
  const unknown = (name: string, field: string, role: string): void => {
    if (ownValue(policy.groups, name)) return;
    problems.push({
      code: 'POLICY_UNKNOWN_GROUP',
      field,
      message: `${role} names group ${JSON.stringify(name)}, which groups does not define; define it or use one of: ${known.join(', ')}`,
    });
  };

  unknown(policy.financeGroup, '/finance_group', 'finance_group');
  unknown(policy.adminGroup, '/admin_group', 'admin_group');
  policy.tiers.forEach((tier, index) => {
    tier.groups.forEach((name, at) => {
      unknown(name, `/approval_tiers/${index}/groups/${at}`, `tier ${tier.name}`);
    });
  });

  const org = policy.organisation.toLowerCase();
  for (const group of Object.values(policy.groups)) {
    const teamOrg = group.team?.slice(1).split('/')[0]?.toLowerCase();
    if (teamOrg !== undefined && teamOrg !== org) {
      problems.push({
        code: 'POLICY_TEAM_ORGANISATION',
        field: `/groups/${group.name}/team`,
        message: `team ${group.team} is not in organisation ${policy.organisation}; write @${policy.organisation}/<team> or change organisation`,
      });
    }
  }

  const names = new Set<string>();
  policy.tiers.forEach((tier, index) => {
    if (names.has(tier.name)) {
      problems.push({
        code: 'POLICY_DUPLICATE_TIER',
        field: `/approval_tiers/${index}/name`,
        message: `tier name ${tier.name} is used twice; give each tier its own name`,
      });
    }
    names.add(tier.name);
  });

  const zone = policy.billingClose?.timeZone;
  if (zone !== undefined && !isTimeZone(zone)) {
    problems.push({
      code: 'POLICY_TIME_ZONE',
      field: '/billing_close/time_zone',
      message: `time zone ${JSON.stringify(zone)} is not an IANA time zone; write one such as Europe/Berlin or UTC`,
    });
  }
  return problems;
}

function isTimeZone(zone: string): boolean {
  // The canonical names are listed at a tenth of the cost of the first formatter (which loads
  // the time-zone data, 10 ms or so, before a run can start checking); UTC and other aliases
  // are not listed, and are left to the formatter.
  if (Intl.supportedValuesOf('timeZone').includes(zone)) return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
