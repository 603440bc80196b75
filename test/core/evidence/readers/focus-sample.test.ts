import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EMPTY_ALLOCATION } from '../../../../scripts/core/evidence/allocation.js';
import { summarizeExport } from '../../../../scripts/core/evidence/summarize.js';
import { dec, sum, toPlain } from '../../../../scripts/core/money/decimal.js';
import { BILLING, HAVE_BILLING, fileChunks, readAll } from '../support.js';

const SAMPLE = path.join(BILLING, 'focus/focus-1.0_official_sample_1000.csv');
const SEPTEMBER = {
  periodStart: '2024-09-01',
  periodEnd: '2024-09-30',
  allocation: EMPTY_ALLOCATION,
};

function totalBy(items: { amount: string }[]): string {
  return toPlain(sum(items.map((i) => dec(i.amount))));
}

describe.skipIf(!HAVE_BILLING)('FOCUS 1.0 official 1,000-row sample', () => {
  it('reproduces the exact BilledCost total to the last digit', async () => {
    const { items, problems, events } = await readAll(fileChunks(SAMPLE), { format: 'focus' });
    expect(problems).toEqual([]);
    expect(items).toHaveLength(1000);
    const summary = summarizeExport(events, SEPTEMBER);
    expect(summary.total).toBe('20.52022672899');
    expect(summary.items).toBe(1000);
    expect(summary.currency).toBe('USD');
    expect(summary.problems).toEqual([]);
    expect(summary.covered).toBe(true);
  });

  it('reads EffectiveCost when asked', async () => {
    const { events } = await readAll(fileChunks(SAMPLE), {
      format: 'focus',
      costColumn: 'EffectiveCost',
    });
    expect(summarizeExport(events, SEPTEMBER).total).toBe('14.97651418586');
  });

  it('matches the per-provider and billing-period totals of the sample README', async () => {
    const { items } = await readAll(fileChunks(SAMPLE), { format: 'focus' });
    const by = (provider: string, period: string) =>
      items.filter((i) => i.keys.provider === provider && i.billingPeriodStart === period);
    expect([totalBy(by('AWS', '2024-09-01')), by('AWS', '2024-09-01').length]).toEqual([
      '18.0066386184',
      942,
    ]);
    expect([totalBy(by('Microsoft', '2024-09-01')), by('Microsoft', '2024-09-01').length]).toEqual([
      '1.97651418586',
      51,
    ]);
    expect([totalBy(by('Oracle', '2024-09-01')), by('Oracle', '2024-09-01').length]).toEqual([
      '0.29707392473',
      6,
    ]);
    expect([totalBy(by('Oracle', '2024-10-01')), by('Oracle', '2024-10-01').length]).toEqual([
      '0.24',
      1,
    ]);
    expect(totalBy(items.filter((i) => i.billingPeriodStart === '2024-09-01'))).toBe(
      '20.28022672899',
    );
  });

  it('trims the leading space of a tag key and keeps tag values', async () => {
    const { items } = await readAll(fileChunks(SAMPLE), { format: 'focus' });
    const keys = new Set(items.flatMap((i) => Object.keys(i.keys.tags)));
    expect([...keys].some((k) => k !== k.trim())).toBe(false);
    expect(keys.has('org')).toBe(true);
    expect(items[1]!.keys.tags).toEqual({
      application: 'BrightLensMatrix',
      environment: 'dev',
      business_unit: 'ViennaAI',
    });
    expect(items.filter((i) => Object.keys(i.keys.tags).length === 0)).toHaveLength(289);
  });
});
