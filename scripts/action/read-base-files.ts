/**
 * Reads the files that say who must approve from the pull request's BASE commit, so a pull
 * request cannot change who must approve it.
 */
import { CODEOWNERS_LOCATIONS } from '../core/ownership/find-codeowners-file.js';
import { readFileAt, type GitHubClient, type RepoRef } from '../io/github.js';

export interface BaseFiles {
  codeowners: { path: string; text: string } | undefined;
  policyText: string | undefined;
}

/** CODEOWNERS (first found where GitHub looks) and the policy at `baseSha`. */
export async function readBaseFiles(
  client: GitHubClient,
  repo: RepoRef,
  baseSha: string,
  policyPath: string,
): Promise<BaseFiles> {
  let codeowners: BaseFiles['codeowners'];
  for (const path of CODEOWNERS_LOCATIONS) {
    const text = await readText(client, repo, path, baseSha);
    if (text !== undefined) {
      codeowners = { path, text };
      break;
    }
  }

  const policyText = await readText(client, repo, policyPath, baseSha);
  return { codeowners, policyText };
}

async function readText(client: GitHubClient, repo: RepoRef, path: string, ref: string) {
  const file = await readFileAt(client, repo, path, ref);
  if (file?.kind !== 'file' || file.bytes === undefined) return undefined;
  return new TextDecoder('utf-8').decode(file.bytes);
}
