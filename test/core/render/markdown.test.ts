import { describe, expect, it } from 'vitest';

import {
  COMMENT_MARKER,
  parseComment,
  renderComment,
} from '../../../scripts/core/render/markdown.js';
import type { PacketVerdict, Verdict } from '../../../scripts/core/signoff/types.js';

const HEAD = '0123456789abcdef0123456789abcdef01234567';

function packet(
  path: string,
  satisfied: boolean,
  extra: Partial<PacketVerdict> = {},
): PacketVerdict {
  return {
    path,
    packetId: 'EXC-2026-11-03-ML-PLATFORM',
    overage: '1500.00',
    currency: 'USD',
    period: '2026-10-01 to 2026-10-31',
    groups: [
      {
        group: '@acme/ml-platform',
        reason: 'code owner of x (CODEOWNERS:2)',
        satisfied: true,
        approvedBy: { login: 'ml-1', commitId: HEAD, submittedAt: '2026-11-04T09:00:00Z' },
      },
      {
        group: 'finance',
        reason: 'finance signs every packet',
        satisfied,
        missing: satisfied ? undefined : 'no approval from a member of finance',
      },
    ],
    findings: [],
    satisfied,
    ...extra,
  };
}

function verdict(packets: PacketVerdict[], passed = false): Verdict {
  return { passed, headSha: HEAD, packets, problems: [], warnings: [], summary: 'Not signed off' };
}

/** Cells of a table row, split on pipes that are not escaped. */
function cells(row: string): string[] {
  return row.split(/(?<!\\)\|/).slice(1, -1);
}

describe('renderComment', () => {
  it('starts with the marker and shows a table per packet', () => {
    const body = renderComment(verdict([packet('packets/ml-platform/a.yml', false)]));
    expect(body.startsWith(`${COMMENT_MARKER}\n`)).toBe(true);
    const rows = body.split('\n').filter((line) => line.startsWith('|'));
    expect(rows).toHaveLength(4);
    expect(cells(rows[0]!).map((c) => c.trim())).toEqual([
      'Group',
      'Required because',
      'Status',
      'Approved by',
      'On commit',
      'Missing',
    ]);
    expect(cells(rows[2]!).map((c) => c.trim())).toEqual([
      '@\u200bacme/ml-platform',
      'code owner of x (CODEOWNERS:2)',
      '✅ approved',
      'ml-1',
      '`0123456`',
      '',
    ]);
    expect(body).toContain('overage 1500.00 USD');
  });

  it('keeps hostile packet text inside its cell', () => {
    const hostile = 'a|b\n| x | y |\n<script>@everyone #1 ![i](http://e.invalid)';
    const p = packet('packets/x/a.yml', false);
    p.groups[1]!.missing = hostile;
    const body = renderComment(verdict([p]));
    const rows = body.split('\n').filter((line) => line.startsWith('|'));
    expect(rows).toHaveLength(4);
    for (const row of rows) expect(cells(row)).toHaveLength(6);
    expect(body).not.toMatch(/<script>|@everyone|\]\(|#1/);
  });

  it('lists failing packets first', () => {
    const body = renderComment(
      verdict([packet('packets/a/ok.yml', true), packet('packets/b/bad.yml', false)]),
    );
    expect(body.indexOf('bad.yml')).toBeLessThan(body.indexOf('ok.yml'));
  });

  it('lists problems, findings and warnings with their codes', () => {
    const finding = {
      code: 'OVERAGE_MISMATCH',
      severity: 'error' as const,
      file: 'f',
      line: 4,
      column: 3,
      field: '/overage_amount',
      message: 'off by 0.01',
    };
    const v = verdict([packet('packets/a/a.yml', false, { findings: [finding] })]);
    v.problems.push({ code: 'SIGNOFF_MIXED_CHANGES', message: 'split it' });
    v.warnings.push({ code: 'CODEOWNERS_NEGATION', message: 'skipped' });
    const body = renderComment(v);
    expect(body).toContain('- **SIGNOFF_MIXED_CHANGES**: split it');
    expect(body).toContain('- error **OVERAGE\\_MISMATCH** at 4:3 /overage\\_amount: off by 0.01');
    expect(body).toContain('- **CODEOWNERS_NEGATION**: skipped');
  });

  it('stays under the limit and points at what it left out, failures kept', () => {
    const many = Array.from({ length: 400 }, (_, n) =>
      packet(`packets/a/${'x'.repeat(100)}-${n}.yml`, n % 2 === 0),
    );
    const body = renderComment(verdict(many));
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body).toMatch(/\d+ more section\(s\) left out/);
    expect(body).not.toContain('✅ packets');
    expect(renderComment(verdict(many), 3000).length).toBeLessThanOrEqual(3000);
  });
});

describe('parseComment', () => {
  it('reads back the state of a rendered comment', () => {
    expect(parseComment(renderComment(verdict([], true)))).toEqual({ headSha: HEAD, passed: true });
  });

  it.each([
    ['another bot comment', 'Thanks for the PR'],
    ['the marker quoted later', `hello\n${COMMENT_MARKER}`],
  ])('ignores %s', (_label, body) => {
    expect(parseComment(body)).toBeUndefined();
  });

  it('still recognises a comment whose state line was edited', () => {
    expect(parseComment(`${COMMENT_MARKER}\nhello`)).toEqual({ headSha: '', passed: false });
  });
});
