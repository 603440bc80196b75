/**
 * Every approval recorded for a packet names the commit its pull request landed as. From git
 * alone the audit cannot prove who approved, but it can check that the commit named is a
 * landing of that pull request (`landingOf`), so a record written by hand against a commit
 * pushed straight to main does not pass as an approval.
 */
import type { AuditFinding } from './audit-types.js';
import type { HistoryIndex, Lineage } from './history-index.js';
import { landingOf } from './pull-request-landing.js';

/** The code of a record whose decided commit is not a landing of the PR it names. */
export const NOT_A_LANDING = 'RECORD_DECIDED_COMMIT_NOT_A_PULL_REQUEST_LANDING';

/** Checks the decided commit of every approval recorded for `lineage`. */
export function checkLandings(
  index: HistoryIndex,
  lineage: Lineage,
  packetId: string,
): AuditFinding[] {
  const found: AuditFinding[] = [];

  for (const event of lineage.events) {
    const record = event.record;
    if (record === undefined || record.decision !== 'approved') continue;

    // A decided commit outside first-parent history is reported by the record check.
    const at = index.position.get(record.decidedCommit);
    if (at === undefined) continue;
    const landing = landingOf(index.commits[at]!, record.pullRequest);
    if (landing.ok) continue;

    const recording = index.commits[event.index]!.sha;
    const decided = record.decidedCommit.slice(0, 12);
    found.push({
      code: NOT_A_LANDING,
      severity: 'error',
      kind: 'failed',
      packetId,
      file: lineage.path,
      commit: recording,
      message:
        `recording commit ${recording.slice(0, 12)} names ${decided} as the landing of PR ` +
        `#${record.pullRequest}, but ${decided} is ${landing.found}; only a merged pull ` +
        `request is an approval: revert ${recording.slice(0, 12)} and file the change in a ` +
        'pull request',
    });
  }
  return found;
}
