/**
 * Pull-request mode's second step: the recording commits are on `record/pr-<N>`; open the pull
 * request that lands them on the base branch, or find the one a previous run opened. Nothing
 * here merges: someone allowed to merge does, with a squash, so the trailers reach the base
 * branch in one commit the audit reads.
 */
import { findOpenPull, openPull, type OpenPull } from '../io/github-branch.js';
import type { GitHubClient, RepoRef } from '../io/github.js';

/** What the recording branch holds. */
export interface RecordBranch {
  /** The decided pull request. */
  pullRequest: number;
  decision: 'approved' | 'denied';
  /** `record/pr-<N>`. */
  head: string;
  base: string;
  /** Paths of the packets the commits record. */
  packets: string[];
}

/** Opens (or finds) the recording pull request; `opened` is false when one was already open. */
export async function openRecordPull(
  client: GitHubClient,
  repo: RepoRef,
  branch: RecordBranch,
): Promise<{ pull: OpenPull; opened: boolean }> {
  // 1. A previous run (or a crash after its push) may have opened it already.
  const existing = await findOpenPull(client, repo, branch.head);
  if (existing !== undefined) return { pull: existing, opened: false };

  // 2. Otherwise open it, saying what it records and how it must be merged.
  // TODO: several packets make several commits, whose trailers a squash joins into one message
  // the audit does not read; such a record needs another merge method or one commit per PR.
  const verb = branch.decision === 'approved' ? 'approval' : 'denial';
  const pull = await openPull(client, repo, {
    head: branch.head,
    base: branch.base,
    title: `Record the ${verb} of #${branch.pullRequest}`,
    body: recordPullBody(branch, verb),
  });
  return { pull, opened: true };
}

function recordPullBody(branch: RecordBranch, verb: string): string {
  const packets = branch.packets.map((path) => `- \`${path}\``);
  return [
    `Records the ${verb} of #${branch.pullRequest}, as the sign-off stood when it closed:`,
    '',
    ...packets,
    '',
    'The commit sets the decision fields of each packet, regenerates `packets/LEDGER.md`, and',
    'carries the decision in its trailers (`Approved-by:` or `Denied-by:`, `Reviewed-commit:`,',
    '`Pull-request:`), which `packet audit` reads back.',
    '',
    `Merge with **Squash and merge** and keep the proposed commit message, so the trailers land`,
    `on \`${branch.base}\` in one commit. Only someone allowed to merge into \`${branch.base}\``,
    `can land it; until then \`${branch.base}\` still shows the packet as it was before the`,
    'decision. The recorder force-pushes this branch when it runs again, with the same commits.',
    '',
  ].join('\n');
}
