import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { stringify as losslessStringify, parse as losslessParse } from 'lossless-json';
import { parseAllocationConfig } from '../../../scripts/core/evidence/allocation-config.js';
import { parseBudgetAlert } from '../../../scripts/core/evidence/budget-alert.js';
import { requestFor, summaryKey } from '../../../scripts/core/evidence/facts.js';
import { readExport } from '../../../scripts/core/evidence/readers/read-export.js';
import { summarizeStream } from '../../../scripts/core/evidence/summarize.js';
import { buildDraft } from '../../../scripts/core/packet/draft.js';
import type { EvidenceFormat, Packet } from '../../../scripts/core/packet/packet.js';
import { checkEvidence } from '../../../scripts/core/packet/rules/check-evidence.js';
import {
  BILLING,
  EXPORTS,
  HAVE_BILLING,
  REPO_ROOT,
  chunksOf,
  fileChunks,
} from '../evidence/support.js';

const allocation = parseAllocationConfig(
  readFileSync(path.join(REPO_ROOT, 'test/fixtures/exports/allocation.yml'), 'utf8'),
).config;

const FORMATS: {
  file: string;
  format: EvidenceFormat;
  mapping?: string;
  end: string;
  budget: string;
  provider: string;
}[] = [
  {
    file: 'focus-small.csv',
    format: 'focus',
    end: '2026-10-31',
    budget: '250',
    provider: 'Microsoft',
  },
  {
    file: 'openai-costs.json',
    format: 'openai',
    end: '2026-10-03',
    budget: '10.00',
    provider: 'OpenAI',
  },
  {
    file: 'openai-dashboard.csv',
    format: 'openai-csv',
    end: '2026-10-02',
    budget: '4.00',
    provider: 'OpenAI',
  },
  {
    file: 'anthropic-cost-report.json',
    format: 'anthropic',
    end: '2026-10-02',
    budget: '100',
    provider: 'Anthropic',
  },
  {
    file: 'cometapi-usage.csv',
    format: 'csv',
    mapping: 'cometapi',
    end: '2026-10-02',
    budget: '1.00',
    provider: 'CometAPI',
  },
];

describe('buildDraft', () => {
  it.each(FORMATS)(
    'drafts a packet from $file that, once filled in, the evidence rule passes',
    async (c) => {
      const evidence = {
        path: `packets/ml-platform/evidence/${c.file}`,
        sha256: 'c'.repeat(64),
        format: c.format,
        ...(c.mapping ? { mapping: c.mapping } : {}),
      };
      const period = { periodStart: '2026-10-01', periodEnd: c.end };
      const summary = await summarizeStream(
        readExport(fileChunks(path.join(EXPORTS, c.file)), {
          format: c.format,
          allocation,
          ...(c.mapping ? { mapping: c.mapping } : {}),
        }),
        { ...period, allocation },
      );
      const draft = buildDraft({
        today: '2026-11-02',
        owner: 'ml-platform',
        budget: c.budget,
        ...period,
        provider: c.provider,
        costColumn: 'BilledCost',
        evidence,
        summary,
      });
      if (!('text' in draft)) throw new Error(JSON.stringify(draft.problems));

      expect(draft.text.split('\n')[0]).toBe(
        '# yaml-language-server: $schema=../../schemas/packet.schema.json',
      );
      expect(draft.text).toMatch(/^billed_total: "[0-9.]+"$/m);
      const packet = parse(draft.text) as Packet;
      expect(packet).toMatchObject({
        exception_packet_id: 'EXC-2026-11-02-ML-PLATFORM',
        packet_status: 'draft',
        approved_at: 'PENDING',
        approver_name: 'PENDING',
      });
      expect(packet.business_justification).toMatch(/^\[TODO: /);
      expect(packet.next_review_date).toBe('[YYYY-MM-DD]');

      const facts = new Map([
        [
          evidence.path,
          {
            path: evidence.path,
            sha256: evidence.sha256,
            summaries: { [summaryKey(requestFor(packet, packet.evidence[0]!))]: summary },
          },
        ],
      ]);
      const input = { file: 'x.yaml', packet, numberSources: new Map<string, string>() };
      expect(checkEvidence(input, { evidence: facts })).toEqual([]);
    },
  );

  it('writes enough places for the rounded segments to add up to the total', async () => {
    const summary = await summarizeStream(
      readExport(fileChunks(path.join(EXPORTS, 'focus-small.csv')), {
        format: 'focus',
        allocation,
      }),
      { periodStart: '2026-10-01', periodEnd: '2026-10-31', allocation },
    );
    const draft = buildDraft({
      today: '2026-11-02',
      owner: 'ml-platform',
      budget: '250',
      periodStart: '2026-10-01',
      periodEnd: '2026-10-31',
      provider: 'Microsoft',
      costColumn: 'BilledCost',
      evidence: { path: 'e.csv', sha256: 'c'.repeat(64), format: 'focus' },
      summary,
    });
    const packet = parse((draft as { text: string }).text) as Packet;
    // 94.60 + 200.26 (200.255 half-even) would be 294.86 = total, but 0.00000000001 residue
    // is its own segment; at 2 places it rounds to 0.00 and the sum still agrees.
    expect([
      packet.billed_total,
      packet.overage_amount,
      packet.overage_pct_above_threshold,
    ]).toEqual(['294.86', '44.86', '17.94']);
    expect(packet.segments.map((s) => [s.owner, s.amount])).toEqual([
      ['data-eng', '200.26'],
      ['ml-platform', '94.60'],
      ['unallocated', '0.00'],
    ]);
  });

  it('states amount_places when the segments only add up at more places than cents', async () => {
    // 1.005 + 1.005 = 2.01, but half-even to cents each is 1.00: at 2 places 2.00 != 2.01.
    const text = [
      'BilledCost,BillingCurrency,ChargePeriodStart,ChargePeriodEnd,Tags',
      '1.005,USD,2026-10-01,2026-10-02,"{""team"": ""ml-platform""}"',
      '1.005,USD,2026-10-01,2026-10-02,"{""team"": ""data-eng""}"',
    ].join('\n');
    const summary = await summarizeStream(
      readExport(chunksOf(text), { format: 'focus', allocation }),
      { periodStart: '2026-10-01', periodEnd: '2026-10-01', allocation },
    );
    const draft = buildDraft({
      today: '2026-11-02',
      owner: 'ml-platform',
      budget: '2',
      periodStart: '2026-10-01',
      periodEnd: '2026-10-01',
      provider: 'Microsoft',
      costColumn: 'BilledCost',
      evidence: { path: 'e.csv', sha256: 'c'.repeat(64), format: 'focus' },
      summary,
    });
    const packet = parse((draft as { text: string }).text) as Packet;
    expect([packet.amount_places, packet.billed_total, packet.overage_amount]).toEqual([
      3,
      '2.010',
      '0.010',
    ]);
    expect(packet.segments.map((s) => s.amount)).toEqual(['1.005', '1.005']);
  });

  it('refuses to draft when the export is not over budget', async () => {
    const summary = await summarizeStream(
      readExport(fileChunks(path.join(EXPORTS, 'openai-dashboard.csv')), {
        format: 'openai-csv',
        allocation,
      }),
      { periodStart: '2026-10-01', periodEnd: '2026-10-02', allocation },
    );
    const draft = buildDraft({
      today: '2026-11-02',
      owner: 'ml-platform',
      budget: '5',
      periodStart: '2026-10-01',
      periodEnd: '2026-10-02',
      provider: 'OpenAI',
      costColumn: 'BilledCost',
      evidence: { path: 'e.csv', sha256: 'c'.repeat(64), format: 'openai-csv' },
      summary,
    });
    expect(draft).toEqual({
      problems: [expect.objectContaining({ code: 'DRAFT_NOT_OVER_BUDGET' })],
    });
  });
});

describe.skipIf(!HAVE_BILLING)('parseBudgetAlert on the GCP samples', () => {
  // Read when a test runs: a skipped describe still runs its body to collect the tests.
  const samples = () =>
    losslessParse(
      readFileSync(path.join(BILLING, 'gcp/budget_notification_examples.json'), 'utf8'),
    ) as Record<string, unknown>;
  const text = (name: string) => losslessStringify(samples()[name])!;

  it('takes the budget, currency and month, and keeps the cost only as the trigger', () => {
    expect(parseBudgetAlert(text('over_budget_90pct'))).toEqual({
      budgetName: 'BUDGET_NAME',
      budget: '10',
      alertCost: '20',
      thresholdExceeded: '0.9',
      currency: 'USD',
      periodStart: '2025-05-01',
      periodEnd: '2025-05-31',
    });
    expect(parseBudgetAlert(text('over_budget_threshold_crossed'))).toMatchObject({
      budget: '0.01',
      thresholdExceeded: '1',
    });
    expect(parseBudgetAlert(text('within_budget_no_threshold_key'))).not.toHaveProperty(
      'thresholdExceeded',
    );
  });

  it('says which field is missing', () => {
    expect(parseBudgetAlert('{"costAmount": 2}')).toEqual({
      code: 'ALERT_FIELD_MISSING',
      message: 'the alert has no usable budgetAmount',
    });
    expect(parseBudgetAlert('nope')).toMatchObject({ code: 'ALERT_JSON_MALFORMED' });
  });
});
