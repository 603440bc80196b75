/**
 * The commits each recorded decision of a packet covers. A merge commit or a squash commit lands
 * a pull request in one commit, the one the record names. A rebase merge lands several commits,
 * none a merge: the record names the last of them (`decided_commit`, holding the packet blob
 * approved), and the ones before it are recognised from history alone as the run of non-merge
 * commits right before it that share its committer and commit time, which is how a hosted
 * rebase merge writes them, back to the packet's previous record at most.
 */
import type { HistoryIndex, Lineage } from './history-index.js';
import { parseRecordTrailers } from './trailers.js';

/** Shas of every commit a recorded decision of this lineage landed. */
export function landedCommits(index: HistoryIndex, lineage: Lineage): Set<string> {
  const landed = new Set<string>();
  let previousRecord = -1;

  for (const event of lineage.events) {
    if (event.record === undefined) continue;
    const decided = event.record.decidedCommit;
    landed.add(decided);
    const at = index.position.get(decided);
    if (at !== undefined) {
      for (const k of rebasedBefore(index, at, previousRecord)) landed.add(index.commits[k]!.sha);
    }
    previousRecord = event.index;
  }
  return landed;
}

/** Positions of the commits rebased together with the non-merge commit at `at`. */
function rebasedBefore(index: HistoryIndex, at: number, stop: number): number[] {
  const last = index.commits[at]!;
  const out: number[] = [];
  if (last.parents.length > 1) return out;

  for (let k = at - 1; k > stop; k -= 1) {
    const commit = index.commits[k]!;
    const together =
      commit.parents.length <= 1 &&
      commit.committer === last.committer &&
      commit.committedAt === last.committedAt &&
      (commit.trailers === '' || parseRecordTrailers(commit.trailers) === undefined);
    if (!together) break;
    out.push(k);
  }
  return out;
}
