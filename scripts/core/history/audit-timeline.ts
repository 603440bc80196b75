/**
 * A packet's story from its lineage: filed, updated, approved, amended, denied, and every change
 * made after an approval without one of its own.
 */
import type { AuditFinding, TimelineEntry } from './audit-types.js';
import { blobAt, type HistoryIndex, type Lineage, type LineageEvent } from './history-index.js';
import { landedCommits } from './landed-commits.js';

/** The events of a lineage as a timeline, plus a finding for each unapproved change. */
export function buildTimeline(
  index: HistoryIndex,
  lineage: Lineage,
  packetId: string,
  evidencePaths: readonly string[],
): { timeline: TimelineEntry[]; findings: AuditFinding[] } {
  // A change is covered when a recorded decision landed it (its merge, or a rebased commit).
  const decided = landedCommits(index, lineage);
  const firstRecord = lineage.events.find((e) => e.record?.decision === 'approved')?.index;
  const timeline: TimelineEntry[] = [];
  const findings: AuditFinding[] = [];

  for (const event of lineage.events) {
    const commit = index.commits[event.index]!;
    const entry = { commit: commit.sha, date: commit.committedAt, by: commit.author };

    if (event.record) {
      timeline.push({ ...entry, ...decisionEntry(event) });
      continue;
    }
    const afterApproval = firstRecord !== undefined && event.index > firstRecord;
    const covered = decided.has(commit.sha);
    timeline.push({ ...entry, ...changeEntry(event, afterApproval, covered, commit.subject) });

    if (afterApproval && !covered) {
      findings.push(unapproved(packetId, event.path, commit.sha, 'the packet'));
    }
  }

  const events = timeline.length;
  if (firstRecord !== undefined) {
    for (const path of evidencePaths) {
      for (const v of index.paths.get(path) ?? []) {
        if (v.index <= firstRecord) continue;
        const commit = index.commits[v.index]!;
        timeline.push({
          event: 'evidence-changed',
          commit: commit.sha,
          date: commit.committedAt,
          by: commit.author,
          detail: v.blob === null ? `${path} removed` : `${path} now blob ${v.blob.slice(0, 12)}`,
        });
        if (!decided.has(commit.sha)) findings.push(unapproved(packetId, path, commit.sha, path));
      }
    }
  }

  // Lineage events come in history order already; only evidence changes need placing among them.
  if (timeline.length > events) {
    timeline.sort(
      (a, b) => (index.position.get(a.commit) ?? 0) - (index.position.get(b.commit) ?? 0),
    );
  }
  return { timeline, findings };
}

/** The last commit at or before `at` that changed `path`. */
export function lastChangeOf(index: HistoryIndex, path: string, at: number): string | undefined {
  let found: number | undefined;
  for (const v of index.paths.get(path) ?? []) if (v.index <= at) found = v.index;
  return found === undefined ? undefined : index.commits[found]?.sha;
}

export { blobAt };

function decisionEntry(event: LineageEvent): Pick<TimelineEntry, 'event' | 'by' | 'detail'> {
  const r = event.record!;
  const by = r.approvals.map((a) => `${a.name} <${a.login}> (${a.group})`).join('; ');
  const detail = `PR #${r.pullRequest}, version ${r.version}, decided in ${r.decidedCommit.slice(0, 12)}`;
  return { event: r.decision, by, detail };
}

function changeEntry(
  event: LineageEvent,
  afterApproval: boolean,
  covered: boolean,
  subject: string,
): Pick<TimelineEntry, 'event' | 'detail'> {
  if (event.kind === 'added') return { event: 'filed', detail: `${event.path}: ${subject}` };
  if (event.kind === 'removed') return { event: 'removed', detail: event.path };
  // A rename after approval is an amendment like any other change to the approved packet.
  const what = event.kind === 'renamed' ? `${event.fromPath ?? ''} -> ${event.path}: ` : '';
  if (!afterApproval) {
    return what === ''
      ? { event: 'updated', detail: subject }
      : { event: 'renamed', detail: `${event.fromPath ?? ''} -> ${event.path}` };
  }
  return covered
    ? { event: 'amended', detail: `${what}${subject}` }
    : { event: 'changed', detail: `without a recorded approval: ${what}${subject}` };
}

function unapproved(packetId: string, file: string, commit: string, what: string): AuditFinding {
  return {
    code: 'CHANGED_AFTER_APPROVAL',
    severity: 'error',
    kind: 'failed',
    packetId,
    file,
    commit,
    message:
      `${what} changed in ${commit.slice(0, 12)} after approval without a new recorded ` +
      'approval; revert the change or file it as an amendment PR',
  };
}
