/**
 * What the shell learned from one evidence file, handed to the rules as data.
 *
 * A file is read once per distinct way packets ask for it (format, cost column, mapping,
 * period and scope); each reading's summary is kept under the key `summaryKey` gives, so two
 * packets citing the same export for different scopes each find their own figures.
 */
import type { EvidenceRef, Packet, Scope } from '../packet/packet.js';
import type { PacketInput } from '../packet/rule.js';
import type { CostColumn } from './line-item.js';
import type { ExportSummary } from './summarize.js';

export interface EvidenceFacts {
  path: string;
  /** sha256 of the bytes read; absent when the file could not be read. */
  sha256?: string;
  /** Why the file could not be used (outside the repository, missing, a symlink...). */
  problem?: { code: string; message: string };
  /**
   * Set when the problem is the file's state on this machine (unreadable, replaced mid-run), not
   * its bytes: a result built on it must not be reused for the same bytes.
   */
  unreadable?: true;
  /** Summaries of the export by `summaryKey` of the request that produced each. */
  summaries?: Record<string, ExportSummary>;
}

/** One way of reading an export: which reader, which cost, which days and which part. */
export interface SummaryRequest {
  format: EvidenceRef['format'];
  mapping?: string;
  costColumn: CostColumn;
  periodStart: string;
  periodEnd: string;
  scope?: Scope;
}

/** The request a packet makes of one of its evidence files. */
export function requestFor(packet: Packet, ref: EvidenceRef): SummaryRequest {
  const request: SummaryRequest = {
    format: ref.format,
    costColumn: packet.cost_column,
    periodStart: packet.review_period_start,
    periodEnd: packet.review_period_end,
  };
  if (ref.mapping !== undefined) request.mapping = ref.mapping;
  if (packet.scope !== undefined) request.scope = packet.scope;
  return request;
}

/** Every distinct request made of each evidence path, as `[summaryKey, request]` pairs. */
export function requestsByPath(
  inputs: readonly PacketInput[],
): Map<string, [string, SummaryRequest][]> {
  const wanted = new Map<string, Map<string, SummaryRequest>>();
  for (const input of inputs) {
    for (const ref of input.packet.evidence ?? []) {
      const requests = wanted.get(ref.path) ?? new Map<string, SummaryRequest>();
      const request = requestFor(input.packet, ref);
      requests.set(summaryKey(request), request);
      wanted.set(ref.path, requests);
    }
  }
  return new Map([...wanted].map(([path, requests]) => [path, [...requests.entries()]]));
}

/** A stable text key for a request: same request, same key, whatever the key order. */
export function summaryKey(request: SummaryRequest): string {
  return stableJson(request);
}

function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
}
