/**
 * The audit: every record re-performed from git history alone. Pure; the shell gives it the
 * parsed log, the current packet texts, what the object store holds, the policy and today.
 */
import type { AuditFinding, AuditReport, PacketAudit, PacketResult } from './audit-types.js';
import { checkDates } from './audit-dates.js';
import { checkLandings } from './audit-landing.js';
import { checkRecord, type ObjectFacts } from './audit-record.js';
import { checkRecordingContent } from './audit-record-content.js';
import { buildTimeline } from './audit-timeline.js';
import { readCloseDays } from './close-rule.js';
import { NO_BLOB } from './git-log.js';
import { headBlobOf, idFromPath, type HistoryIndex, type Lineage } from './history-index.js';
import { scalarText, type PacketRead } from './packet-yaml.js';

export interface AuditInput {
  index: HistoryIndex;
  /** The packets `blobsToRead` named, read with `readPacket`, by blob id; undefined: unreadable. */
  packets: ReadonlyMap<string, PacketRead | undefined>;
  objects: ObjectFacts;
  policyText: string | undefined;
  /** Today's calendar date, YYYY-MM-DD. */
  today: string;
  /** Only this packet id, when given. */
  only?: string;
}

/**
 * The packet blobs the audit reads: each live packet as it is at the end of history, and the
 * packet before and after each recording commit (to see that only the record changed).
 */
export function blobsToRead(index: HistoryIndex): string[] {
  const out = new Set<string>();
  for (const lineage of index.lineages) {
    const head = headBlobOf(lineage);
    if (head !== null) out.add(head);
    for (const event of lineage.events) {
      if (event.record === undefined || event.kind === 'noted') continue;
      if (event.oldBlob !== NO_BLOB) out.add(event.oldBlob);
      if (event.newBlob !== NO_BLOB) out.add(event.newBlob);
    }
  }
  return [...out];
}

/**
 * The packet blobs the records in `packets` approved: each is the packet as it was before its
 * recording commit, so it can be read before history is (`blobsToRead` names them too).
 */
export function approvedBlobs(packets: Iterable<PacketRead | undefined>): string[] {
  const out: string[] = [];
  for (const packet of packets) {
    const blob = recordOf(packet?.data)?.packet_blob;
    if (typeof blob === 'string') out.push(blob);
  }
  return out;
}

/** Commits named by records on HEAD that first-parent history does not contain. */
export function unreachedCommits(
  index: HistoryIndex,
  packets: ReadonlyMap<string, PacketRead | undefined>,
): string[] {
  const out = new Set<string>();
  for (const lineage of index.lineages) {
    const head = headBlobOf(lineage);
    const record = head === null ? undefined : recordOf(packets.get(head)?.data);
    const sha = record?.decided_commit;
    if (typeof sha === 'string' && !index.position.has(sha)) out.add(sha);
  }
  return [...out];
}

/** Runs every check and builds the report. */
export function auditHistory(input: AuditInput): AuditReport {
  const { index, objects } = input;
  const closeDays = readCloseDays(input.policyText);
  const problems: AuditFinding[] = [];
  if (objects.shallow) {
    problems.push({
      code: 'HISTORY_SHALLOW',
      severity: 'error',
      kind: 'unverifiable',
      packetId: '',
      file: '',
      message:
        'this is a shallow clone: history before its cut cannot be checked; fetch with full depth',
    });
  }

  const packets = index.lineages
    .filter((l) => !l.removed || l.events.some((e) => e.record))
    .map((l) => auditLineage(input, l, closeDays))
    .filter((p) => input.only === undefined || p.packetId === input.only);

  if (input.only !== undefined && packets.length === 0) {
    problems.push({
      code: 'PACKET_NOT_FOUND',
      severity: 'error',
      kind: 'failed',
      packetId: input.only,
      file: '',
      message: `no packet ${input.only} in history; check the id`,
    });
  }
  const clean = problems.length === 0 && packets.every((p) => p.result === 'clean');
  return {
    clean,
    shallow: objects.shallow,
    head: index.commits[index.commits.length - 1]?.sha,
    commitCount: index.commits.length,
    packets,
    problems,
  };
}

function auditLineage(input: AuditInput, lineage: Lineage, closeDays: number): PacketAudit {
  const { index } = input;
  const head = headBlobOf(lineage);
  const packet = head === null ? undefined : input.packets.get(head);
  const data = packet?.data;
  const packetId =
    typeof data?.exception_packet_id === 'string'
      ? data.exception_packet_id
      : idFromPath(lineage.path);
  const status = lineage.removed
    ? 'removed'
    : typeof data?.packet_status === 'string'
      ? data.packet_status
      : 'unknown';
  const findings: AuditFinding[] = [];

  // 1. Timeline, and every change after an approval that no record covers.
  const record = recordOf(data);
  const listed = listedEvidence(data);
  const evidence = [...new Set([...listed, ...Object.keys(record?.evidence_blobs ?? {})])];
  const { timeline, findings: changes } = buildTimeline(index, lineage, packetId, evidence);
  findings.push(...changes);
  findings.push(
    ...checkRecordingContent(index, lineage, packetId, input.packets, input.objects.shallow),
  );
  findings.push(...checkLandings(index, lineage, packetId));

  // 2. The packet itself must be readable on HEAD.
  if (!lineage.removed && data === undefined) {
    findings.push({
      code: 'PACKET_UNREADABLE',
      severity: 'error',
      kind: 'failed',
      packetId,
      file: lineage.path,
      message: 'the packet on HEAD is not a readable YAML mapping; run packet validate',
    });
  }

  // 3. Records and dates.
  if (data !== undefined && (status === 'approved' || status === 'denied')) {
    const subject = {
      packetId,
      path: lineage.path,
      status,
      record,
      approvals: data.approvals as RecordSubjectApprovals,
      evidence: listed,
    };
    findings.push(...checkRecord(index, lineage, subject, input.objects));
  }
  if (data !== undefined) {
    // In a shallow clone the first commit adds every file it holds: that is no filing date.
    const first = lineage.events.find((e) => e.kind === 'added' || e.kind === 'renamed');
    const known = first !== undefined && !(input.objects.shallow && first.index === 0);
    const filedOn = known ? index.commits[first.index]?.committedAt.slice(0, 10) : undefined;
    findings.push(
      ...checkDates(
        { packetId, path: lineage.path, status, data, filedOn },
        input.today,
        closeDays,
      ),
    );
  }
  if (input.objects.shallow) {
    findings.push({
      code: 'HISTORY_SHALLOW',
      severity: 'error',
      kind: 'unverifiable',
      packetId,
      file: lineage.path,
      message: "shallow clone: the packet's full history cannot be checked",
    });
  }

  return {
    packetId,
    path: lineage.path,
    status,
    owner: scalarText(packet, 'allocation_owner'),
    period: packet
      ? `${scalarText(packet, 'review_period_start')}..${scalarText(packet, 'review_period_end')}`
      : '',
    overage: scalarText(packet, 'overage_amount'),
    currency: scalarText(packet, 'currency'),
    result: resultOf(findings),
    timeline,
    findings,
  };
}

type RecordLike = {
  evidence_blobs?: Record<string, string>;
  pull_request?: number;
  decided_commit?: string;
  packet_blob?: string;
};
type RecordSubjectApprovals = { login?: string; group?: string }[] | undefined;

function recordOf(data: Record<string, unknown> | undefined): RecordLike | undefined {
  const record = data?.approval_record;
  return record !== null && typeof record === 'object' ? record : undefined;
}

/** The evidence paths the packet cites. */
function listedEvidence(data: Record<string, unknown> | undefined): string[] {
  if (!Array.isArray(data?.evidence)) return [];
  return (data.evidence as { path?: unknown }[]).flatMap((e) =>
    typeof e?.path === 'string' ? [e.path] : [],
  );
}

function resultOf(findings: readonly AuditFinding[]): PacketResult {
  const errors = findings.filter((f) => f.severity === 'error');
  if (errors.some((f) => f.kind === 'failed')) return 'failed';
  return errors.length > 0 ? 'unverifiable' : 'clean';
}
