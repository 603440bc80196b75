/**
 * The audit report as Markdown (escaped packet text), JSON, or formula-safe CSV.
 */
import { markdownTable } from 'markdown-table';

import { toCsv } from '../render/csv.js';
import type { AuditFinding, AuditReport, PacketAudit } from './audit-types.js';
import { escapeShort } from '../render/escape-markdown.js';

export type AuditFormat = 'markdown' | 'json' | 'csv';

/** Renders the report in the asked format. */
export function renderAudit(report: AuditReport, format: AuditFormat): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  if (format === 'csv') return auditCsv(report);
  return auditMarkdown(report);
}

function auditMarkdown(report: AuditReport): string {
  const counts = { clean: 0, failed: 0, unverifiable: 0 };
  for (const p of report.packets) counts[p.result] += 1;
  const verdict = report.clean ? 'clean' : 'NOT clean';
  const parts = [
    '# Packet audit',
    '',
    `History: ${report.commitCount} commit${report.commitCount === 1 ? '' : 's'} to ${report.head?.slice(0, 12) ?? '(none)'}` +
      `${report.shallow ? ' (shallow clone)' : ''}. Result: **${verdict}**: ` +
      `${counts.clean} clean, ${counts.failed} failed, ${counts.unverifiable} unverifiable.`,
  ];
  if (report.problems.length > 0) parts.push('', findingTable(report.problems));

  for (const p of report.packets) parts.push('', ...packetSection(p));
  return `${parts.join('\n')}\n`;
}

function packetSection(p: PacketAudit): string[] {
  const out = [
    `## ${escapeShort(p.packetId)}: ${p.result}`,
    '',
    // The path is text from history: escaped like any other, never put in a code span raw.
    `File ${escapeShort(p.path)}, status ${escapeShort(p.status)}, owner ` +
      `${escapeShort(p.owner)}, overage ${escapeShort(`${p.overage} ${p.currency}`)}.`,
    '',
    markdownTable([
      ['Event', 'Commit', 'Date', 'By', 'Detail'],
      ...p.timeline.map((t) => [
        t.event,
        `\`${t.commit.slice(0, 12)}\``,
        escapeShort(t.date),
        escapeShort(t.by),
        escapeShort(t.detail),
      ]),
    ]),
  ];
  if (p.findings.length > 0) out.push('', findingTable(p.findings));
  return out;
}

function findingTable(findings: readonly AuditFinding[]): string {
  return markdownTable([
    ['Code', 'Severity', 'Kind', 'File', 'Commit', 'Message'],
    ...findings.map((f) => [
      `\`${f.code}\``,
      f.severity,
      f.kind,
      escapeShort(f.file),
      f.commit === undefined ? '' : `\`${f.commit.slice(0, 12)}\``,
      escapeShort(f.message, 400),
    ]),
  ]);
}

const CSV_HEADER = [
  'packet_id',
  'file',
  'status',
  'result',
  'row_type',
  'event_or_code',
  'severity',
  'commit',
  'date',
  'by',
  'overage_amount',
  'currency',
  'detail',
];

/** One row per timeline event and per finding, so a warehouse can load both. */
function auditCsv(report: AuditReport): string {
  const rows: (string | undefined)[][] = [];
  for (const f of report.problems) {
    rows.push([
      f.packetId,
      f.file,
      '',
      'unverifiable',
      'finding',
      f.code,
      f.severity,
      f.commit,
      '',
      '',
      '',
      '',
      f.message,
    ]);
  }
  for (const p of report.packets) {
    const base = [p.packetId, p.path, p.status, p.result];
    for (const t of p.timeline) {
      rows.push([
        ...base,
        'event',
        t.event,
        '',
        t.commit,
        t.date,
        t.by,
        p.overage,
        p.currency,
        t.detail,
      ]);
    }
    for (const f of p.findings) {
      rows.push([
        ...base,
        'finding',
        f.code,
        f.severity,
        f.commit,
        '',
        '',
        p.overage,
        p.currency,
        f.message,
      ]);
    }
  }
  return toCsv(CSV_HEADER, rows);
}
