/**
 * Reads each changed packet at the pull request's head through the API and validates it the
 * way `packet validate` does, evidence included: the exports it cites are read at the head as
 * bytes and checked in memory, against the allocation config of the BASE commit.
 */
import type { AllocationConfig } from '../core/evidence/allocation.js';
import { compareFindings } from '../core/packet/finding.js';
import {
  crossFileFindings,
  judgeFile,
  prepareFile,
  type PacketFile,
} from '../core/packet/validate.js';
import { parsePacketText } from '../core/packet/parse.js';
import { checkDecisionFields } from '../core/signoff/check-decision-fields.js';
import type { PacketAtHead } from '../core/signoff/types.js';
import { gatherEvidenceFromBytes } from '../io/evidence-bytes.js';
import { readFileAt, type GitHubClient, type RepoRef } from '../io/github.js';
import { specialEntryProblem } from '../io/tree-entries.js';
import { readEvidenceAt } from './read-evidence-at.js';

/** Each packet at `headSha` with its findings; unreadable files become findings. */
export async function readPacketsAtHead(
  client: GitHubClient,
  repo: RepoRef,
  headSha: string,
  paths: readonly string[],
  allocation: AllocationConfig,
  limits: {
    kinds: ReadonlyMap<string, 'symlink' | 'submodule'>;
    maxBytes: number;
    /** The base commit and each renamed packet's path there, to compare decision fields. */
    baseSha?: string;
    previousPaths?: ReadonlyMap<string, string>;
  },
): Promise<PacketAtHead[]> {
  // 1. The packet files, up to the schema. Links and submodules are reported, never followed.
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
  const prepared = files.map((file) => prepareFile(file, limits.maxBytes));
  const inputs = prepared.flatMap((file) => (file.input ? [file.input] : []));

  // 2. The evidence they cite, as bytes at the head, then the rules with its facts.
  const cited = inputs.flatMap((input) => input.packet.evidence.map((ref) => ref.path));
  const bytes = await readEvidenceAt(client, repo, headSha, cited);
  const evidence = await gatherEvidenceFromBytes(bytes, inputs, allocation);
  const results = prepared.map((file) => judgeFile(file, { evidence }));

  // 3. The decision fields are the recorder's: compare each packet with its base version.
  if (limits.baseSha !== undefined) {
    for (const [index, file] of prepared.entries()) {
      if (!file.input || !file.parsed) continue;
      const basePath = limits.previousPaths?.get(file.path) ?? file.path;
      const finding = checkDecisionFields(
        file.input.packet,
        await readBasePacket(client, repo, basePath, limits.baseSha),
      );
      if (finding === undefined) continue;
      const offset = file.parsed.valueOffsets.get(finding.field) ?? 0;
      const { line, column } = file.parsed.position(offset);
      results[index]!.findings.push({
        ...finding,
        severity: 'error',
        file: file.path,
        line,
        column,
      });
    }
  }

  const cross = crossFileFindings(results);
  return results.map((result) => ({
    path: result.path,
    data: result.input?.packet,
    findings: [...result.findings, ...(cross.get(result.path) ?? [])].sort(compareFindings),
  }));
}

/** The packet's data at the base commit, or undefined when it is new there (or unreadable). */
async function readBasePacket(
  client: GitHubClient,
  repo: RepoRef,
  path: string,
  baseSha: string,
): Promise<unknown> {
  const file = await readFileAt(client, repo, path, baseSha);
  if (file?.kind !== 'file' || file.bytes === undefined) return undefined;
  return parsePacketText(new TextDecoder().decode(file.bytes)).data;
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
