/**
 * Hostile money text: every way an amount could be read as something other than the digits a
 * reviewer sees. Each case rewrites the overage (or another amount) of a valid packet.
 */
import { describe, expect, it } from 'vitest';
import { codesAt, findingsFor, lineOf, replaceLine } from './support.js';

const OVERAGE = /^overage_amount:/;
const L = lineOf(OVERAGE);
const overage = (value: string) => replaceLine(OVERAGE, `overage_amount: ${value}`);

const CASES: { name: string; value: string; expected: string[] }[] = [
  { name: 'exponent, quoted', value: "'2.6235e2'", expected: [`MONEY_EXPONENT@${L}`] },
  { name: 'exponent, unquoted', value: '2.6235e2', expected: [`MONEY_EXPONENT@${L}`] },
  { name: 'hexadecimal', value: '0x106', expected: [`MONEY_NOT_A_NUMBER@${L}`] },
  { name: 'octal (YAML 1.2 0o)', value: '0o406', expected: [`MONEY_NOT_A_NUMBER@${L}`] },
  // YAML 1.1 read this as 262 (base 60); under 1.2 core it is the text "4:22".
  { name: 'YAML 1.1 sexagesimal', value: '4:22', expected: [`MONEY_NOT_A_NUMBER@${L}`] },
  { name: 'underscore digit groups', value: "'2_62.35'", expected: [`MONEY_NOT_A_NUMBER@${L}`] },
  // YAML's NaN and infinity are numbers to YAML but not to JSON Schema.
  { name: '.nan', value: '.nan', expected: [`SCHEMA_TYPE@${L}`] },
  { name: '.inf', value: '.inf', expected: [`SCHEMA_TYPE@${L}`] },
  { name: 'Infinity as text', value: "'Infinity'", expected: [`MONEY_NOT_A_NUMBER@${L}`] },
  {
    name: 'thousands separator',
    value: "'1,262.35'",
    expected: [`MONEY_THOUSANDS_SEPARATOR@${L}`],
  },
  { name: 'decimal comma', value: "'262,35'", expected: [`MONEY_DECIMAL_COMMA@${L}`] },
  { name: 'currency symbol', value: "'$262.35'", expected: [`MONEY_NOT_A_NUMBER@${L}`] },
  { name: 'full-width digits', value: "'２６２.３５'", expected: [`MONEY_NOT_A_NUMBER@${L}`] },
  { name: 'Arabic-Indic digits', value: "'٢٦٢.٣٥'", expected: [`MONEY_NOT_A_NUMBER@${L}`] },
  { name: 'a leading plus', value: "'+262.35'", expected: [`MONEY_NOT_A_NUMBER@${L}`] },
  { name: 'a bare fraction', value: "'.35'", expected: [`MONEY_NOT_A_NUMBER@${L}`] },
  { name: 'a trailing point', value: "'262.'", expected: [`MONEY_NOT_A_NUMBER@${L}`] },
  { name: 'an empty string', value: "''", expected: [`MONEY_EMPTY@${L}`] },
  { name: 'null', value: 'null', expected: [`SCHEMA_TYPE@${L}`] },
  { name: 'a list', value: '[262.35]', expected: [`SCHEMA_TYPE@${L}`] },
  { name: 'a boolean', value: 'true', expected: [`SCHEMA_TYPE@${L}`] },
  { name: 'one place too many', value: "'262.350'", expected: [`MONEY_PRECISION@${L}`] },
  { name: 'one cent off', value: "'262.36'", expected: [`OVERAGE_MISMATCH@${L}`] },
  {
    name: 'a float that rounds to the right value in binary',
    value: '262.3500000000000000001',
    expected: [`MONEY_PRECISION@${L}`, `OVERAGE_MISMATCH@${L}`],
  },
  {
    name: 'negative',
    value: "'-262.35'",
    expected: [`OVERAGE_MISMATCH@${L}`, `OVERAGE_NOT_POSITIVE@${L}`],
  },
  {
    name: 'a 40-digit amount over the field length',
    value: `'${'9'.repeat(40)}'`,
    expected: [`SCHEMA_LENGTH@${L}`],
  },
];

describe('hostile money text', () => {
  it.each(CASES)('$name ($value)', ({ value, expected }) => {
    expect(codesAt(findingsFor(overage(value)))).toEqual(expected);
  });

  it('reads an unquoted amount from its source text, never through a float', () => {
    // 262.35 as a binary double is 262.349999...; the exact text must still agree.
    expect(codesAt(findingsFor(overage('262.35')))).toEqual([]);
  });
});

describe('figures that follow from a wrong one', () => {
  const PCT = /^overage_pct_above_threshold:/;

  it('judge the percentage on the overage the other figures give, not a wrong overage_amount', () => {
    // The right overage is 262.35 (14.58 % of the budget); 262.30 would give 14.57 %.
    expect(codesAt(findingsFor(overage("'262.30'")))).toEqual([`OVERAGE_MISMATCH@${L}`]);

    const both = findingsFor(
      replaceLine(PCT, "overage_pct_above_threshold: '14.57'", overage("'262.30'")),
    );
    expect(codesAt(both)).toEqual([`OVERAGE_MISMATCH@${L}`, `PCT_MISMATCH@${L + 1}`]);
    expect(both.find((f) => f.code === 'PCT_MISMATCH')?.message).toContain('write 14.58');
  });

  it('name the field whose amount has too many places', () => {
    const found = findingsFor(overage("'262.350'"));
    expect(found.map((f) => f.message)).toEqual([
      expect.stringMatching(/^overage_amount 262\.350 /),
    ]);
  });
});
