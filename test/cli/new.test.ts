import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify as losslessStringify, parse as losslessParse } from 'lossless-json';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Packet } from '../../scripts/core/packet/packet.js';
import { FIXTURES, REPO_ROOT, SHARED_BILLING } from '../support/paths.js';
import { runCli } from '../support/run-cli.js';
import { tempDir } from '../support/temp-dir.js';

const EXPORTS = path.join(FIXTURES, 'exports');
const ALERTS = path.join(FIXTURES, 'alerts');
const TODAY = '2026-11-02';

/** The shared real samples; `BILLING_FIXTURES` points elsewhere for a checkout not beside them. */
const BILLING = process.env.BILLING_FIXTURES ?? SHARED_BILLING;
const HAVE_BILLING = existsSync(BILLING);
if (!HAVE_BILLING) console.warn(`skipping packet new tests on real samples: ${BILLING} is absent`);

/** An empty packet repository with the project's schemas, CODEOWNERS and the fixtures' mapping. */
function emptyRepo(): string {
  const root = tempDir({ 'packets/.keep': '' });
  for (const part of ['schemas', '.github', 'CODEOWNERS']) {
    cpSync(path.join(REPO_ROOT, part), path.join(root, part), { recursive: true });
  }
  cpSync(path.join(EXPORTS, 'allocation.yml'), path.join(root, '.github/packet-allocation.yml'));
  return root;
}

/** What a person writes in place of each marker. */
const FILLED: Record<string, string> = {
  business_justification:
    'A one-off re-index of the catalogue ran in October; the release needed it and it will not recur.',
  corrective_action: 'Cap the re-index job in the gateway and plan re-indexes; tracked in OPS-12.',
  corrective_action_target_date: '2026-12-15',
  next_review_date: '2026-12-01',
  resolution_plan: 'Ask the provider which project the cost belongs to; tracked in FIN-7.',
  resolution_target_date: '2026-12-31',
};

function fillIn(text: string): string {
  return text.replace(
    /^(\s*)([a-z_]+): "\[(?:TODO: [^\]]*|YYYY-MM-DD)\]"$/gm,
    (_, indent: string, key: string) => `${indent}${key}: ${JSON.stringify(FILLED[key])}`,
  );
}

async function validateJson(root: string, target: string) {
  const run = await runCli(['validate', '--format', 'json', target], { cwd: root });
  const report = JSON.parse(run.stdout) as { findings: { code: string; field: string }[] };
  return { code: run.code, findings: report.findings.map((f) => [f.code, f.field]) };
}

const HUMAN = [
  '/business_justification',
  '/corrective_action',
  '/corrective_action_target_date',
  '/next_review_date',
];
const unallocatedAt = (index: number) => [
  `/segments/${index}/resolution_plan`,
  `/segments/${index}/resolution_target_date`,
];

// Figures worked by hand from test/fixtures/exports/README.md, rounded half-even to cents.
const CASES = [
  {
    file: 'focus-small.csv',
    format: 'focus',
    owner: 'ml-platform',
    budget: '250',
    period: ['2026-10-01', '2026-10-31'],
    figures: ['Microsoft', '294.86', '250.00', '44.86', '17.94'],
    segments: [
      ['data-eng', '200.26'],
      ['ml-platform', '94.60'],
      ['unallocated', '0.00'],
    ],
    marked: [...unallocatedAt(2), ...HUMAN],
  },
  {
    file: 'openai-costs.json',
    format: 'openai',
    owner: 'search',
    budget: '10.00',
    period: ['2026-10-01', '2026-10-03'],
    figures: ['OpenAI', '12.42', '10.00', '2.42', '24.20'],
    segments: [
      ['ml-platform', '12.35'],
      ['search', '0.06'],
      ['unallocated', '0.01'],
    ],
    marked: [...unallocatedAt(2), ...HUMAN],
  },
  {
    file: 'openai-dashboard.csv',
    format: 'openai-csv',
    owner: 'search',
    budget: '4.00',
    period: ['2026-10-01', '2026-10-02'],
    figures: ['OpenAI', '4.75', '4.00', '0.75', '18.75'],
    segments: [
      ['ml-platform', '3.50'],
      ['search', '1.25'],
    ],
    marked: HUMAN,
  },
  {
    file: 'anthropic-cost-report.json',
    format: 'anthropic',
    owner: 'support-bots',
    budget: '100',
    period: ['2026-10-01', '2026-10-02'],
    figures: ['Anthropic', '123.96', '100.00', '23.96', '23.96'],
    segments: [
      ['support-bots', '123.46'],
      ['unallocated', '0.50'],
    ],
    marked: [...unallocatedAt(1), ...HUMAN],
  },
  {
    file: 'cometapi-usage.csv',
    format: 'csv --mapping cometapi',
    owner: 'support-bots',
    budget: '1.00',
    period: ['2026-10-01', '2026-10-02'],
    figures: ['CometAPI', '1.75', '1.00', '0.75', '75.00'],
    segments: [
      ['support-bots', '0.50'],
      ['unallocated', '1.25'],
    ],
    marked: [...unallocatedAt(1), ...HUMAN],
  },
];

describe('packet new on each fixture format', () => {
  it.each(CASES)(
    'drafts $file ($format) that fails only on its markers, then validates clean once filled',
    async (c) => {
      const root = emptyRepo();
      const args = ['--export', path.join(EXPORTS, c.file), '--owner', c.owner];
      const run = await runCli(['new', ...args, '--budget', c.budget, '--today', TODAY], {
        cwd: root,
      });
      const packetPath = `packets/${c.owner}/EXC-${TODAY}-${c.owner.toUpperCase()}.yaml`;
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`Format: ${c.format} (detected: `);
      expect(run.stdout).toContain(`Wrote ${packetPath}`);
      expect(run.stdout).toContain(`npm run validate -- packets/${c.owner}`);

      // The draft: figures from the export, evidence copied byte for byte.
      const file = path.join(root, packetPath);
      const draft = parse(readFileSync(file, 'utf8')) as Packet;
      expect([draft.review_period_start, draft.review_period_end]).toEqual(c.period);
      expect([
        draft.api_provider,
        draft.billed_total,
        draft.budget_amount,
        draft.overage_amount,
        draft.overage_pct_above_threshold,
      ]).toEqual(c.figures);
      expect(draft.segments.map((s) => [s.owner, s.amount])).toEqual(c.segments);
      expect(draft.evidence[0]!.path).toBe(`packets/${c.owner}/evidence/${c.file}`);
      expect(readFileSync(path.join(root, draft.evidence[0]!.path))).toEqual(
        readFileSync(path.join(EXPORTS, c.file)),
      );
      for (const field of c.marked) {
        const name = field.slice(1).replace(/\/(\d+)\//, '[$1].');
        expect(run.stdout).toContain(`       ${name}\n`);
      }

      // Validation rejects exactly the human fields, then passes once they are filled.
      const before = await validateJson(root, packetPath);
      expect(before.code).toBe(1);
      expect(before.findings).toEqual(c.marked.map((field) => ['PLACEHOLDER_LEFT', field]));

      writeFileSync(file, fillIn(readFileSync(file, 'utf8')));
      const after = await runCli(['validate', packetPath], { cwd: root });
      expect(after.stdout).toBe('1 packet, 1 valid, 0 errors');
      expect(after.code).toBe(0);
    },
  );

  it('reads the export as told with --format, and EffectiveCost for FOCUS', async () => {
    const root = emptyRepo();
    const run = await runCli(
      [
        'new',
        ...['--export', path.join(EXPORTS, 'focus-small.csv'), '--owner', 'ml-platform'],
        ...['--budget', '200', '--period', '2026-10', '--format', 'focus'],
        ...['--cost-column', 'EffectiveCost', '--today', TODAY],
      ],
      { cwd: root },
    );
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('detected');
    const file = path.join(root, 'packets/ml-platform/EXC-2026-11-02-ML-PLATFORM.yaml');
    const draft = parse(readFileSync(file, 'utf8')) as Packet;
    // EffectiveCost 90.00 + 180.5 + 0 - 5.5 = 265.
    expect([draft.cost_column, draft.billed_total, draft.overage_amount]).toEqual([
      'EffectiveCost',
      '265.00',
      '65.00',
    ]);
    writeFileSync(file, fillIn(readFileSync(file, 'utf8')));
    expect((await runCli(['validate'], { cwd: root })).code).toBe(0);
  });
});
