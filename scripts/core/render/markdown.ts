/**
 * The sign-off verdict as one pull-request comment. The comment starts with a hidden marker so
 * the shell can find it again and update it in place; `parseComment` reads the marker back.
 */
import { markdownTable } from 'markdown-table';

import type { Finding } from '../packet/finding.js';
import type { GroupVerdict, PacketVerdict, Verdict } from '../signoff/types.js';
import { escapeMarkdown, escapeShort, shortSha } from './escape-markdown.js';

/** The first line of every sign-off comment. */
export const COMMENT_MARKER = '<!-- packet-signoff -->';

/** GitHub refuses comments longer than this many characters. */
export const MAX_COMMENT_CHARS = 65_536;

/** GitHub refuses a job summary over 1 MiB; it counts bytes, so the summary is measured so. */
export const MAX_JOB_SUMMARY_BYTES = 1024 * 1024;

/** How the comment is measured and how much of each packet's findings it lists. */
export interface RenderLimits {
  /** Size of a text in the unit `max` is in (default: UTF-16 code units, as GitHub counts). */
  measure?: (text: string) => number;
  /** Findings listed per packet before "and N more" (default 50). */
  findingsPerPacket?: number;
}

const utf8 = new TextEncoder();

/** Size of a text in UTF-8 bytes. */
export function utf8Bytes(text: string): number {
  return utf8.encode(text).length;
}

/** The verdict for the job summary: every finding, within 1 MiB of UTF-8. */
export function renderJobSummary(verdict: Verdict, maxBytes = MAX_JOB_SUMMARY_BYTES): string {
  return renderComment(verdict, maxBytes, { measure: utf8Bytes, findingsPerPacket: 2000 });
}

const STATE = /^<!-- packet-signoff-state (\{[^<>]*\}) -->$/m;

/** What the hidden state line records. */
export interface CommentState {
  headSha: string;
  passed: boolean;
}

/** Renders the verdict, failing sections first, within `max` characters. */
export function renderComment(
  verdict: Verdict,
  max = MAX_COMMENT_CHARS,
  limits: RenderLimits = {},
): string {
  const measure = limits.measure ?? ((text: string) => text.length);
  const perPacket = limits.findingsPerPacket ?? 50;
  const state = JSON.stringify({ headSha: verdict.headSha, passed: verdict.passed });
  const icon = verdict.passed ? '✅' : '❌';
  const head = [
    COMMENT_MARKER,
    `<!-- packet-signoff-state ${state.replace(/[<>-]/g, '')} -->`,
    `### ${icon} Packet sign-off`,
    '',
    `${escapeMarkdown(verdict.summary)} (head ${shortSha(verdict.headSha)})`,
    '',
  ].join('\n');

  const sections = [
    ...list('Problems', verdict.problems),
    ...gateSections(verdict),
    ...[...verdict.packets].sort(failingFirst).map((p) => packetSection(p, perPacket)),
    ...list('Warnings', verdict.warnings),
  ];
  return fit(head, sections, max, measure);
}

/** Reads the hidden state of a comment this module wrote; undefined for any other comment. */
export function parseComment(body: string): CommentState | undefined {
  if (!body.startsWith(COMMENT_MARKER)) return undefined;
  const match = STATE.exec(body);
  if (!match?.[1]) return { headSha: '', passed: false };
  try {
    const data = JSON.parse(match[1]) as Partial<CommentState>;
    if (typeof data.headSha === 'string' && typeof data.passed === 'boolean') {
      return { headSha: data.headSha, passed: data.passed };
    }
  } catch {
    // A hand-edited state line: the comment is still ours, its state unknown.
  }
  return { headSha: '', passed: false };
}

function failingFirst(a: PacketVerdict, b: PacketVerdict): number {
  return Number(a.satisfied) - Number(b.satisfied);
}

function list(title: string, items: readonly { code: string; message: string }[]): string[] {
  if (items.length === 0) return [];
  const lines = items.map((item) => `- **${item.code}**: ${escapeShort(item.message, 500)}`);
  return [`#### ${title}\n\n${lines.join('\n')}\n`];
}

function gateSections(verdict: Verdict): string[] {
  const gate = verdict.gate;
  if (!gate) return [];
  const files = gate.files.slice(0, 20).map(escapeMarkdown).join(', ');
  const more = gate.files.length > 20 ? ` and ${gate.files.length - 20} more` : '';
  const icon = gate.satisfied ? '✅' : '❌';
  return [`#### ${icon} Gate files\n\n${files}${more}\n\n${groupTable(gate.groups)}\n`];
}

function packetSection(packet: PacketVerdict, perPacket: number): string {
  const icon = packet.satisfied ? '✅' : '❌';
  const facts = [
    packet.packetId && `**${escapeMarkdown(packet.packetId)}**`,
    packet.overage && `overage ${escapeMarkdown(`${packet.overage} ${packet.currency ?? ''}`)}`,
    packet.period && `period ${escapeMarkdown(packet.period)}`,
  ].filter(Boolean);
  const parts = [`#### ${icon} ${escapeMarkdown(packet.path)}`, ''];
  if (facts.length > 0) parts.push(facts.join(' · '), '');
  parts.push(groupTable(packet.groups), '');
  if (packet.findings.length > 0) parts.push(findingList(packet.findings, perPacket), '');
  return parts.join('\n');
}

function groupTable(groups: readonly GroupVerdict[]): string {
  const header = ['Group', 'Required because', 'Status', 'Approved by', 'On commit', 'Missing'];
  const rows = groups.map((group) => [
    escapeMarkdown(group.group),
    escapeShort(group.reason),
    group.satisfied ? '✅ approved' : '❌ waiting',
    group.approvedBy ? escapeMarkdown(group.approvedBy.login) : '',
    group.approvedBy ? shortSha(group.approvedBy.commitId) : '',
    group.missing ? escapeShort(group.missing) : '',
  ]);
  return markdownTable([header, ...rows], { alignDelimiters: false });
}

function findingList(findings: readonly Finding[], perPacket: number): string {
  const shown = findings.slice(0, perPacket).map((finding) => {
    const where = `${finding.line}:${finding.column}${finding.field ? ` ${finding.field}` : ''}`;
    return `- ${finding.severity} **${escapeMarkdown(finding.code)}** at ${escapeMarkdown(where)}: ${escapeShort(finding.message)}`;
  });
  if (findings.length > perPacket) {
    shown.push(`- … and ${findings.length - perPacket} more findings; run \`packet validate\``);
  }
  return shown.join('\n');
}

/** Adds sections in order while they fit, then a pointer to what was left out. */
function fit(
  head: string,
  sections: readonly string[],
  max: number,
  measure: (text: string) => number,
): string {
  const pointer = (left: number): string =>
    `\n_${left} more section(s) left out to fit GitHub's size limit; the job summary and the check run list everything._\n`;
  let body = head;
  let size = measure(head);
  for (let index = 0; index < sections.length; index++) {
    const section = `${sections[index]}\n`;
    const left = sections.length - index - 1;
    const reserve = left > 0 ? measure(pointer(left)) : 0;
    const cost = measure(section);
    if (size + cost + reserve > max) return body + pointer(sections.length - index);
    body += section;
    size += cost;
  }
  return body;
}
