/**
 * The sign-off of a closed pull request, gathered and evaluated exactly as the gate does it
 * (reviews, files, blob ids at each reviewed commit, CODEOWNERS and policy from the base, team
 * members), so the recorder and the check can never disagree on what was approved; then the
 * display names of the people the record will name.
 */
import { groupMembersFromVerdict } from '../core/history/group-members-from-verdict.js';
import { loginsToName } from '../core/history/logins-to-name.js';
import { evaluateSignoff } from '../core/signoff/evaluate.js';
import type { GitHubClient, RepoRef } from '../io/github.js';
import { gatherSignoffInput, type GatherLog } from './gather-signoff-input.js';
import { readDisplayNames } from './read-display-names.js';
import type { SignoffAtClose } from './record-closed-pull.js';

/** A `SignoffAtClose` reading through `client`. */
export function signoffAtClose(
  client: GitHubClient,
  repo: RepoRef,
  log: GatherLog,
): SignoffAtClose {
  return async (pr) => {
    const input = await gatherSignoffInput(client, repo, pr.number, log);
    const verdict = evaluateSignoff(input);

    // Names only for the people the record will carry, one profile read each.
    const logins = loginsToName({ merged: pr.merged, verdict, reviews: input.reviews });
    const names = await readDisplayNames(client, logins, log);
    return {
      verdict,
      reviews: input.reviews,
      groupMembers: groupMembersFromVerdict(verdict),
      names,
    };
  };
}
