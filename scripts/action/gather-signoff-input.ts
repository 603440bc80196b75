/**
 * Gathers everything the sign-off evaluation takes, through the REST API only: the pull request
 * as it stands, its files and reviews, CODEOWNERS and the policy from the BASE commit, and the
 * packets and their evidence as blobs at the head and at each reviewed commit. Nothing from the
 * pull request is checked out, installed or run; its files are only ever read as data.
 */
import { POLICY_PATH } from '../core/ownership/gate-paths.js';
import { DEFAULT_LIMITS, parsePolicy } from '../core/ownership/policy.js';
import type { Packet } from '../core/packet/packet.js';
import { compareFindings } from '../core/packet/finding.js';
import { crossFileFindings, validateFile, type PacketFile } from '../core/packet/validate.js';
import type { PacketAtHead, SignoffInput } from '../core/signoff/types.js';
import { isPacketPath } from '../io/files.js';
import { specialEntryProblem } from '../io/tree-entries.js';
import {
  getPullRequest,
  listPullFiles,
  listPullReviews,
  listSpecialEntries,
  readFileAt,
  type GitHubClient,
  type RepoRef,
} from '../io/github.js';
import { readBaseFiles } from './read-base-files.js';
import { readTeams } from './read-teams.js';

export interface GatherLog {
  info(message: string): void;
  warning(message: string): void;
}

/** Reads the pull request's state and returns the evaluation's input. */
export async function gatherSignoffInput(
  client: GitHubClient,
  repo: RepoRef,
  pullNumber: number,
  log: GatherLog,
): Promise<SignoffInput> {
  const pr = await getPullRequest(client, repo, pullNumber);
  const [changedFiles, reviews] = await Promise.all([
    listPullFiles(client, repo, pullNumber),
    listPullReviews(client, repo, pullNumber),
  ]);
  log.info(`${changedFiles.length} changed files, ${reviews.length} reviews`);

  const base = await readBaseFiles(client, repo, pr.baseSha, POLICY_PATH);
  const maxBytes = base.policyText
    ? parsePolicy(base.policyText, POLICY_PATH).policy?.limits.maxPacketBytes
    : undefined;

  // Symlinks and submodules come from the head's tree: the contents API follows links.
  const special = await listSpecialEntries(client, repo, pr.headSha, 'packets');
  const kinds = new Map(special.map((entry) => [entry.path, entry.kind]));
  const present = changedFiles.filter((file) => file.status !== 'removed');
  const packetPaths = present
    .filter((file) => isPacketPath(file.path) || kinds.has(file.path))
    .map((file) => file.path);
  const packets = await readPacketsAtHead(client, repo, pr.headSha, packetPaths, {
    kinds,
    maxBytes: maxBytes ?? DEFAULT_LIMITS.maxPacketBytes,
  });

  const trackedPaths = [...packetPaths, ...packets.flatMap(evidencePaths)];
  const commits = [pr.headSha, ...reviews.map((review) => review.commitId)];
  const blobs = await readBlobIds(client, repo, unique(commits), unique(trackedPaths));

  const teamMembers = await readTeams(client, [base.codeowners?.text, base.policyText], log);
  return {
    pr,
    changedFiles,
    packets,
    reviews,
    blobs,
    codeowners: base.codeowners,
    policyText: base.policyText,
    teamMembers,
  };
}

/** Reads each packet at the head and validates it; unreadable files become findings. */
async function readPacketsAtHead(
  client: GitHubClient,
  repo: RepoRef,
  headSha: string,
  paths: string[],
  limits: { kinds: ReadonlyMap<string, 'symlink' | 'submodule'>; maxBytes: number },
): Promise<PacketAtHead[]> {
  const files: PacketFile[] = [];
  for (const path of paths) {
    const kind = limits.kinds.get(path);
    if (kind !== undefined) {
      files.push({ path, bytes: new Uint8Array(), problem: specialEntryProblem(kind) });
      continue;
    }
    const file = await readFileAt(client, repo, path, headSha);
    if (file?.kind === 'file' && file.bytes !== undefined) {
      files.push({ path, bytes: file.bytes });
    } else {
      files.push({ path, bytes: new Uint8Array(), problem: unreadable(file?.kind) });
    }
  }

  // TODO: pass evidence facts (bytes read through the API) so evidence rules run here too.
  const results = files.map((file) => validateFile(file, { maxPacketBytes: limits.maxBytes }));
  const cross = crossFileFindings(results);
  return results.map((result) => ({
    path: result.path,
    data: result.input?.packet,
    findings: [...result.findings, ...(cross.get(result.path) ?? [])].sort(compareFindings),
  }));
}

function unreadable(kind: string | undefined): { code: string; message: string } {
  if (kind === 'file') {
    return {
      code: 'PACKET_TOO_LARGE',
      message: 'The API sent no content for this file (over 1 MB); keep packets small.',
    };
  }
  return {
    code: 'PACKET_NOT_A_FILE',
    message: `This path is a ${kind ?? 'missing entry'} at the head, not a file; commit a plain YAML file.`,
  };
}

function evidencePaths(packet: PacketAtHead): string[] {
  const data = packet.data as Partial<Packet> | undefined;
  return (data?.evidence ?? []).map((ref) => ref.path);
}

/** `blobs[commit][path]`: the git blob id of each tracked path at each commit. */
async function readBlobIds(
  client: GitHubClient,
  repo: RepoRef,
  commits: string[],
  paths: string[],
): Promise<SignoffInput['blobs']> {
  const blobs: SignoffInput['blobs'] = {};
  for (const commit of commits.filter((sha) => sha !== '')) {
    const atCommit: Record<string, string | undefined> = {};
    for (const path of paths) {
      const file = await readFileAt(client, repo, path, commit);
      if (file !== undefined && file.kind === 'file') atCommit[path] = file.blobId;
    }
    blobs[commit] = atCommit;
  }
  return blobs;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
