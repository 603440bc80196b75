/**
 * Reads the files that say who must approve, and how costs are allocated, from the pull
 * request's BASE commit, so a pull request cannot change either for itself.
 */
import { ALLOCATION_FILE } from '../core/evidence/allocation-config.js';
import { CODEOWNERS_LOCATIONS } from '../core/ownership/find-codeowners-file.js';
import { POLICY_PATH } from '../core/ownership/gate-paths.js';
import { readFileAt, type GitHubClient, type RepoRef } from '../io/github.js';

export interface BaseFiles {
  codeowners: { path: string; text: string } | undefined;
  policyText: string | undefined;
  /** The allocation config evidence is read with, so a PR cannot remap its own costs. */
  allocationText: string | undefined;
}

/** CODEOWNERS (first found where GitHub looks), the policy and allocation at `baseSha`. */
export async function readBaseFiles(
  client: GitHubClient,
  repo: RepoRef,
  baseSha: string,
): Promise<BaseFiles> {
  let codeowners: BaseFiles['codeowners'];
  for (const path of CODEOWNERS_LOCATIONS) {
    const text = await readText(client, repo, path, baseSha);
    if (text !== undefined) {
      codeowners = { path, text };
      break;
    }
  }

  const policyText = await readText(client, repo, POLICY_PATH, baseSha);
  const allocationText = await readText(client, repo, ALLOCATION_FILE, baseSha);
  return { codeowners, policyText, allocationText };
}

async function readText(client: GitHubClient, repo: RepoRef, path: string, ref: string) {
  const file = await readFileAt(client, repo, path, ref);
  if (file?.kind !== 'file' || file.bytes === undefined) return undefined;
  return new TextDecoder('utf-8').decode(file.bytes);
}
