/**
 * Reads the evidence files packets cite at one commit through the API, as bytes: the gate
 * verifies them in memory and never checks them out.
 */
import { evidencePathProblem } from '../core/evidence/evidence-path.js';
import type { EvidenceBytes } from '../io/evidence-bytes.js';
import { readFileAt, type GitHubClient, type RepoRef } from '../io/github.js';

/** Bytes (or why there are none) by path; a path absent from the commit is left out. */
export async function readEvidenceAt(
  client: GitHubClient,
  repo: RepoRef,
  ref: string,
  paths: readonly string[],
): Promise<Map<string, EvidenceBytes>> {
  const files = new Map<string, EvidenceBytes>();

  for (const path of new Set(paths)) {
    // A path that could leave the repository is never sent; the evidence rules report it.
    if (evidencePathProblem(path) !== undefined) continue;
    const file = await readFileAt(client, repo, path, ref);
    if (file === undefined) continue;
    if (file.kind !== 'file') {
      const message = `${path} is a ${file.kind} at the head, not a regular file; commit the export itself`;
      files.set(path, { code: 'EVIDENCE_NOT_A_FILE', message });
    } else if (file.bytes === undefined) {
      // TODO: read exports over 1 MB through the git blobs API (up to 100 MB) instead.
      const message = `${path} is over 1 MB and the contents API sends no bytes for it, so the gate cannot verify it; split the export by month or day`;
      files.set(path, { code: 'EVIDENCE_TOO_LARGE_FOR_GATE', message });
    } else {
      files.set(path, file.bytes);
    }
  }
  return files;
}
