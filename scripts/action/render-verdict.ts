/**
 * Markdown for the comment, the check run and the job summary.
 * TODO: replaced by the core's sign-off renderer; this one covers the table and escaping only.
 */
import { markdownTable } from 'markdown-table';
import type { SignoffInput, Verdict } from '../core/signoff/types.js';
import { COMMENT_MARKER } from '../io/github-report.js';

/** Makes untrusted text inert in a table cell: no pipes, mentions, references, HTML or links. */
export function escapeCell(text: string, max = 200): string {
  const oneLine = text.replace(/[\r\n\t]+/g, ' ');
  const cut = oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine;
  return cut
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|!])/g, '\\$1')
    .replace(/@/g, '@\u200b')
    .replace(/#(?=\d)/g, '#\u200b');
}

/** The report, starting with the hidden marker that finds the comment again. */
export function renderVerdictMarkdown(verdict: Verdict, pr: SignoffInput['pr']): string {
  const head = pr.headSha.slice(0, 7);
  const lines = [
    COMMENT_MARKER,
    `## Packet sign-off: ${verdict.passed ? 'passed' : 'not passed'}`,
    '',
    `${escapeCell(verdict.summary, 400)} (head \`${head}\`)`,
  ];

  for (const packet of verdict.packets) {
    const rows = packet.groups.map((g) => [
      escapeCell(g.group),
      g.satisfied ? 'approved' : 'missing',
      g.approvedBy ? escapeCell(g.approvedBy.login) : '',
      g.approvedBy ? g.approvedBy.commitId.slice(0, 7) : '',
      escapeCell(g.missing ?? ''),
    ]);
    lines.push('', `### ${escapeCell(packet.path)}`, '');
    lines.push(markdownTable([['group', 'status', 'approved by', 'on commit', 'why'], ...rows]));
    for (const f of packet.findings) {
      lines.push(`- ${f.severity} ${f.code} at line ${f.line}: ${escapeCell(f.message, 300)}`);
    }
  }

  if (verdict.problems.length > 0) lines.push('', '### Problems', '');
  for (const p of verdict.problems) lines.push(`- ${p.code}: ${escapeCell(p.message, 300)}`);
  return `${lines.join('\n')}\n`;
}
