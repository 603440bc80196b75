import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AllocationConfig } from '../../../scripts/core/evidence/allocation.js';
import { summarizeExport } from '../../../scripts/core/evidence/summarize.js';
import { dec, sum, toPlain } from '../../../scripts/core/money/decimal.js';
import { chunksOf, readAll } from './support.js';

const allocation: AllocationConfig = {
  rules: [{ owner: 'ml', match: { tag: { key: 'team', value: 'ml' } } }],
  csv_mappings: {},
};

/** A FOCUS row with an exact amount of up to 11 places, a day in October and maybe a tag. */
const rowArb = fc
  .record({
    units: fc.integer({ min: -1_000_000, max: 1_000_000 }),
    fraction: fc.integer({ min: 0, max: 99_999_999_999 }),
    day: fc.integer({ min: 1, max: 30 }),
    tagged: fc.boolean(),
  })
  .map(({ units, fraction, day, tagged }) => {
    const amount = `${units}.${String(fraction).padStart(11, '0')}`;
    const date = `2026-10-${String(day).padStart(2, '0')}`;
    const next = `2026-10-${String(day + 1).padStart(2, '0')}`;
    const tags = tagged ? '"{""team"": ""ml""}"' : 'NULL';
    // A quoted description with a newline, so a split inside it must not break a row.
    return { amount, line: `${amount},USD,${date} 00:00:00,${next} 00:00:00,"a\nb",${tags}` };
  });

const HEADER =
  'BilledCost,BillingCurrency,ChargePeriodStart,ChargePeriodEnd,ChargeDescription,Tags';

async function totals(lines: string[], size: number, bytes: boolean) {
  const { events } = await readAll(chunksOf([HEADER, ...lines].join('\r\n'), size, bytes), {
    format: 'focus',
  });
  const summary = summarizeExport(events, {
    periodStart: '2026-10-01',
    periodEnd: '2026-10-31',
    allocation,
  });
  return {
    total: summary.total,
    owners: summary.owners.map((o) => [o.owner, o.amount]),
    problems: summary.problems,
  };
}

describe('summary totals', () => {
  it('do not change when an export is shuffled, split or re-chunked', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(rowArb, { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 64 }),
        fc.boolean(),
        fc.nat(),
        async (rows, size, bytes, seed) => {
          const expected = toPlain(sum(rows.map((r) => dec(r.amount))));
          const lines = rows.map((r) => r.line);
          const whole = await totals(lines, 1 << 16, false);
          expect(whole.problems).toEqual([]);
          expect(whole.total).toBe(expected);

          // Shuffled and re-chunked (bytes may cut a character or a quoted field in two).
          const shuffled = [...lines].sort((a, b) => hash(a, seed) - hash(b, seed));
          expect(await totals(shuffled, size, bytes)).toEqual(whole);

          // Split in two exports: their totals add up to the whole.
          const cut = seed % lines.length;
          const first = await totals(lines.slice(0, cut), size, bytes);
          const second = await totals(lines.slice(cut), size, bytes);
          expect(toPlain(dec(first.total).plus(dec(second.total)))).toBe(expected);
        },
      ),
      { numRuns: 60 },
    );
  });
});

function hash(text: string, seed: number): number {
  let h = seed | 0;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h;
}
