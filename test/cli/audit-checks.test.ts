import { afterEach, describe, expect, it } from 'vitest';

import type { AuditReport } from '../../scripts/core/history/audit-types.js';
import { EVIDENCE_PATH, EVIDENCE_TEXT, PACKET_PATH, PACKET_TEXT } from '../core/history/fixture.js';
import type { FileMap } from '../../scripts/dev/git-repo.js';
import {
  approvedPacket,
  audit,
  mergePullRequest,
  newScenario,
  rebasePullRequest,
  recordMerge,
  twoApprovals,
  type Scenario,
} from './audit-scenario.js';

let s: Scenario;
afterEach(() => s?.cleanup());

const SECOND_EVIDENCE = 'packets/ml-platform/evidence/openai-costs-2026-10-b.json';
const MOVED = 'packets/ml-platform/archive/EXC-2026-11-03-ML-PLATFORM.yaml';
function findings(report: AuditReport): string[][] {
  return report.packets.flatMap((p) => p.findings.map((f) => [f.code, f.file]));
}

/** The approved packet on main, with the recorder's commit amended by `files` (same message). */
async function tamperedRecording(files: (approved: string) => FileMap): Promise<string> {
  await approvedPacket(s);
  const approved = s.work.git('show', `HEAD:${PACKET_PATH}`);
  s.work.write(files(approved));
  s.work.git('add', '-A');
  s.work.git('commit', '-q', '--amend', '--no-edit', '--allow-empty');
  return s.work.head();
}

describe('packet audit: a recording commit writes the record and nothing else', () => {
  it.each<[string, (approved: string) => FileMap, string[][]]>([
    [
      'a figure in the packet',
      (t) => ({ [PACKET_PATH]: t.replace('overage_amount: "234.56"', 'overage_amount: "34.56"') }),
      [['RECORD_CHANGED_CONTENT', PACKET_PATH]],
    ],
    [
      'an unrelated file',
      () => ({ 'notes.txt': 'slipped in\n' }),
      [['RECORD_CHANGED_CONTENT', 'notes.txt']],
    ],
    [
      'the evidence approved',
      () => ({ [EVIDENCE_PATH]: '{"object":"page","data":[9]}\n' }),
      [
        ['RECORD_CHANGED_CONTENT', EVIDENCE_PATH],
        ['EVIDENCE_BLOB_MISMATCH', EVIDENCE_PATH],
      ],
    ],
    [
      'the packet moved elsewhere',
      (t) => ({ [PACKET_PATH]: null, [MOVED]: t }),
      [['RECORD_CHANGED_CONTENT', MOVED]],
    ],
  ])('fails a recording commit that also changed %s', async (_what, files, expected) => {
    s = newScenario();
    const recording = await tamperedRecording(files);

    const { code, report } = await audit(s.work.dir);
    expect(findings(report)).toEqual(expected);
    const changed = report.packets[0]!.findings.find((f) => f.code === 'RECORD_CHANGED_CONTENT');
    expect(changed?.commit).toBe(recording);
    expect(code).toBe(1);
  });

  it('names the fields a recording commit changed besides the record', async () => {
    s = newScenario();
    await tamperedRecording((t) => ({
      [PACKET_PATH]: t.replace('next_review_date: 2026-12-01', 'next_review_date: 2027-06-01'),
    }));
    const { report } = await audit(s.work.dir);
    expect(report.packets[0]!.findings[0]!.message).toContain('changed next_review_date');
  });

  it('accepts a recording commit that changed only the record fields and the ledger', async () => {
    s = newScenario();
    await approvedPacket(s);
    const { code, report } = await audit(s.work.dir);
    expect(findings(report)).toEqual([]);
    expect(code).toBe(0);
  });
});

describe('packet audit: every evidence file cited was approved', () => {
  it('fails a packet citing evidence that was not in the merge it was approved on', async () => {
    s = newScenario();
    const cites = PACKET_TEXT.replace(
      '    format: openai\n',
      `    format: openai\n  - path: ${SECOND_EVIDENCE}\n    sha256: ${'a'.repeat(64)}\n    format: openai\n`,
    );
    const pr = mergePullRequest(s, 7, 'p', {
      [PACKET_PATH]: cites,
      [EVIDENCE_PATH]: EVIDENCE_TEXT,
    });
    await recordMerge(s, 7, pr.merge, [{ path: PACKET_PATH, approvals: twoApprovals(pr.head) }]);
    s.work.git('pull', '-q', '--ff-only', 'origin', 'main');

    const { code, report } = await audit(s.work.dir);
    expect(findings(report)).toEqual([['EVIDENCE_NOT_APPROVED', SECOND_EVIDENCE]]);
    expect(code).toBe(1);
  });

  it('fails evidence cited by an edit on main after approval', async () => {
    s = newScenario();
    await approvedPacket(s);
    const text = s.work
      .git('show', `HEAD:${PACKET_PATH}`)
      .replace(
        '    format: openai\n',
        `    format: openai\n  - path: ${SECOND_EVIDENCE}\n    sha256: ${'a'.repeat(64)}\n    format: openai\n`,
      );
    const edit = s.work.commit('Cite another export', {
      [PACKET_PATH]: text,
      [SECOND_EVIDENCE]: '{"object":"page","data":[]}\n',
    });

    const { report } = await audit(s.work.dir);
    expect(report.packets[0]!.findings.map((f) => [f.code, f.file, f.commit])).toEqual([
      ['CHANGED_AFTER_APPROVAL', PACKET_PATH, edit],
      ['CHANGED_AFTER_APPROVAL', SECOND_EVIDENCE, edit],
      ['EVIDENCE_NOT_APPROVED', SECOND_EVIDENCE, expect.any(String)],
    ]);
  });
});

describe('packet audit: a rebase-merged amendment', () => {
  /** Two commits on a PR branch, each applying one edit, rebased onto main. */
  function rebaseMerge(branch: string, steps: ((t: string) => string)[]): string[] {
    let text = s.work.git('show', `HEAD:${PACKET_PATH}`);
    const files = steps.map((edit) => ({ [PACKET_PATH]: (text = edit(text)) }));
    return rebasePullRequest(s, branch, files);
  }
  const edits = [
    (t: string) => t.replace('next_review_date: 2026-12-01', 'next_review_date: 2027-01-15'),
    (t: string) => t.replace('ticket ML-42', 'ticket ML-42, ML-51'),
  ];

  it('recognises the rebased commits as the amendment its record names by the last one', async () => {
    s = newScenario();
    const first = await approvedPacket(s);
    const landed = rebaseMerge('rebase', edits);
    await recordMerge(s, 9, landed.at(-1)!, [
      { path: PACKET_PATH, approvals: twoApprovals(first.head) },
    ]);
    s.work.git('pull', '-q', '--ff-only', 'origin', 'main');

    const { code, report } = await audit(s.work.dir);
    expect(findings(report)).toEqual([]);
    expect(report.packets[0]!.timeline.map((t) => [t.event, t.commit])).toEqual([
      ['filed', expect.any(String)],
      ['approved', expect.any(String)],
      ['amended', landed[0]],
      ['amended', landed[1]],
      ['approved', expect.any(String)],
    ]);
    expect(code).toBe(0);
  });

  it('still fails a direct push to main just before the rebased commits', async () => {
    s = newScenario();
    const first = await approvedPacket(s);
    const text = s.work
      .git('show', `HEAD:${PACKET_PATH}`)
      .replace('overage_amount: "234.56"', 'overage_amount: "34.56"');
    const direct = s.work.commit(
      'Quiet fix',
      { [PACKET_PATH]: text },
      {
        date: '2026-11-06T08:00:00+00:00',
      },
    );
    s.work.git('push', '-q', 'origin', 'main');
    const landed = rebaseMerge('rebase', edits);
    await recordMerge(s, 9, landed.at(-1)!, [
      { path: PACKET_PATH, approvals: twoApprovals(first.head) },
    ]);
    s.work.git('pull', '-q', '--ff-only', 'origin', 'main');

    const { report } = await audit(s.work.dir);
    expect(report.packets[0]!.findings.map((f) => [f.code, f.commit])).toEqual([
      ['CHANGED_AFTER_APPROVAL', direct],
    ]);
  });
});

describe('packet audit: a rename after approval', () => {
  it('shows a rename on main without a record as a change, and fails it', async () => {
    s = newScenario();
    await approvedPacket(s);
    const approved = s.work.git('show', `HEAD:${PACKET_PATH}`);
    const move = s.work.commit('Archive it', { [PACKET_PATH]: null, [MOVED]: approved });

    const { report } = await audit(s.work.dir);
    expect(report.packets[0]!.timeline.at(-1)).toMatchObject({ event: 'changed', commit: move });
    expect(findings(report)).toEqual([['CHANGED_AFTER_APPROVAL', MOVED]]);
  });
});
