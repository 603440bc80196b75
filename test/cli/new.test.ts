import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify as losslessStringify, parse as losslessParse } from 'lossless-json';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Packet } from '../../scripts/core/packet/packet.js';
import { FIXTURES, REPO_ROOT, SHARED_BILLING } from '../support/paths.js';
import { runCli } from '../../scripts/dev/run-cli.js';
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
  const filled = text.replace(
    /^(\s*)([a-z_]+): "\[(?:TODO: [^\]]*|YYYY-MM-DD)\]"$/gm,
    (_, indent: string, key: string) => `${indent}${key}: ${JSON.stringify(FILLED[key])}`,
  );
  // The fixture exports cover days of October and the drafts are filed in November, after the
  // billing close, so the filled-in packets say why, as a real late packet must.
  return `${filled}late_filing_reason: The provider sent the export after the billing close.\n`;
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

const FOCUS = path.join(EXPORTS, 'focus-small.csv');
const ML_PACKET = 'packets/ml-platform/EXC-2026-11-02-ML-PLATFORM.yaml';
const ML_EVIDENCE = 'packets/ml-platform/evidence/focus-small.csv';
const newFocus = (root: string, ...more: string[]) =>
  runCli(['new', '--export', FOCUS, '--owner', 'ml-platform', '--today', TODAY, ...more], {
    cwd: root,
  });

describe('packet new never replaces a file', () => {
  it('refuses a second packet for the same owner and day and leaves the first as it was', async () => {
    const root = emptyRepo();
    expect((await newFocus(root, '--budget', '250')).code).toBe(0);
    const first = readFileSync(path.join(root, ML_PACKET), 'utf8');

    const again = await newFocus(root, '--budget', '100');

    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`${ML_PACKET} already exists`);
    expect(again.stderr).toContain('Edit that packet instead');
    expect(readFileSync(path.join(root, ML_PACKET), 'utf8')).toBe(first);
  });

  it('refuses to file an export again for the same owner and period, unless it was denied', async () => {
    const root = emptyRepo();
    expect((await newFocus(root, '--budget', '250')).code).toBe(0);
    const later = (...more: string[]) =>
      runCli(
        ['new', '--export', FOCUS, '--owner', 'ml-platform', '--today', '2026-11-03', ...more],
        {
          cwd: root,
        },
      );

    const again = await later('--budget', '250');

    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(
      new RegExp(
        `${ML_PACKET} already files this export for ml-platform and \\d{4}-\\d{2}-\\d{2}\\.\\.`,
      ),
    );
    expect(again.stderr).toContain('Amend that packet instead');
    expect(readdirSync(path.join(root, 'packets/ml-platform'))).toEqual([
      'EXC-2026-11-02-ML-PLATFORM.yaml',
      'evidence',
    ]);

    const first = path.join(root, ML_PACKET);
    const text = readFileSync(first, 'utf8');
    expect(text).toContain('packet_status: draft\n');
    writeFileSync(first, text.replace('packet_status: draft\n', 'packet_status: denied\n'));
    expect((await later('--budget', '250')).code).toBe(0);
  });

  it('refuses evidence of the same name with other bytes, and writes no packet', async () => {
    const root = emptyRepo();
    mkdirSync(path.join(root, 'packets/ml-platform/evidence'), { recursive: true });
    writeFileSync(path.join(root, ML_EVIDENCE), 'older export\n');

    const run = await newFocus(root, '--budget', '250');

    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${ML_EVIDENCE} already exists with other bytes`);
    expect(readFileSync(path.join(root, ML_EVIDENCE), 'utf8')).toBe('older export\n');
    expect(existsSync(path.join(root, ML_PACKET))).toBe(false);
  });

  it('cites evidence already there with the same bytes, even when it is the export given', async () => {
    const root = emptyRepo();
    mkdirSync(path.join(root, 'packets/ml-platform/evidence'), { recursive: true });
    cpSync(FOCUS, path.join(root, ML_EVIDENCE));

    const run = await runCli(
      ['new', '--export', ML_EVIDENCE, '--owner', 'ml-platform', '--budget', '250'],
      { cwd: root },
    );

    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`${ML_EVIDENCE} was already there with the same bytes`);
    expect(readFileSync(path.join(root, ML_EVIDENCE))).toEqual(readFileSync(FOCUS));
  });
});

describe('packet new --alert', () => {
  it('takes the budget and month from a GCP budget alert, never its cost', async () => {
    const root = emptyRepo();
    const run = await newFocus(root, '--alert', path.join(ALERTS, 'gcp-budget-over.json'));

    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'Alert: budget 250 USD for 2026-10-01 to 2026-10-31 (alert cost 281.17, threshold 1 crossed); the figures come from the export, not the alert.',
    );
    const draft = parse(readFileSync(path.join(root, ML_PACKET), 'utf8')) as Packet;
    expect([
      draft.review_period_start,
      draft.review_period_end,
      draft.budget_amount,
      draft.billed_total,
      draft.overage_amount,
    ]).toEqual(['2026-10-01', '2026-10-31', '250.00', '294.86', '44.86']);
  });

  it('uses --budget over the alert and says so', async () => {
    const root = emptyRepo();
    const alert = path.join(ALERTS, 'gcp-budget-over.json');
    const run = await newFocus(root, '--alert', alert, '--budget', '200');

    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Budget: --budget 200 is used, not the alert's 250.");
    const draft = parse(readFileSync(path.join(root, ML_PACKET), 'utf8')) as Packet;
    expect([draft.budget_amount, draft.overage_amount]).toEqual(['200.00', '94.86']);
  });

  it('refuses an alert in another currency than the export, writing nothing', async () => {
    const root = emptyRepo();
    const run = await newFocus(root, '--alert', path.join(ALERTS, 'gcp-budget-eur.json'));

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('ALERT_CURRENCY_MISMATCH');
    expect(existsSync(path.join(root, 'packets/ml-platform'))).toBe(false);
  });

  it('reports an alert without a budget by its field', async () => {
    const root = emptyRepo();
    const file = path.join(root, 'alert.json');
    writeFileSync(file, '{"costAmount": 2, "currencyCode": "USD"}');
    const run = await newFocus(root, '--alert', file);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('ALERT_FIELD_MISSING the alert has no usable budgetAmount');
    expect(existsSync(path.join(root, 'packets/ml-platform'))).toBe(false);
  });

  it.skipIf(!HAVE_BILLING)(
    "reads GCP's own sample notification, with --period over the alert's month",
    async () => {
      const samples = losslessParse(
        readFileSync(path.join(BILLING, 'gcp/budget_notification_examples.json'), 'utf8'),
      ) as Record<string, unknown>;
      const root = emptyRepo();
      const file = path.join(root, 'alert.json');
      writeFileSync(file, losslessStringify(samples.over_budget_90pct)!);

      const run = await newFocus(root, '--alert', file, '--period', '2026-10');

      expect(run.code).toBe(0);
      expect(run.stdout).toContain('(alert cost 20, threshold 0.9 crossed)');
      expect(run.stdout).toContain("Period: --period 2026-10 is used, not the alert's month.");
      const draft = parse(readFileSync(path.join(root, ML_PACKET), 'utf8')) as Packet;
      expect([draft.review_period_start, draft.budget_amount, draft.overage_amount]).toEqual([
        '2026-10-01',
        '10.00',
        '284.86',
      ]);
    },
  );
});

describe('packet new on exports it cannot draft from', () => {
  const HEADER = 'BilledCost,BillingCurrency,ChargePeriodStart,ChargePeriodEnd,Tags';

  it.each([
    {
      name: 'an empty amount',
      rows: ['1.00,USD,2026-10-01,2026-10-02,NULL', ',USD,2026-10-02,2026-10-03,NULL'],
      expected: 'row 3, column BilledCost: EXPORT_AMOUNT_EMPTY',
    },
    {
      name: 'a decimal comma',
      rows: ['"1,50",USD,2026-10-01,2026-10-02,NULL'],
      expected: 'row 2, column BilledCost: EXPORT_AMOUNT_DECIMAL_COMMA',
    },
    {
      name: 'two currencies',
      rows: ['1,USD,2026-10-01,2026-10-02,NULL', '1,EUR,2026-10-02,2026-10-03,NULL'],
      expected: 'row 3: EXPORT_MIXED_CURRENCY',
    },
  ])('stops on $name with the row and column and writes nothing', async ({ rows, expected }) => {
    const root = emptyRepo();
    const file = path.join(root, 'bad.csv');
    writeFileSync(file, [HEADER, ...rows].join('\n') + '\n');

    const run = await runCli(
      ['new', '--export', file, '--owner', 'ml-platform', '--budget', '0.5', '--period', '2026-10'],
      { cwd: root },
    );

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${file} ${expected}`);
    expect(run.stderr).toContain('Nothing was written.');
    expect(existsSync(path.join(root, 'packets/ml-platform'))).toBe(false);
  });

  it('stops when the export does not cover the review period', async () => {
    const root = emptyRepo();
    const run = await runCli(
      [
        'new',
        ...['--export', path.join(EXPORTS, 'openai-dashboard.csv'), '--owner', 'search'],
        ...['--budget', '1', '--period', '2026-10'],
      ],
      { cwd: root },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'file: EVIDENCE_PERIOD_NOT_COVERED the export covers 2026-10-01 to 2026-10-02, not the whole review period 2026-10-01 to 2026-10-31',
    );
    expect(existsSync(path.join(root, 'packets/search'))).toBe(false);
  });

  it('says when it cannot tell the format, and how to give it', async () => {
    const root = emptyRepo();
    const file = path.join(root, 'usage.csv');
    writeFileSync(file, 'when,what,how_much\n2026-10-01,tokens,1.00\n');
    const run = await runCli(['new', '--export', file, '--owner', 'search', '--budget', '1'], {
      cwd: root,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('EXPORT_FORMAT_UNKNOWN');
    expect(run.stderr).toContain('pass --format');
  });

  it.each([
    ['equal to', '294.86'],
    ['above', '300'],
  ])('says there is nothing to file when the budget is %s the total', async (_, budget) => {
    const root = emptyRepo();
    const run = await newFocus(root, '--budget', budget);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `DRAFT_NOT_OVER_BUDGET the export total 294.86 USD does not exceed the budget ${budget}`,
    );
    expect(run.stderr).toContain('there is no exception to file');
    expect(existsSync(path.join(root, 'packets/ml-platform'))).toBe(false);
  });
});

describe('packet new usage', () => {
  const base = ['--export', FOCUS, '--owner', 'ml-platform', '--budget', '250'];
  const without = (option: string) => {
    const at = base.indexOf(option);
    return [...base.slice(0, at), ...base.slice(at + 2)];
  };

  it.each([
    { name: 'no --export', args: without('--export'), says: '--export FILE is required' },
    { name: 'no --owner', args: without('--owner'), says: '--owner ID is required' },
    { name: 'no --budget nor --alert', args: without('--budget'), says: '--budget AMOUNT' },
    {
      name: 'an owner id in capitals',
      args: [...without('--owner'), '--owner', 'ML'],
      says: 'not an owner id',
    },
    {
      name: 'the unallocated owner',
      args: [...without('--owner'), '--owner', 'unallocated'],
      says: 'not an owner id',
    },
    {
      name: 'a budget with a comma',
      args: [...without('--budget'), '--budget', '1,800'],
      says: '--budget',
    },
    {
      name: 'a negative budget',
      args: [...without('--budget'), '--budget=-1'],
      says: 'must not be negative',
    },
    {
      name: 'a period that is not a month',
      args: [...base, '--period', '2026-13'],
      says: 'is not a month',
    },
    { name: '--from without --to', args: [...base, '--from', '2026-10-01'], says: 'go together' },
    {
      name: '--period with --from',
      args: [...base, '--period', '2026-10', '--from', '2026-10-01', '--to', '2026-10-31'],
      says: 'not both',
    },
    {
      name: 'a reversed period',
      args: [...base, '--from', '2026-10-31', '--to', '2026-10-01'],
      says: 'Swap them',
    },
    {
      name: 'an unknown format',
      args: [...base, '--format', 'xml'],
      says: '--format must be one of',
    },
    {
      name: '--mapping with another format',
      args: [...base, '--format', 'focus', '--mapping', 'cometapi'],
      says: '--mapping is for --format csv',
    },
    {
      name: 'an undeclared mapping',
      args: [...base, '--mapping', 'nope'],
      says: 'nope is not declared',
    },
    {
      name: 'EffectiveCost outside FOCUS',
      args: [
        '--export',
        path.join(EXPORTS, 'openai-dashboard.csv'),
        '--owner',
        'search',
        '--budget',
        '1',
        '--cost-column',
        'EffectiveCost',
      ],
      says: 'carry only the billed cost',
    },
    { name: 'an unknown option', args: [...base, '--fast'], says: "Unknown option '--fast'" },
    { name: 'a stray argument', args: [...base, 'extra'], says: 'extra' },
    {
      name: 'an export that is not there',
      args: [...without('--export'), '--export', 'nope.csv'],
      says: '--export nope.csv is not a file',
    },
    {
      name: 'a bad --today',
      args: [...base, '--today', '2026-02-30'],
      says: 'not a calendar date',
    },
  ])('exits 2 with a hint for $name', async ({ args, says }) => {
    const root = emptyRepo();
    const run = await runCli(['new', ...args], { cwd: root });

    expect(run.code).toBe(2);
    expect(run.stderr).toContain(says);
    expect(run.stderr.split('\n').length).toBeGreaterThan(1);
    expect(existsSync(path.join(root, 'packets/ml-platform'))).toBe(false);
  });

  it('prints help with an example', async () => {
    const run = await runCli(['new', '--help'], { cwd: REPO_ROOT });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Example:');
    expect(run.stdout).toContain('packet new --export');
  });

  it('is listed in the command overview', async () => {
    const run = await runCli(['--help'], { cwd: REPO_ROOT });
    expect(run.stdout).toMatch(/^ {2}new {8}draft a packet from a billing export$/m);
  });
});

describe('packet new on the Azure EA sample', () => {
  it.skipIf(!HAVE_BILLING)(
    'detects azure-ea, drafts at the places that add up, and validates once filled',
    async () => {
      const root = emptyRepo();
      writeFileSync(
        path.join(root, '.github/packet-allocation.yml'),
        'rules:\n  - owner: ml-platform\n    match:\n      tag:\n        key: CostCenter\n        value: "1234"\n',
      );
      const run = await runCli(
        [
          'new',
          ...['--export', path.join(BILLING, 'azure/ea_actual_cost_small.csv')],
          ...['--owner', 'ml-platform', '--budget', '8', '--today', '2023-10-05'],
        ],
        { cwd: root },
      );

      expect(run.code).toBe(0);
      expect(run.stdout).toContain('Format: azure-ea (detected: ');
      expect(run.stdout).toContain('Period: 2023-09-01 to 2023-09-30, the days the export covers');
      const file = path.join(root, 'packets/ml-platform/EXC-2023-10-05-ML-PLATFORM.yaml');
      const draft = parse(readFileSync(file, 'utf8')) as Packet;
      // Exact 8.5450077867419368 = 2.4423241067419368 (CostCenter 1234) + 6.10268368. At cents
      // 2.44 + 6.10 = 8.54 is not 8.55, so three places: 2.442 + 6.103 = 8.545.
      expect([
        draft.amount_places,
        draft.billed_total,
        draft.budget_amount,
        draft.overage_amount,
        draft.overage_pct_above_threshold,
      ]).toEqual([3, '8.545', '8.000', '0.545', '6.81']);
      expect(draft.segments.map((s) => [s.owner, s.amount])).toEqual([
        ['ml-platform', '2.442'],
        ['unallocated', '6.103'],
      ]);

      writeFileSync(file, fillIn(readFileSync(file, 'utf8')));
      const after = await runCli(['validate'], { cwd: root });
      expect(after.stdout).toBe('1 packet, 1 valid, 0 errors');
    },
  );
});
