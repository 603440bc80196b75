import { describe, expect, it } from 'vitest';
import { EMPTY_ALLOCATION } from '../../../../scripts/core/evidence/allocation.js';
import { summarizeExport } from '../../../../scripts/core/evidence/summarize.js';
import type { EvidenceFormat } from '../../../../scripts/core/packet/packet.js';
import { chunksOf, readAll } from '../support.js';

const HEADER = 'BilledCost,BillingCurrency,ChargePeriodStart,ChargePeriodEnd,Tags';
const row = (
  cost: string,
  currency = 'USD',
  start = '2026-10-01',
  end = '2026-10-02',
  tags = 'NULL',
) => `${cost},${currency},${start},${end},${tags}`;
const focus = (...rows: string[]) => [HEADER, ...rows].join('\n') + '\n';

const CSV_CASES: { name: string; text: string; code: string; where: string }[] = [
  {
    name: 'an empty amount (not zero)',
    text: focus(row('')),
    code: 'EXPORT_AMOUNT_EMPTY',
    where: 'row 2, column BilledCost',
  },
  {
    name: 'a NULL amount',
    text: focus(row('1'), row('NULL')),
    code: 'EXPORT_AMOUNT_EMPTY',
    where: 'row 3, column BilledCost',
  },
  {
    name: 'a decimal comma',
    text: focus(row('"1,50"')),
    code: 'EXPORT_AMOUNT_DECIMAL_COMMA',
    where: 'row 2, column BilledCost',
  },
  {
    name: 'thousands separators',
    text: focus(row('"1,234.50"')),
    code: 'EXPORT_AMOUNT_THOUSANDS_SEPARATOR',
    where: 'row 2, column BilledCost',
  },
  {
    name: 'an exponent',
    text: focus(row('1e3')),
    code: 'EXPORT_AMOUNT_EXPONENT',
    where: 'row 2, column BilledCost',
  },
  {
    name: 'an unparseable amount',
    text: focus(row('$12')),
    code: 'EXPORT_AMOUNT_INVALID',
    where: 'row 2, column BilledCost',
  },
  {
    name: 'a bad currency',
    text: focus(row('1', 'US Dollar')),
    code: 'EXPORT_CURRENCY_INVALID',
    where: 'row 2, column BillingCurrency',
  },
  {
    name: 'a bad date',
    text: focus(row('1', 'USD', '2026-13-01')),
    code: 'EXPORT_DATE_INVALID',
    where: 'row 2, column ChargePeriodStart',
  },
  {
    name: 'an end before the start',
    text: focus(row('1', 'USD', '2026-10-05', '2026-10-02')),
    code: 'EXPORT_DATE_ORDER',
    where: 'row 2, column ChargePeriodEnd',
  },
  {
    name: 'tags that are not JSON',
    text: focus(row('1', 'USD', '2026-10-01', '2026-10-02', '"team: ml"')),
    code: 'EXPORT_TAGS_INVALID',
    where: 'row 2, column Tags',
  },
  {
    name: 'a missing cost column',
    text: 'BillingCurrency,ChargePeriodStart,ChargePeriodEnd\nUSD,2026-10-01,2026-10-02\n',
    code: 'EXPORT_COLUMN_MISSING',
    where: 'row 1',
  },
  {
    name: 'a record with too many fields',
    text: focus(row('1'), `${row('2')},extra`),
    code: 'EXPORT_CSV_MALFORMED',
    where: 'line 3',
  },
  {
    name: 'an unclosed quote',
    text: focus(row('1'), '"2,USD,2026-10-01,2026-10-02,NULL'),
    code: 'EXPORT_CSV_MALFORMED',
    where: 'line 3',
  },
  { name: 'an empty file', text: '', code: 'EXPORT_EMPTY', where: 'row 1' },
];

describe('FOCUS reader on bad input', () => {
  it.each(CSV_CASES)('reports $name as $code at $where', async ({ text, code, where }) => {
    const { problems } = await readAll(chunksOf(text, 5), { format: 'focus' });
    expect(problems.map((p) => [p.code, p.where])).toContainEqual([code, where]);
  });

  it('leaves a bad row out of the total but keeps the good ones', async () => {
    const { events } = await readAll(chunksOf(focus(row('1.10'), row(''), row('2.20'))), {
      format: 'focus',
    });
    const summary = summarizeExport(events, {
      periodStart: '2026-10-01',
      periodEnd: '2026-10-31',
      allocation: EMPTY_ALLOCATION,
    });
    expect(summary.total).toBe('3.3');
    expect(summary.problems.map((p) => p.code)).toEqual(['EXPORT_AMOUNT_EMPTY']);
  });
});

const SUMMARY_CASES: {
  name: string;
  rows: string[];
  code: string;
  where: string;
  covered?: boolean;
}[] = [
  {
    name: 'mixed currencies',
    rows: [row('1'), row('2', 'EUR')],
    code: 'EXPORT_MIXED_CURRENCY',
    where: 'row 3',
  },
  {
    name: 'rows outside the period',
    rows: [row('1'), row('2', 'USD', '2026-11-03', '2026-11-04')],
    code: 'EXPORT_ROWS_OUTSIDE_PERIOD',
    where: 'row 3',
  },
  {
    name: 'a row across the period end',
    rows: [row('1'), row('2', 'USD', '2026-10-31', '2026-11-02')],
    code: 'EXPORT_ROW_STRADDLES_PERIOD',
    where: 'row 3',
  },
];

describe('summary of a FOCUS export over the period 2026-10-01 to 2026-10-31', () => {
  it.each(SUMMARY_CASES)('reports $name as $code at $where', async ({ rows, code, where }) => {
    const { events } = await readAll(chunksOf(focus(...rows)), { format: 'focus' });
    const summary = summarizeExport(events, {
      periodStart: '2026-10-01',
      periodEnd: '2026-10-31',
      allocation: EMPTY_ALLOCATION,
    });
    expect(summary.problems.map((p) => [p.code, p.where])).toEqual([[code, where]]);
    expect(summary.total).toBe('1');
  });

  it('says an export of one day does not cover the month', async () => {
    const { events } = await readAll(chunksOf(focus(row('1'))), { format: 'focus' });
    const summary = summarizeExport(events, {
      periodStart: '2026-10-01',
      periodEnd: '2026-10-31',
      allocation: EMPTY_ALLOCATION,
    });
    expect(summary.covered).toBe(false);
    expect(summary.coverage).toEqual({ start: '2026-10-01', end: '2026-10-02' });
  });

  it('says which allocation grain the export lacks', async () => {
    const { events } = await readAll(chunksOf(focus(row('1'))), { format: 'focus' });
    const allocation = { rules: [{ owner: 'ml', match: { project: 'p1' } }], csv_mappings: {} };
    const summary = summarizeExport(events, {
      periodStart: '2026-10-01',
      periodEnd: '2026-10-31',
      allocation,
    });
    expect(summary.grain).toEqual({ used: ['project'], missing: ['project'] });
    expect(summary.owners.map((o) => o.owner)).toEqual(['unallocated']);
  });
});

const page = (results: string, extra = '"has_more": false') =>
  `{"object":"page","data":[{"object":"bucket","start_time":1790812800,"end_time":1790899200,"results":[${results}]}],${extra}}`;

const JSON_CASES: {
  name: string;
  format: EvidenceFormat;
  text: string;
  code: string;
  where: string;
}[] = [
  {
    name: 'truncated JSON',
    format: 'openai',
    text: page('').slice(0, 40),
    code: 'EXPORT_JSON_MALFORMED',
    where: '$',
  },
  {
    name: 'a null amount value',
    format: 'openai',
    text: page('{"amount":{"value":null,"currency":"usd"}}'),
    code: 'EXPORT_AMOUNT_EMPTY',
    where: '$.data[0].results[0].amount.value',
  },
  {
    name: 'a missing amount',
    format: 'openai',
    text: page('{"project_id":"p"}'),
    code: 'EXPORT_AMOUNT_EMPTY',
    where: '$.data[0].results[0].amount',
  },
  {
    name: 'a bad currency',
    format: 'openai',
    text: page('{"amount":{"value":1,"currency":"dollars"}}'),
    code: 'EXPORT_CURRENCY_INVALID',
    where: '$.data[0].results[0].amount.currency',
  },
  {
    name: 'missing pages',
    format: 'openai',
    text: page('', '"has_more": true'),
    code: 'EXPORT_PAGES_MISSING',
    where: '$.has_more',
  },
  {
    name: 'not a page',
    format: 'openai',
    text: '{"results": []}',
    code: 'EXPORT_SHAPE',
    where: '$.data',
  },
  {
    name: 'a decimal comma in cents',
    format: 'anthropic',
    text: '{"data":[{"starting_at":"2026-10-01T00:00:00Z","ending_at":"2026-10-02T00:00:00Z","results":[{"amount":"12,5","currency":"USD"}]}]}',
    code: 'EXPORT_AMOUNT_DECIMAL_COMMA',
    where: '$.data[0].results[0].amount',
  },
  {
    name: 'an empty cents string',
    format: 'anthropic',
    text: '{"data":[{"starting_at":"2026-10-01T00:00:00Z","ending_at":"2026-10-02T00:00:00Z","results":[{"amount":"","currency":"USD"}]}]}',
    code: 'EXPORT_AMOUNT_EMPTY',
    where: '$.data[0].results[0].amount',
  },
  {
    name: 'a bad bucket time',
    format: 'anthropic',
    text: '{"data":[{"starting_at":"yesterday","ending_at":"2026-10-02T00:00:00Z","results":[]}]}',
    code: 'EXPORT_DATE_INVALID',
    where: '$.data[0].starting_at',
  },
  {
    name: 'EffectiveCost asked of a non-FOCUS export',
    format: 'anthropic',
    text: '{}',
    code: 'EXPORT_COST_COLUMN_UNAVAILABLE',
    where: 'file',
  },
];

describe('JSON readers on bad input', () => {
  it.each(JSON_CASES)('reports $name as $code at $where', async ({ format, text, code, where }) => {
    const costColumn = code === 'EXPORT_COST_COLUMN_UNAVAILABLE' ? 'EffectiveCost' : 'BilledCost';
    const { problems } = await readAll(chunksOf(text, 3), { format, costColumn });
    expect(problems.map((p) => [p.code, p.where])).toContainEqual([code, where]);
  });

  it('refuses format csv without a declared mapping', async () => {
    const { problems } = await readAll(chunksOf('a,b\n'), { format: 'csv', mapping: 'nope' });
    expect(problems.map((p) => p.code)).toEqual(['EXPORT_MAPPING_UNKNOWN']);
  });

  // The mappings are a plain object when the YAML library read them or a worker received them:
  // a name Object.prototype holds must not be taken for a declared mapping.
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])(
    'refuses format csv with mapping %s, which only Object.prototype holds',
    async (mapping) => {
      const { problems } = await readAll(chunksOf('a,b\n'), { format: 'csv', mapping });
      expect(problems.map((p) => p.code)).toEqual(['EXPORT_MAPPING_UNKNOWN']);
    },
  );
});
