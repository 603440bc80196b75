/**
 * Validates a list of packet files of one repository on its own: reads them, checks them up to
 * the schema, reads the exports the valid ones cite, and runs the rules. Cross-file checks are
 * left to the caller, so chunks can run in parallel.
 */
import type { AllocationConfig } from '../core/evidence/allocation.js';
import type { EvidenceFacts } from '../core/evidence/facts.js';
import { checkFilingDeadline } from '../core/lifecycle/check-filing-deadline.js';
import type { BillingClose } from '../core/ownership/policy.js';
import type { FileOutcome } from '../core/packet/report.js';
import type { PacketInput } from '../core/packet/rule.js';
import { judgeFile, prepareFile, type PacketFile } from '../core/packet/validate.js';
import { readPacketFiles } from '../io/files.js';

export interface ChunkRequest {
  root: string;
  paths: string[];
  allocation: AllocationConfig;
  maxPacketBytes?: number;
  /** Leave exports unread: the evidence rule then has no facts and stays silent. */
  skipExports?: boolean;
  /** The policy's close rule; with it, the filing deadline is checked. */
  billingClose?: BillingClose;
  /** The date the packets are being filed, when known (else the date in each id). */
  filedOn?: string;
}

export interface ChunkResult {
  outcome: FileOutcome;
  /** Exports the packet cites, so the caller can key a cached result on their bytes too. */
  evidencePaths: string[];
  /** False for a file the reader could not treat as a packet (its result must not be reused). */
  cacheable: boolean;
}

/**
 * Files read and checked together. Going batch by batch keeps only one batch of file bytes and
 * parse trees alive at a time, so memory stays flat however many packets a chunk holds.
 */
const BATCH = 256;

export async function validateChunk(request: ChunkRequest): Promise<ChunkResult[]> {
  const results: ChunkResult[] = [];
  for (let start = 0; start < request.paths.length; start += BATCH) {
    const batch = request.paths.slice(start, start + BATCH);
    results.push(...(await validateFiles(request, await readPacketFiles(request.root, batch))));
  }
  return results;
}

/** Reads the exports packets cite, from wherever the packets came from. */
export type EvidenceReader = (
  inputs: readonly PacketInput[],
) => Promise<Map<string, EvidenceFacts>>;

/**
 * The same check for files already in memory (the staged versions, say). The exports are read
 * from the work tree unless `readEvidence` reads them elsewhere (a commit, say).
 */
export async function validateFiles(
  request: Omit<ChunkRequest, 'paths'>,
  files: readonly PacketFile[],
  readEvidence?: EvidenceReader,
): Promise<ChunkResult[]> {
  const prepared = files.map((file) => prepareFile(file, request.maxPacketBytes));
  const inputs = prepared.flatMap((file) => (file.input ? [file.input] : []));

  const fromWorkTree: EvidenceReader = async (wanted) =>
    (await import('../io/evidence.js')).gatherEvidence(request.root, wanted, request.allocation);
  const evidence = request.skipExports ? undefined : await (readEvidence ?? fromWorkTree)(inputs);

  return prepared.map((file, index) => {
    const { path, findings, id, claims } = judgeFile(file, {
      evidence,
      billingClose: request.billingClose,
      filedOn: request.filedOn,
      extraRules: request.billingClose ? [checkFilingDeadline] : [],
    });
    const cited = file.input?.packet.evidence.map((ref) => ref.path) ?? [];
    // An export this run could not read may read fine next time with the very same bytes.
    const unread = cited.some((cite) => evidence?.get(cite)?.unreadable === true);
    return {
      outcome: id ? { path, findings, id, ...(claims ? { claims } : {}) } : { path, findings },
      evidencePaths: cited,
      cacheable: files[index]?.problem === undefined && !unread,
    };
  });
}
