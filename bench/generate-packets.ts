/**
 * Generates a packet repository for the benchmark: `owners x months` valid packets, each with a
 * small OpenAI cost export as evidence, from a fixed seed so every run measures the same files.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** A small deterministic PRNG (mulberry32): the same seed gives the same repository. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GeneratedPacket {
  path: string;
  text: string;
}

/** Writes `count` packets under `root/packets/` and returns their repository paths. */
export function generatePacketRepository(root: string, count: number, seed = 7): string[] {
  const next = random(seed);
  const owners = Math.max(1, Math.ceil(count / 48));
  const paths: string[] = [];
  writeAllocation(root, owners);
  writeOwnership(root, owners);

  for (let index = 0; index < count; index++) {
    const owner = `team-${String(index % owners).padStart(4, '0')}`;
    const month = Math.floor(index / owners);
    const packet = makePacket(owner, month, next);
    const full = path.join(root, packet.path);
    mkdirSync(path.dirname(full), { recursive: true });
    mkdirSync(path.join(path.dirname(full), 'evidence'), { recursive: true });
    writeFileSync(path.join(root, packet.evidencePath), packet.evidence);
    writeFileSync(full, packet.text);
    paths.push(packet.path);
  }
  return paths;
}

function makePacket(owner: string, month: number, next: () => number) {
  const year = 2022 + Math.floor(month / 12);
  const mm = String((month % 12) + 1).padStart(2, '0');
  const end = new Date(Date.UTC(year, (month % 12) + 1, 0)).toISOString().slice(0, 10);
  const filed = new Date(Date.UTC(year, (month % 12) + 1, 3)).toISOString().slice(0, 10);
  const review = new Date(Date.UTC(year, (month % 12) + 2, 1)).toISOString().slice(0, 10);
  const id = `EXC-${filed}-${owner.toUpperCase()}`;

  // Amounts in whole cents so the packet's figures are exact sums of the export.
  const budgetCents = 100_000 + Math.floor(next() * 400_000);
  const shares = [1 + Math.floor(next() * 90_000), 1 + Math.floor(next() * 90_000)];
  const first = budgetCents + shares[0]!;
  const second = shares[1]!;
  const billed = first + second;
  const overage = billed - budgetCents;
  const pct = ((BigInt(overage) * 100_000n) / BigInt(budgetCents) + 5n) / 10n; // 2 places, half-up

  const evidencePath = `packets/${owner}/evidence/openai-${year}-${mm}.json`;
  const evidence = JSON.stringify({
    object: 'page',
    data: [
      {
        object: 'bucket',
        start_time: Date.UTC(year, month % 12, 1) / 1000,
        end_time: Date.UTC(year, (month % 12) + 1, 1) / 1000,
        results: [
          {
            object: 'organization.costs.result',
            amount: { value: cents(first), currency: 'usd' },
            line_item: null,
            project_id: `proj_${owner}_a`,
          },
          {
            object: 'organization.costs.result',
            amount: { value: cents(second), currency: 'usd' },
            line_item: null,
            project_id: `proj_${owner}_b`,
          },
        ],
      },
    ],
    has_more: false,
    next_page: null,
  }).replace(/"__(\d+\.\d+)"/g, '$1');
  const sha256 = createHash('sha256').update(evidence).digest('hex');

  const text = `# yaml-language-server: $schema=../../schemas/packet.schema.json
exception_packet_id: ${id}
review_period_start: "${year}-${mm}-01"
review_period_end: "${end}"
api_provider: OpenAI
currency: USD
cost_column: BilledCost
billed_total: "${cents(billed).slice(2)}"
budget_amount: "${cents(budgetCents).slice(2)}"
overage_amount: "${cents(overage).slice(2)}"
overage_pct_above_threshold: "${(pct / 100n).toString()}.${(pct % 100n).toString().padStart(2, '0')}"
evidence:
  - path: ${evidencePath}
    sha256: ${sha256}
    format: openai
segments:
  - label: Assistant (proj_${owner}_a)
    amount: "${cents(first).slice(2)}"
    owner: ${owner}
  - label: Batch jobs (proj_${owner}_b)
    amount: "${cents(second).slice(2)}"
    owner: ${owner}
business_justification: >-
  A seasonal peak in requests to the assistant pushed the month over budget; the extra spend
  served customers who would otherwise have waited for a person.
allocation_owner: ${owner}
approver_name: PENDING
approved_at: PENDING
corrective_action: Cache repeated prompts and batch the nightly jobs; tracked in OPS-${month + 100}.
corrective_action_target_date: "${review}"
next_review_date: "${review}"
packet_status: pending_approval
`;
  return { path: `packets/${owner}/${id}.yaml`, text, evidencePath, evidence };
}

/** Cents as decimal dollars, marked so the JSON writer leaves them unquoted. */
function cents(value: number): string {
  return `__${Math.floor(value / 100)}.${String(value % 100).padStart(2, '0')}`;
}

/** Maps each owner's two projects to it, so every segment is proved by the export. */
function writeAllocation(root: string, owners: number): void {
  const rules: string[] = [];
  for (let index = 0; index < owners; index++) {
    const owner = `team-${String(index).padStart(4, '0')}`;
    for (const suffix of ['a', 'b']) {
      rules.push(`  - owner: ${owner}\n    match:\n      project: proj_${owner}_${suffix}`);
    }
  }
  mkdirSync(path.join(root, '.github'), { recursive: true });
  writeFileSync(path.join(root, '.github/packet-allocation.yml'), `rules:\n${rules.join('\n')}\n`);
}

/** CODEOWNERS mapping each owner folder to its team and finance, and a policy naming them. */
function writeOwnership(root: string, owners: number): void {
  const lines = ['*  @bench/admins'];
  for (let index = 0; index < owners; index++) {
    const owner = `team-${String(index).padStart(4, '0')}`;
    lines.push(`/packets/${owner}/  @bench/${owner} @bench/finance`);
  }
  writeFileSync(path.join(root, 'CODEOWNERS'), `${lines.join('\n')}\n`);
  const policy = [
    'version: 1',
    'organisation: bench',
    'groups:',
    '  finance:',
    "    team: '@bench/finance'",
    '  admins:',
    "    team: '@bench/admins'",
    'finance_group: finance',
    'admin_group: admins',
    'billing_close:',
    '  close_days_after_period_end: 5',
    '  time_zone: UTC',
    '',
  ];
  writeFileSync(path.join(root, '.github/packet-policy.yml'), policy.join('\n'));
}
