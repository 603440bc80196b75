/**
 * Hostile text in every rendered markdown surface (PR comment, job summary, audit report,
 * ledger): it must not break a table row or a line, ping anyone, link an issue, open HTML, show
 * an image or a link. Each payload is placed in every untrusted field of every surface.
 */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../scripts/core/packet/finding.js';
import type { AuditReport } from '../../scripts/core/history/audit-types.js';
import { renderLedger } from '../../scripts/core/history/ledger.js';
import { renderAudit } from '../../scripts/core/history/render-audit.js';
import { renderComment, renderJobSummary } from '../../scripts/core/render/markdown.js';
import type { Verdict } from '../../scripts/core/signoff/types.js';

const SHA = 'a'.repeat(40);

function finding(text: string): Finding {
  return {
    code: 'X',
    severity: 'error',
    file: text,
    line: 1,
    column: 1,
    field: text,
    message: text,
  };
}

function verdict(text: string): Verdict {
  const group = {
    group: text,
    reason: text,
    satisfied: false,
    missing: text,
    approvedBy: { login: text, commitId: text, submittedAt: text },
  };
  return {
    passed: false,
    headSha: SHA,
    summary: text,
    problems: [{ code: 'P', message: text }],
    warnings: [{ code: 'W', message: text }],
    gate: { files: [text], groups: [group], satisfied: false },
    packets: [
      {
        path: text,
        packetId: text,
        overage: text,
        currency: text,
        period: text,
        groups: [group],
        findings: [finding(text)],
        satisfied: false,
      },
    ],
  };
}

function audit(text: string): AuditReport {
  const auditFinding = {
    code: 'A',
    severity: 'error' as const,
    kind: 'failed' as const,
    packetId: text,
    file: text,
    commit: SHA,
    message: text,
  };
  return {
    clean: false,
    shallow: false,
    head: SHA,
    commitCount: 1,
    problems: [auditFinding],
    packets: [
      {
        packetId: text,
        path: text,
        status: text,
        owner: text,
        period: text,
        overage: text,
        currency: text,
        result: 'failed',
        timeline: [{ event: 'filed', commit: SHA, date: text, by: text, detail: text }],
        findings: [auditFinding],
      },
    ],
  };
}

function ledger(text: string): string {
  const value = JSON.stringify(text);
  const fields = ['exception_packet_id', 'allocation_owner', 'review_period_start', 'currency'];
  const yaml = [...fields.map((f) => `${f}: ${value}`), 'packet_status: approved'];
  yaml.push(`overage_amount: ${value}`, `approver_name: ${value}`, `approved_at: ${value}`);
  return renderLedger([{ path: 'packets/team/EXC-1.yaml', text: `${yaml.join('\n')}\n` }]);
}

const SURFACES: { surface: string; render: (text: string) => string }[] = [
  { surface: 'PR comment', render: (text) => renderComment(verdict(text)) },
  { surface: 'job summary', render: (text) => renderJobSummary(verdict(text)) },
  { surface: 'audit report', render: (text) => renderAudit(audit(text), 'markdown') },
  { surface: 'ledger', render: ledger },
];

/** Each payload and what must never appear in the output because of it. */
const PAYLOADS: { name: string; text: string; forbidden: RegExp }[] = [
  { name: 'a pipe', text: 'a | b', forbidden: /a \| b/ },
  { name: 'a pipe in a code span', text: '`z | y`', forbidden: /(?<!\\)`z/ },
  { name: 'a newline starting a heading', text: 'x\n# injected', forbidden: /^\s*#+ injected/m },
  { name: 'a newline starting a table', text: 'x\n\n| f | t |\n|---|---|', forbidden: /^\| f \|/m },
  { name: 'CRLF and a list', text: 'x\r\n- injected', forbidden: /^\s*- injected/m },
  { name: 'a user mention', text: 'hi @octocat', forbidden: /@octocat/ },
  { name: 'a team mention', text: '@acme/finance', forbidden: /@acme/ },
  { name: 'an issue reference', text: 'see #123', forbidden: /#123/ },
  { name: 'a cross-repository reference', text: 'acme/repo#7', forbidden: /#7/ },
  { name: 'raw HTML', text: '<img src=x onerror=alert(1)>', forbidden: /<img/i },
  { name: 'an HTML comment hiding the rest', text: '<!-- hide', forbidden: /<!-- hide/ },
  { name: 'an HTML entity', text: '&#64;octocat', forbidden: /(?<!&amp;)#64;/ },
  { name: 'an image', text: '![x](https://evil.test/p.png)', forbidden: /(?<!\\)!(?<!\\)\[/ },
  { name: 'a link', text: '[click](https://evil.test)', forbidden: /(?<!\\)\]\(https/ },
  { name: 'a bare URL', text: 'https://evil.test/x', forbidden: /https:\/\/evil/ },
  { name: 'a www autolink', text: 'www.evil.test', forbidden: /www\.evil/ },
  { name: 'emphasis', text: '**bold** _it_', forbidden: /(?<!\\)\*\*bold/ },
  { name: 'a backslash before a pipe', text: 'a\\| b', forbidden: /a\\\| b/ },
  { name: 'a bidi override', text: 'abc\u202edef', forbidden: /\u202e/ },
];

/** Pipes that split cells: those preceded by an even number of backslashes. */
function cellBreaks(line: string): number {
  let count = 0;
  for (let i = 0; i < line.length; i++) {
    if (line[i] !== '|') continue;
    let slashes = 0;
    for (let j = i - 1; j >= 0 && line[j] === '\\'; j--) slashes += 1;
    if (slashes % 2 === 0) count += 1;
  }
  return count;
}

/** Every table keeps the column count of its header on every row. */
function tableShapes(markdown: string): { header: number; row: number; line: string }[] {
  const bad: { header: number; row: number; line: string }[] = [];
  let header: number | undefined;
  for (const line of markdown.split('\n')) {
    if (!line.startsWith('|')) {
      header = undefined;
      continue;
    }
    header ??= cellBreaks(line);
    if (cellBreaks(line) !== header) bad.push({ header, row: cellBreaks(line), line });
  }
  return bad;
}

const MATRIX = SURFACES.flatMap((s) => PAYLOADS.map((p) => ({ ...s, ...p })));

describe('hostile markdown', () => {
  it.each(MATRIX)('$surface: $name stays inert', ({ render, text, forbidden }) => {
    const markdown = render(text);

    expect(markdown).not.toMatch(forbidden);
    expect(tableShapes(markdown)).toEqual([]);
  });

  it.each(SURFACES)('$surface: the payload is still shown, escaped, not dropped', ({ render }) => {
    expect(render('budget @team #9').replaceAll('\u200b', '')).toContain('budget @team #9');
  });
});
