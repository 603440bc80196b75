import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllocationConfig } from '../../../../scripts/core/evidence/allocation-config.js';
import { summarizeExport } from '../../../../scripts/core/evidence/summarize.js';
import { BILLING, HAVE_BILLING, chunksOf, readAll } from '../support.js';

const allocation = parseAllocationConfig(
  'rules:\n  - owner: ml-platform\n    match:\n      tag:\n        key: CostCenter\n        value: "1234"\n',
).config;

const HEADER =
  'BillingPeriodStartDate,BillingPeriodEndDate,SubscriptionId,Date,Product,MeterCategory,Cost,BillingCurrency,Tags,ResourceGroup,ChargeType';
const SMALL = [
  HEADER,
  '09/01/2023,09/30/2023,sub-1,09/04/2023,Blob storage,Storage,0.0000111390,USD,"""CostCenter"": ""1234"",""env"": ""prod""",rg-a,Usage',
  '09/01/2023,09/30/2023,sub-2,09/21/2023,Reserved VM,Virtual Machines,3.25,USD,,,Purchase',
].join('\r\n');

describe('readAzureEa', () => {
  it('reads US dates, braceless tags and every row as actual cost', async () => {
    const { items, problems } = await readAll(chunksOf(`\uFEFF${SMALL}\r\n`), {
      format: 'azure-ea',
    });
    expect(problems).toEqual([]);
    expect(items.map((i) => [i.chargeStart, i.chargeEnd, i.amount, i.keys.tags])).toEqual([
      ['2023-09-04', '2023-09-05', '0.0000111390', { CostCenter: '1234', env: 'prod' }],
      ['2023-09-21', '2023-09-22', '3.25', {}],
    ]);
    expect(items[0]!.keys).toMatchObject({
      provider: 'Microsoft',
      sub_account: 'sub-1',
      service: 'Storage',
      project: 'rg-a',
    });
  });

  it('covers the billing period through its inclusive last day', async () => {
    const { events } = await readAll(chunksOf(SMALL), { format: 'azure-ea' });
    const summary = summarizeExport(events, {
      periodStart: '2023-09-01',
      periodEnd: '2023-09-30',
      allocation,
    });
    expect([summary.coverage, summary.covered]).toEqual([
      { start: '2023-09-01', end: '2023-10-01' },
      true,
    ]);
    expect(summary.total).toBe('3.250011139');
  });

  it.skipIf(!HAVE_BILLING)('reproduces the EA sample total to the last digit', async () => {
    const text = readFileSync(path.join(BILLING, 'azure/ea_actual_cost_small.csv'), 'utf8');
    const { events, items } = await readAll(chunksOf(text, 4096), { format: 'azure-ea' });
    const summary = summarizeExport(events, {
      periodStart: '2023-09-01',
      periodEnd: '2023-09-30',
      allocation,
    });

    expect(items).toHaveLength(11);
    expect(summary.problems).toEqual([]);
    expect([summary.total, summary.currency, summary.covered]).toEqual([
      '8.5450077867419368',
      'USD',
      true,
    ]);
    // CostCenter 1234: 0.00004 + 0.000011139 + 0.000002 + 1.9584 + 0.4838709677419368.
    expect(summary.owners.map((o) => [o.owner, o.amount, o.items])).toEqual([
      ['ml-platform', '2.4423241067419368', 5],
      ['unallocated', '6.10268368', 6],
    ]);
  });
});
