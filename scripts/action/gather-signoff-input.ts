/**
 * Gathers everything the sign-off evaluation takes, through the REST API only: the pull request
 * as it stands, its files and reviews, CODEOWNERS and the policy from the BASE commit, and the
 * packets and their evidence as blobs at the head and at each reviewed commit. Nothing from the
 * pull request is checked out, installed or run; its files are only ever read as data.
 */
import { EMPTY_ALLOCATION } from '../core/evidence/allocation.js';
import { parseAllocationConfig } from '../core/evidence/allocation-config.js';
import { evidencePathProblem } from '../core/evidence/evidence-path.js';
import { POLICY_PATH } from '../core/ownership/gate-paths.js';
import { DEFAULT_LIMITS, parsePolicy } from '../core/ownership/policy.js';
import type { Packet } from '../core/packet/packet.js';
import type { PacketAtHead, SignoffInput } from '../core/signoff/types.js';
import { isPacketPath } from '../io/files.js';
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
import { readPacketsAtHead } from './read-packets-at-head.js';
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

  const base = await readBaseFiles(client, repo, pr.baseSha);
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
  const allocation = allocationOf(base.allocationText, log);
  const packets = await readPacketsAtHead(client, repo, pr.headSha, packetPaths, allocation, {
    kinds,
    maxBytes: maxBytes ?? DEFAULT_LIMITS.maxPacketBytes,
    baseSha: pr.baseSha,
    previousPaths: new Map(
      present.flatMap((file) => (file.previousPath ? [[file.path, file.previousPath]] : [])),
    ),
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

/** The base's allocation config; a broken one is reported and read as empty (fails closed). */
function allocationOf(text: string | undefined, log: GatherLog) {
  if (text === undefined) return EMPTY_ALLOCATION;
  const { config, findings } = parseAllocationConfig(text);
  for (const f of findings) log.warning(`${f.file}:${f.line}:${f.column}: ${f.code}: ${f.message}`);
  return config;
}

/** Evidence paths the packets cite; one that could leave the repository is never requested. */
function evidencePaths(packet: PacketAtHead): string[] {
  const data = packet.data as Partial<Packet> | undefined;
  const paths = (data?.evidence ?? []).map((ref) => ref.path);
  return paths.filter((path) => evidencePathProblem(path) === undefined);
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
