/**
 * Evidence facts from bytes already in memory, for the sign-off gate: it reads a pull
 * request's exports through the API as data and never checks them out. Same path rules, same
 * readers and the same summaries as `gatherEvidence` on a working tree.
 */
import { createHash } from 'node:crypto';
import type { AllocationConfig } from '../core/evidence/allocation.js';
import { evidencePathProblem } from '../core/evidence/evidence-path.js';
import { requestsByPath, type EvidenceFacts } from '../core/evidence/facts.js';
import { summarizeExport } from '../core/evidence/summarize-export.js';
import type { ExportSummary } from '../core/evidence/summarize.js';
import type { PacketInput } from '../core/packet/rule.js';

/** An evidence file's bytes, or why the reader could not get them (not a file, too large). */
export type EvidenceBytes = Uint8Array | { code: string; message: string };

// The same slice size the file reader streams with, so both feed the readers alike.
const CHUNK_BYTES = 256 * 1024;

/**
 * Facts for every evidence path the packets cite. A path missing from `filesByPath` does not
 * exist where it was read (`EVIDENCE_MISSING`).
 */
export async function gatherEvidenceFromBytes(
  filesByPath: ReadonlyMap<string, EvidenceBytes>,
  inputs: readonly PacketInput[],
  allocation: AllocationConfig,
): Promise<Map<string, EvidenceFacts>> {
  const facts = new Map<string, EvidenceFacts>();

  for (const [relative, requests] of requestsByPath(inputs)) {
    // 1. The path's text, then whether there were bytes at all.
    const bytes = bytesOrProblem(relative, filesByPath.get(relative));
    if (!(bytes instanceof Uint8Array)) {
      facts.set(relative, { path: relative, problem: bytes });
      continue;
    }

    // 2. The hash of every byte, then one reading per request.
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const summaries: Record<string, ExportSummary> = {};
    for (const [key, request] of requests) {
      summaries[key] = await summarizeExport(chunksOf(bytes), request, allocation);
    }
    facts.set(relative, { path: relative, sha256, summaries });
  }
  return facts;
}

function bytesOrProblem(relative: string, entry: EvidenceBytes | undefined): EvidenceBytes {
  const problem = evidencePathProblem(relative);
  if (problem !== undefined) return problem;
  if (entry !== undefined) return entry;
  return {
    code: 'EVIDENCE_MISSING',
    message: `${relative} does not exist; commit the export at that path or correct evidence[].path`,
  };
}

async function* chunksOf(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  for (let start = 0; start < bytes.length; start += CHUNK_BYTES) {
    // One slice per turn, as a file stream hands them over; the readers take both alike.
    await Promise.resolve();
    yield bytes.subarray(start, start + CHUNK_BYTES);
  }
}
