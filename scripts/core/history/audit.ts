/**
 * The audit: every record re-performed from git history alone. Pure; the shell gives it the
 * parsed log, the current packet texts, what the object store holds, the policy and today.
 */
import type { AuditFinding, AuditReport, PacketAudit, PacketResult } from './audit-types.js';
import { checkDates } from './audit-dates.js';
import { checkRecord, type ObjectFacts } from './audit-record.js';
import { buildTimeline } from './audit-timeline.js';
import { readCloseDays } from './close-rule.js';
import { blobAt, idFromPath, type HistoryIndex, type Lineage } from './history-index.js';

export interface AuditInput {
  index: HistoryIndex;
  /** Data of each live packet on HEAD, by path (`readPacketData`); undefined when unreadable. */
  packetData: ReadonlyMap<string, Record<string, unknown> | undefined>;
  objects: ObjectFacts;
  policyText: string | undefined;
  /** Today's calendar date, YYYY-MM-DD. */
  today: string;
  /** Only this packet id, when given. */
  only?: string;
}

/** The packets that exist at the end of history (live lineages) with their blobs on HEAD. */
export function livePackets(index: HistoryIndex): { path: string; blob: string }[] {
  const last = index.commits.length - 1;
  return index.lineages.flatMap((l) => {
    const blob = l.removed ? null : blobAt(index, l.path, last);
    return blob === null ? [] : [{ path: l.path, blob }];
  });
}

/** Commits named by records on HEAD that first-parent history does not contain. */
export function unreachedCommits(
  index: HistoryIndex,
  packets: ReadonlyMap<string, Record<string, unknown> | undefined>,
): string[] {
  const out = new Set<string>();
  for (const data of packets.values()) {
    const record = data?.approval_record as { decided_commit?: unknown } | undefined;
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
  const data = input.packetData.get(lineage.path);
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
  const record = data?.approval_record as RecordLike | undefined;
  const evidence = evidencePaths(data, record);
  const { timeline, findings: changes } = buildTimeline(index, lineage, packetId, evidence);
  findings.push(...changes);

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
    owner: str(data?.allocation_owner),
    period: data ? `${str(data.review_period_start)}..${str(data.review_period_end)}` : '',
    overage: str(data?.overage_amount),
    currency: str(data?.currency),
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

function evidencePaths(
  data: Record<string, unknown> | undefined,
  record: RecordLike | undefined,
): string[] {
  const listed = Array.isArray(data?.evidence)
    ? (data.evidence as { path?: unknown }[]).flatMap((e) =>
        typeof e?.path === 'string' ? [e.path] : [],
      )
    : [];
  return [...new Set([...listed, ...Object.keys(record?.evidence_blobs ?? {})])];
}

function resultOf(findings: readonly AuditFinding[]): PacketResult {
  const errors = findings.filter((f) => f.severity === 'error');
  if (errors.some((f) => f.kind === 'failed')) return 'failed';
  return errors.length > 0 ? 'unverifiable' : 'clean';
}

function str(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}
