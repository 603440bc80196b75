/**
 * The demo's story in one place: who files, who signs for which group, which shipped export
 * the packet is drafted from, and the calendar the events happen on. The dates are fixed so
 * every run writes the same packet, the same records and the same ledger.
 */

/** The organisation the template's CODEOWNERS and policy name. */
export const ORG = 'example-org';
export const REPO = 'cost-exceptions';
export const PULL = 1;

/** The allocation owner the packet is filed for, and the export it is drafted from. */
export const OWNER = 'ml-platform';
export const EXPORT = 'packets/ml-platform/evidence/focus-2026-11.csv';
export const PERIOD = '2026-11';
export const BUDGET = '1800.00';
/** The budget the submitter corrects the packet to after the first approvals. */
export const CORRECTED_BUDGET = '1900.00';

/** The people: the submitter, a member of the owner team, a finance reviewer, an admin. */
export const PEOPLE = {
  submitter: 'alice',
  owner: 'mia',
  finance: 'fiona',
  admin: 'rosa',
} as const;

/** Team members as the stand-in answers them (`org/slug`). */
export const TEAMS: Record<string, string[]> = {
  [`${ORG}/${OWNER}`]: [PEOPLE.owner, PEOPLE.submitter],
  [`${ORG}/finance`]: [PEOPLE.finance],
  [`${ORG}/repo-admins`]: [PEOPLE.admin],
};

/** What only a person can say, as the submitter fills it in. */
export const HUMAN_FIELDS = {
  business_justification:
    'The November re-index of the product catalogue ran the embedding job three times; it was ' +
    'needed for the winter search release and does not repeat every month.',
  corrective_action:
    'Cap the embedding job at one full run per release and book re-indexes against a one-off ' +
    'budget line; tracked as ML-512.',
  corrective_action_target_date: '2026-12-31',
  next_review_date: '2027-01-15',
} as const;

/** The scenario's calendar (ISO-8601 with offset). */
export const WHEN = {
  setUp: '2026-11-01T09:00:00+00:00',
  filed: '2026-12-02',
  pushed: '2026-12-02T10:00:00+00:00',
  corrected: '2026-12-03T11:00:00+00:00',
  merged: '2026-12-04T14:03:00Z',
  closed: '2026-12-04T15:30:00Z',
  /** The day the audit is run on. */
  audited: '2026-12-05',
} as const;

/** The submission time of the nth review of the scenario (one a quarter hour). */
export function reviewTime(n: number): string {
  return new Date(Date.UTC(2026, 11, 3, 9, 15 * n)).toISOString();
}
