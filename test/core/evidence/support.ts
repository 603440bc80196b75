/**
 * Helpers for the evidence tests: export text as chunks, the shared billing samples, and
 * reading a whole export into a summary.
 */
import { createReadStream, existsSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Packet } from '../../../scripts/core/packet/packet.js';
import {
  EMPTY_ALLOCATION,
  type AllocationConfig,
} from '../../../scripts/core/evidence/allocation.js';
import type {
  ExportChunks,
  LineItem,
  ReadProblem,
  ReaderEvent,
} from '../../../scripts/core/evidence/line-item.js';
import {
  readExport,
  type ReadOptions,
} from '../../../scripts/core/evidence/readers/read-export.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The repository root of this checkout. */
export const REPO_ROOT = path.resolve(here, '../../..');

/**
 * The shared real billing samples, beside the repository (`../shared/fixtures/billing`).
 * `BILLING_FIXTURES` points elsewhere when the checkout is not beside them (a git worktree).
 */
export const BILLING =
  process.env.BILLING_FIXTURES ?? path.resolve(REPO_ROOT, '../shared/fixtures/billing');

/** Whether the shared samples are present; tests that need them skip with a note otherwise. */
export const HAVE_BILLING = existsSync(BILLING);
if (!HAVE_BILLING) console.warn(`skipping real-sample tests: ${BILLING} is absent`);

/** The project's own small export fixtures. */
export const EXPORTS = path.resolve(REPO_ROOT, 'test/fixtures/exports');

/** Text cut into chunks of `size` characters (or bytes when `bytes` is set). */
export async function* chunksOf(text: string, size = 7, bytes = false): ExportChunks {
  // Hand back control between chunks, as a file stream does.
  await Promise.resolve();
  if (bytes) {
    const all = new TextEncoder().encode(text);
    for (let i = 0; i < all.length; i += size) yield all.slice(i, i + size);
    return;
  }
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

/** A file's bytes, streamed. */
export function fileChunks(file: string): ExportChunks {
  return createReadStream(file, { highWaterMark: 64 * 1024 }) as AsyncIterable<Uint8Array>;
}

/** Reads every event of an export into lists. */
export async function readAll(
  chunks: ExportChunks,
  options: Partial<ReadOptions> & Pick<ReadOptions, 'format'>,
  allocation: AllocationConfig = EMPTY_ALLOCATION,
): Promise<{ items: LineItem[]; problems: ReadProblem[]; events: ReaderEvent[] }> {
  const events: ReaderEvent[] = [];
  for await (const event of readExport(chunks, { allocation, ...options })) events.push(event);
  return {
    items: events.flatMap((e) => (e.kind === 'item' ? [e.item] : [])),
    problems: events.flatMap((e) => (e.kind === 'problem' ? [e.problem] : [])),
    events,
  };
}

/**
 * A packet whose figures agree with test/fixtures/exports/focus-small.csv (BilledCost
 * 294.85500000001, budget 250), citing the export at `evidencePath` with `sha256`.
 */
export function focusSmallPacket(
  evidencePath: string,
  sha256: string,
  change: Partial<Packet> = {},
): Packet {
  return {
    exception_packet_id: 'EXC-2026-11-02-ML-PLATFORM',
    review_period_start: '2026-10-01',
    review_period_end: '2026-10-31',
    api_provider: 'Microsoft',
    currency: 'USD',
    cost_column: 'BilledCost',
    billed_total: '294.86',
    budget_amount: '250.00',
    overage_amount: '44.86',
    overage_pct_above_threshold: '17.94',
    evidence: [{ path: evidencePath, sha256, format: 'focus' }],
    segments: [
      { label: 'ML', amount: '94.60', owner: 'ml-platform' },
      { label: 'Data', amount: '200.26', owner: 'data-eng' },
    ],
    business_justification: 'x',
    allocation_owner: 'ml-platform',
    approver_name: 'PENDING',
    approved_at: 'PENDING',
    corrective_action: 'x',
    next_review_date: '2026-12-01',
    packet_status: 'draft',
    ...change,
  };
}
