/**
 * Output size caps: a PR comment never exceeds 65,536 characters, a job summary never exceeds
 * 1 MiB of UTF-8 (both cut whole sections, failures first, with a pointer), and findings past
 * GitHub's 10-per-step annotation limit are summarised by code, not lost.
 */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../scripts/core/packet/finding.js';
import { planAnnotations } from '../../scripts/core/render/annotations.js';
import {
  MAX_COMMENT_CHARS,
  MAX_JOB_SUMMARY_BYTES,
  renderComment,
  renderJobSummary,
  utf8Bytes,
} from '../../scripts/core/render/markdown.js';
import type { PacketVerdict, Verdict } from '../../scripts/core/signoff/types.js';

function finding(
  i: number,
  severity: Finding['severity'] = 'error',
  code = 'SCHEMA_TYPE',
): Finding {
  return {
    code,
    severity,
    file: `packets/t/${i}.yaml`,
    line: i + 1,
    column: 1,
    field: '/x',
    // Multi-byte text: a byte cap and a character cap differ here.
    message: `finding ${i} ${'€'.repeat(250)}`,
  };
}

function packet(i: number, satisfied: boolean, findings: number): PacketVerdict {
  return {
    path: `packets/t/EXC-${i}.yaml`,
    packetId: `EXC-${i}`,
    groups: [
      {
        group: 'finance',
        reason: 'every packet',
        satisfied,
        missing: satisfied ? undefined : 'nobody approved',
      },
    ],
    findings: Array.from({ length: findings }, (_, j) => finding(j)),
    satisfied,
  };
}

function verdict(packets: PacketVerdict[]): Verdict {
  return {
    passed: false,
    headSha: 'a'.repeat(40),
    packets,
    problems: [],
    warnings: [],
    summary: 's',
  };
}

const SIZES = [
  { name: 'one packet, a few findings', packets: [packet(0, false, 3)] },
  { name: 'one packet, 5,000 findings', packets: [packet(0, false, 5000)] },
  {
    name: '300 packets, 40 findings each',
    packets: Array.from({ length: 300 }, (_, i) => packet(i, i % 2 === 0, 40)),
  },
];

describe('output size caps', () => {
  it.each(SIZES)('PR comment stays within 65,536 characters: $name', ({ packets }) => {
    const comment = renderComment(verdict(packets));
    expect(comment.length).toBeLessThanOrEqual(MAX_COMMENT_CHARS);
  });

  it.each(SIZES)('job summary stays within 1 MiB of UTF-8: $name', ({ packets }) => {
    const summary = renderJobSummary(verdict(packets));
    expect(utf8Bytes(summary)).toBeLessThanOrEqual(MAX_JOB_SUMMARY_BYTES);
  });

  it('cuts whole sections, failing packets first, and says how many were left out', () => {
    const packets = Array.from({ length: 300 }, (_, i) => packet(i, i >= 150, 40));
    const comment = renderComment(verdict(packets));

    const shown = [...comment.matchAll(/^#### (✅|❌) /gm)].map((m) => m[1]);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.every((icon) => icon === '❌')).toBe(true);
    expect(comment).toMatch(new RegExp(`_${300 - shown.length} more section\\(s\\) left out`));
  });

  it('lists every finding of a packet in the job summary, not only the first 50', () => {
    const summary = renderJobSummary(verdict([packet(0, false, 120)]));
    expect(summary).toContain('finding 119 ');
    expect(renderComment(verdict([packet(0, false, 120)]))).toContain('and 70 more findings');
  });

  it('annotates 10 errors and 10 warnings and summarises the rest by code', () => {
    const findings = [
      ...Array.from({ length: 15 }, (_, i) => finding(i, 'error', 'SCHEMA_TYPE')),
      ...Array.from({ length: 4 }, (_, i) => finding(i, 'error', 'MONEY_EXPONENT')),
      ...Array.from({ length: 12 }, (_, i) => finding(i, 'warning', 'PRICING_STALE')),
    ];
    const plan = planAnnotations(findings);

    expect(plan.shown.filter((f) => f.severity === 'error')).toHaveLength(10);
    expect(plan.shown.filter((f) => f.severity === 'warning')).toHaveLength(10);
    expect(plan.hidden).toBe(11);
    expect(plan.notice).toBe(
      '11 more findings than GitHub annotates (SCHEMA_TYPE x5, MONEY_EXPONENT x4, PRICING_STALE x2); the job summary lists every one.',
    );
  });

  it('says nothing extra when every finding fits', () => {
    expect(planAnnotations([finding(1)]).notice).toBe('');
  });
});
