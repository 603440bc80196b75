/**
 * A recording commit may write the decision and nothing else: the record fields of the packet
 * it records and the ledger. Anything more (another file, a figure in the packet, a rename)
 * entered main without review, under the recorder's name.
 */
import type { AuditFinding } from './audit-types.js';
import type { FileChange } from './git-log.js';
import type { HistoryIndex, Lineage, LineageEvent } from './history-index.js';
import { LEDGER_PATH } from './ledger.js';
import type { PacketRead } from './packet-yaml.js';

/** The fields `recordApproval` and `recordDenial` write; every other field must stay as it was. */
export const RECORD_FIELDS: ReadonlySet<string> = new Set([
  'packet_status',
  'approved_at',
  'approver_name',
  'denial_reason',
  'approvals',
  'approval_record',
]);

/** One finding for each change a recording commit of this lineage made beyond its record. */
export function checkRecordingContent(
  index: HistoryIndex,
  lineage: Lineage,
  packetId: string,
  packets: ReadonlyMap<string, PacketRead | undefined>,
  shallow: boolean,
): AuditFinding[] {
  const found: AuditFinding[] = [];
  for (const event of lineage.events) {
    // A shallow clone's first commit shows every file as added: there is nothing to compare.
    if (event.record === undefined || (shallow && event.index === 0)) continue;
    const commit = index.commits[event.index]!;
    for (const change of commit.changes) {
      const problem = problemWith(change, event, packets);
      if (problem === undefined) continue;
      found.push({
        code: 'RECORD_CHANGED_CONTENT',
        severity: 'error',
        kind: 'failed',
        packetId,
        file: change.path,
        commit: commit.sha,
        message: `recording commit ${commit.sha.slice(0, 12)} ${problem}; only the recorder's fields may change there: revert it and record again`,
      });
    }
  }
  return found;
}

/** What is wrong with one change of a recording commit, or undefined when it is allowed. */
function problemWith(
  change: FileChange,
  event: LineageEvent,
  packets: ReadonlyMap<string, PacketRead | undefined>,
): string | undefined {
  if (change.path === LEDGER_PATH && change.fromPath === undefined) return undefined;
  const decision = event.record!.decision;
  const recorded = event.kind === 'noted' ? undefined : packets.get(event.newBlob);

  // 1. The recorded packet itself: a modification of the record fields alone.
  if (event.kind !== 'noted' && change.path === event.path) {
    if (event.kind === 'added') {
      // A packet denied in its first PR enters main with its record, as the PR left it.
      return decision === 'denied' ? undefined : 'adds the packet instead of recording it';
    }
    if (event.kind !== 'modified') return `${event.kind} the packet`;
    const before = packets.get(event.oldBlob);
    if (before === undefined || recorded === undefined) {
      return 'changed a packet that cannot be read, so the change cannot be shown to be the record alone';
    }
    const changed = changedFields(before.data, recorded.data);
    return changed.length === 0 ? undefined : `changed ${changed.join(', ')}`;
  }

  // 2. A new packet denied in its first PR brings the evidence it was denied on.
  const record = recorded?.data.approval_record as { evidence_blobs?: unknown } | undefined;
  const blobs = record?.evidence_blobs as Record<string, unknown> | undefined;
  const bringsEvidence = decision === 'denied' && event.kind === 'added' && change.status === 'A';
  if (bringsEvidence && blobs !== undefined && blobs[change.path] === change.newBlob) {
    return undefined;
  }
  return change.status === 'D' ? `removed ${change.path}` : `changed ${change.path}`;
}

/** Top-level fields outside the record whose values differ, in a stable order. */
export function changedFields(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => !RECORD_FIELDS.has(k) && !sameData(before[k], after[k])).sort();
}

/** Deep equality of plain YAML data (objects compared by keys, whatever their prototype). */
function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => sameData(item, b[i]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  if (keys.length !== Object.keys(right).length) return false;
  return keys.every((k) => Object.hasOwn(right, k) && sameData(left[k], right[k]));
}
