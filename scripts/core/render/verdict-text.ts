/**
 * The sign-off verdict as terminal text, for `packet signoff`: the same per-packet tables as
 * the pull-request comment, with plain cells. Text from the pull request (paths, ids, logins,
 * review text) is made one line, cut, and stripped of control and bidirectional characters,
 * so it cannot move the cursor, recolour the terminal or reorder what is shown.
 */
import { markdownTable } from 'markdown-table';

import type { Finding } from '../packet/finding.js';
import type { GroupVerdict, PacketVerdict, Verdict } from '../signoff/types.js';

/** The verdict, problems first, then the gate files, each packet (failing first), warnings. */
export function renderVerdictText(verdict: Verdict): string {
  const head = plain(verdict.headSha.slice(0, 7));
  const lines = [
    `${verdict.passed ? 'passed' : 'not passed'}: ${plain(verdict.summary)} (head ${head})`,
  ];
  lines.push(...list('Problems', verdict.problems));

  if (verdict.gate) {
    const state = verdict.gate.satisfied ? 'signed off' : 'not signed off';
    lines.push(
      '',
      `Gate files: ${state}: ${verdict.gate.files.slice(0, 20).map(plain).join(', ')}`,
    );
    lines.push(...groupTable(verdict.gate.groups));
  }
  const packets = [...verdict.packets].sort((a, b) => Number(a.satisfied) - Number(b.satisfied));
  for (const packet of packets) lines.push('', ...packetLines(packet));

  lines.push(...list('Warnings', verdict.warnings));
  return lines.join('\n');
}

function packetLines(packet: PacketVerdict): string[] {
  const lines = [`${plain(packet.path)}: ${packet.satisfied ? 'signed off' : 'not signed off'}`];
  const facts = [
    packet.packetId && plain(packet.packetId),
    packet.overage && `overage ${plain(`${packet.overage} ${packet.currency ?? ''}`.trim())}`,
    packet.period && `period ${plain(packet.period)}`,
  ].filter(Boolean);
  if (facts.length > 0) lines.push(`  ${facts.join(' · ')}`);
  lines.push(...groupTable(packet.groups));
  lines.push(...packet.findings.slice(0, 50).map(findingLine));
  if (packet.findings.length > 50)
    lines.push(`  … and ${packet.findings.length - 50} more findings`);
  return lines;
}

function groupTable(groups: readonly GroupVerdict[]): string[] {
  const header = ['Group', 'Required because', 'Status', 'Approved by', 'On commit', 'Missing'];
  const rows = groups.map((group) =>
    [
      plain(group.group),
      plain(group.reason, 120),
      group.satisfied ? 'approved' : 'waiting',
      group.approvedBy ? plain(group.approvedBy.login) : '',
      group.approvedBy ? plain(group.approvedBy.commitId.slice(0, 7)) : '',
      group.missing ? plain(group.missing, 200) : '',
    ].map((cell) => cell.replaceAll('|', '¦')),
  );
  const table = markdownTable([header, ...rows], { delimiterStart: false, delimiterEnd: false });
  return table.split('\n').map((line) => `  ${line.trimEnd()}`);
}

function findingLine(finding: Finding): string {
  const where = `${finding.line}:${finding.column}${finding.field ? ` ${finding.field}` : ''}`;
  return `  ${finding.severity} ${finding.code} at ${plain(where)}: ${plain(finding.message)}`;
}

function list(title: string, items: readonly { code: string; message: string }[]): string[] {
  if (items.length === 0) return [];
  return ['', `${title}:`, ...items.map((item) => `  ${item.code}: ${plain(item.message, 500)}`)];
}

// C0 and C1 controls (escape sequences start here), DEL, and bidirectional overrides.
// eslint-disable-next-line no-control-regex -- these are exactly what must not reach a terminal
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** One safe line of at most `max` characters. */
function plain(text: string, max = 300): string {
  const line = text.replace(UNSAFE, ' ');
  return line.length > max ? `${line.slice(0, max)}…` : line;
}
