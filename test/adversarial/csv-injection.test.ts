/**
 * CSV formula injection: any cell a spreadsheet would run as a formula is made inert, and
 * amounts (negative ones too) stay numbers. Checked on the cell function and on a real audit
 * export read back with a CSV parser.
 */
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { AuditReport } from '../../scripts/core/history/audit-types.js';
import { renderAudit } from '../../scripts/core/history/render-audit.js';
import { safeCell } from '../../scripts/core/render/csv.js';

const CASES: { name: string; cell: string; expected: string }[] = [
  {
    name: 'an = formula',
    cell: '=HYPERLINK("https://evil.test","x")',
    expected: `'=HYPERLINK("https://evil.test","x")`,
  },
  { name: 'a + formula', cell: '+1+cmd|calc', expected: "'+1+cmd|calc" },
  { name: 'a - formula', cell: '-2+3', expected: "'-2+3" },
  { name: 'an @ formula', cell: '@SUM(A1:A2)', expected: "'@SUM(A1:A2)" },
  { name: 'a DDE pipe', cell: '|calc!A0', expected: "'|calc!A0" },
  { name: 'spaces before =', cell: '   =1+1', expected: "'   =1+1" },
  { name: 'a leading tab', cell: '\t=1', expected: "'\t=1" },
  { name: 'a leading CR', cell: '\r=1', expected: "'\r=1" },
  { name: 'a leading LF', cell: '\n=1', expected: "'\n=1" },
  { name: 'a negative amount stays a number', cell: '-12.50', expected: '-12.50' },
  { name: 'a positive signed amount stays a number', cell: '+3.5', expected: '+3.5' },
  { name: 'an exponent is not a plain number', cell: '-1e3', expected: "'-1e3" },
  { name: 'plain text is unchanged', cell: 'budget a=b', expected: 'budget a=b' },
];

describe('CSV formula injection', () => {
  it.each(CASES)('$name', ({ cell, expected }) => {
    expect(safeCell(cell)).toBe(expected);
  });

  it('an audit export read back holds no cell a spreadsheet would run', () => {
    const hostile = CASES.filter((c) => c.expected.startsWith("'")).map((c) => c.cell);
    const report: AuditReport = {
      clean: false,
      shallow: false,
      head: 'a'.repeat(40),
      commitCount: 1,
      problems: [],
      packets: hostile.map((text, i) => ({
        packetId: text,
        path: `packets/t/${i}.yaml`,
        status: text,
        owner: text,
        period: text,
        overage: '-12.50',
        currency: text,
        result: 'failed',
        timeline: [{ event: 'filed', commit: 'b'.repeat(40), date: text, by: text, detail: text }],
        findings: [],
      })),
    };

    const rows: string[][] = parse(renderAudit(report, 'csv'), { relax_column_count: false });
    const cells = rows.slice(1).flat();

    expect(rows).toHaveLength(1 + hostile.length);
    expect(
      cells.filter((cell) => /^(?:[\t\r\n]| *[=+\-@|])/.test(cell) && cell !== '-12.50'),
    ).toEqual([]);
    expect(rows.slice(1).map((row) => row[rows[0]!.indexOf('overage_amount')])).toEqual(
      hostile.map(() => '-12.50'),
    );
  });
});
