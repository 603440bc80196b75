/** A small organisation and one packet, as the shell would hand them to the evaluation. */
import type { ReviewInput, SignoffInput } from '../../../scripts/core/signoff/types.js';

export const PACKET = 'packets/ml-platform/EXC-2026-11-03-ML-PLATFORM.yml';
export const EVIDENCE = 'evidence/2026-10/openai-usage.csv';
export const HEAD = 'a'.repeat(40);
/** The packet was different here (a later push edited it). */
export const OLD = 'b'.repeat(40);
/** Same blobs as the head: a rebase. */
export const REBASED = 'c'.repeat(40);
/** Same packet, other evidence bytes. */
export const EVIDENCE_CHANGED = 'd'.repeat(40);

export const CODEOWNERS = `* @acme/repo-admins
/packets/ml-platform/ @acme/ml-platform @acme/finance
/packets/search/ @acme/search @acme/finance
/packets/orphan/
/packets/mailed/ ops@acme.example @acme/finance
`;

export const POLICY = `version: 1
organisation: acme
groups:
  finance:
    team: '@acme/finance'
    members: [fin-1, fin-2, a-dual]
  admins:
    team: '@acme/repo-admins'
    members: [admin-1]
  leads:
    team: '@acme/eng-leads'
  directors:
    members: [dir-1]
finance_group: finance
admin_group: admins
approval_tiers:
  - name: lead
    above_amount: { USD: '1000.00' }
    above_percent: '25'
    groups: [leads]
  - name: director
    above_amount: { USD: '10000.00' }
    groups: [directors]
limits:
  max_packets_per_pull_request: 3
`;

export function packetData(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    exception_packet_id: 'EXC-2026-11-03-ML-PLATFORM',
    review_period_start: '2026-10-01',
    review_period_end: '2026-10-31',
    currency: 'USD',
    overage_amount: '500.00',
    overage_pct_above_threshold: '10.00',
    allocation_owner: 'ml-platform',
    evidence: [{ path: EVIDENCE, sha256: 'f'.repeat(64), format: 'openai' }],
    segments: [{ label: 'inference', amount: '500.00', owner: 'ml-platform' }],
    ...overrides,
  };
}

let nextId = 1;

/** A review; `at` orders reviews in time (minutes after a fixed start). */
export function review(
  login: string,
  state: ReviewInput['state'],
  commitId = HEAD,
  at = nextId,
  accountType = 'User',
): ReviewInput {
  const id = nextId++;
  const submittedAt = new Date(Date.UTC(2026, 10, 4, 9, at)).toISOString();
  return { id, login, accountType, state, commitId, submittedAt, body: '' };
}

export function input(overrides: Partial<SignoffInput> = {}): SignoffInput {
  const blobs = (packet: string, evidence: string): Record<string, string> => ({
    [PACKET]: packet,
    [EVIDENCE]: evidence,
  });
  return {
    pr: { number: 7, author: 'ml-author', headSha: HEAD, baseSha: 'e'.repeat(40) },
    changedFiles: [{ path: PACKET, status: 'added' }],
    packets: [{ path: PACKET, data: packetData(), findings: [] }],
    reviews: [],
    blobs: {
      [HEAD]: blobs('p2', 'e1'),
      [OLD]: blobs('p1', 'e1'),
      [REBASED]: blobs('p2', 'e1'),
      [EVIDENCE_CHANGED]: blobs('p2', 'e0'),
    },
    codeowners: { path: '.github/CODEOWNERS', text: CODEOWNERS },
    policyText: POLICY,
    teamMembers: {
      '@acme/ml-platform': ['ml-1', 'ml-2', 'ml-author', 'a-dual'],
      'acme/search': ['se-1'],
      'repo-admins': ['admin-1'],
    },
    ...overrides,
  };
}
