import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllocationConfig } from '../../../../scripts/core/evidence/allocation-config.js';
import type { ReadOptions } from '../../../../scripts/core/evidence/readers/read-export.js';
import { summarizeExport } from '../../../../scripts/core/evidence/summarize.js';
import { EXPORTS, REPO_ROOT, fileChunks, readAll } from '../support.js';

const allocation = parseAllocationConfig(
  readFileSync(path.join(REPO_ROOT, 'test/fixtures/exports/allocation.yml'), 'utf8'),
).config;

interface Case {
  file: string;
  options: Pick<ReadOptions, 'format'> & Partial<ReadOptions>;
  period: [string, string];
  items: number;
  total: string;
  owners: Record<string, string>;
}

// Totals worked out by hand in test/fixtures/exports/README.md.
const CASES: Case[] = [
  {
    file: 'focus-small.csv',
    options: { format: 'focus' },
    period: ['2026-10-01', '2026-10-31'],
    items: 4,
    total: '294.85500000001',
    owners: { 'data-eng': '200.255', 'ml-platform': '94.6', unallocated: '0.00000000001' },
  },
  {
    file: 'focus-small.csv',
    options: { format: 'focus', costColumn: 'EffectiveCost' },
    period: ['2026-10-01', '2026-10-31'],
    items: 4,
    total: '265',
    owners: { 'data-eng': '180.5', 'ml-platform': '84.5', unallocated: '0' },
  },
  {
    file: 'openai-costs.json',
    options: { format: 'openai' },
    period: ['2026-10-01', '2026-10-03'],
    items: 3,
    total: '12.415678901234567891',
    owners: { 'ml-platform': '12.345678901234567891', search: '0.06', unallocated: '0.01' },
  },
  {
    file: 'openai-dashboard.csv',
    options: { format: 'openai-csv' },
    period: ['2026-10-01', '2026-10-02'],
    items: 2,
    total: '4.75',
    owners: { 'ml-platform': '3.5', search: '1.25' },
  },
  {
    file: 'anthropic-cost-report.json',
    options: { format: 'anthropic' },
    period: ['2026-10-01', '2026-10-02'],
    items: 3,
    total: '123.956889',
    owners: { 'support-bots': '123.456889', unallocated: '0.5' },
  },
  {
    file: 'cometapi-usage.csv',
    options: { format: 'csv', mapping: 'cometapi' },
    period: ['2026-10-01', '2026-10-02'],
    items: 2,
    total: '1.75',
    owners: { 'support-bots': '0.5', unallocated: '1.25' },
  },
];

describe('export readers on the project fixtures', () => {
  it.each(CASES)('$file ($options.format $options.costColumn) sums to $total', async (c) => {
    const { events, problems } = await readAll(
      fileChunks(path.join(EXPORTS, c.file)),
      c.options,
      allocation,
    );
    expect(problems).toEqual([]);
    const summary = summarizeExport(events, {
      periodStart: c.period[0],
      periodEnd: c.period[1],
      allocation,
    });
    expect(summary.problems).toEqual([]);
    expect(summary.items).toBe(c.items);
    expect(summary.total).toBe(c.total);
    expect(Object.fromEntries(summary.owners.map((o) => [o.owner, o.amount]))).toEqual(c.owners);
    expect(summary.currency).toBe('USD');
    expect(summary.covered).toBe(true);
  });

  it('keeps a quoted newline inside one FOCUS field and reads the next row whole', async () => {
    const { items } = await readAll(fileChunks(path.join(EXPORTS, 'focus-small.csv')), {
      format: 'focus',
    });
    expect(items.map((i) => i.source)).toEqual(['row 2', 'row 3', 'row 4', 'row 5']);
    expect(items[1]).toMatchObject({
      chargeStart: '2026-10-14',
      chargeEnd: '2026-10-15',
      currency: 'USD',
      keys: { provider: 'Microsoft', sub_account: 'sub-data', tags: { team: 'data-eng' } },
    });
    // A 22:00-23:00 charge covers its one day; NULL keys are absent, not the text "NULL".
    expect(items[2]).toMatchObject({
      chargeStart: '2026-10-31',
      chargeEnd: '2026-11-01',
      amount: '0.00000000001',
    });
    expect(items[2]!.keys.sub_account).toBeUndefined();
    // The cost column wins over unit price x quantity (0.0000025 x 40000000 = 100).
    expect(items[0]!.amount).toBe('100.10');
  });

  it('reads OpenAI dollars with every digit and the source path of each result', async () => {
    const { items } = await readAll(fileChunks(path.join(EXPORTS, 'openai-costs.json')), {
      format: 'openai',
    });
    expect(items.map((i) => [i.source, i.amount, i.chargeStart, i.chargeEnd])).toEqual([
      ['$[0].data[0].results[0]', '12.345678901234567891', '2026-10-01', '2026-10-02'],
      ['$[0].data[0].results[1]', '0.06', '2026-10-01', '2026-10-02'],
      ['$[1].data[0].results[0]', '0.01', '2026-10-02', '2026-10-03'],
    ]);
    expect(items[1]!.keys).toEqual({
      provider: 'OpenAI',
      project: 'proj_search',
      api_key: 'key_search',
      line_item: 'gpt-4o, output',
      tags: {},
    });
  });

  it('reads Anthropic cents as units and a null workspace as the default one', async () => {
    const { items } = await readAll(fileChunks(path.join(EXPORTS, 'anthropic-cost-report.json')), {
      format: 'anthropic',
    });
    expect(items.map((i) => [i.amount, i.keys.workspace])).toEqual([
      ['123.456789', 'wrkspc_support'],
      ['0.5', 'default'],
      ['0.0001', 'wrkspc_support'],
    ]);
  });
});
