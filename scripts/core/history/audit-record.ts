/**
 * Re-performs the latest record of a decided packet from history: the recording commit exists
 * and matches the merge it names, the approvers are two people in two groups, and the packet
 * and evidence blobs approved are the ones the merge and main hold, and every evidence file the
 * packet cites was among them.
 */
import type { Approval, ApprovalRecord } from '../packet/packet.js';
import type { AuditFinding } from './audit-types.js';
import { blobAt, lastChangeOf } from './audit-timeline.js';
import type { HistoryIndex, Lineage, LineageEvent } from './history-index.js';

/** What the history walk could not find in the log but the object store may still hold. */
export interface ObjectFacts {
  shallow: boolean;
  /** Commits that exist in the repository although first-parent history does not reach them. */
  existing: ReadonlySet<string>;
}

export interface RecordSubject {
  packetId: string;
  path: string;
  status: string;
  record: Partial<ApprovalRecord> | undefined;
  approvals: Partial<Approval>[] | undefined;
  /** The evidence paths the packet cites now. */
  evidence: readonly string[];
}

/** Checks the latest decision recorded for one packet. */
export function checkRecord(
  index: HistoryIndex,
  lineage: Lineage,
  subject: RecordSubject,
  objects: ObjectFacts,
): AuditFinding[] {
  const out: AuditFinding[] = [];
  const add = (
    code: string,
    message: string,
    kind: AuditFinding['kind'] = 'failed',
    commit?: string,
    file = subject.path,
  ) =>
    out.push({
      code,
      severity: 'error',
      kind,
      packetId: subject.packetId,
      file,
      ...(commit === undefined ? {} : { commit }),
      message,
    });
  const { record } = subject;

  // 1. The packet says it was decided: there must be a record and a commit that wrote it.
  if (record === undefined || typeof record.pull_request !== 'number') {
    add(
      'RECORD_MISSING',
      `status is ${subject.status} but there is no approval_record; only the recorder on main may set it`,
    );
    return out;
  }
  const recording = findRecording(lineage, record.pull_request);
  if (recording === undefined) {
    add(
      'RECORD_COMMIT_MISSING',
      `no recording commit for PR #${record.pull_request} in history; the status was written by hand`,
    );
    return out;
  }
  const recCommit = index.commits[recording.index]!.sha;
  const trailers = recording.record!;
  if (subject.status !== 'approved') return out;

  // 2. The recording commit names the same merge, and the merge is on main before it.
  if (trailers.decidedCommit !== record.decided_commit) {
    add(
      'RECORD_MERGE_MISMATCH',
      `recording commit names ${trailers.decidedCommit.slice(0, 12)} but the packet names ${String(record.decided_commit).slice(0, 12)}`,
      'failed',
      recCommit,
    );
  }
  const decided = String(record.decided_commit ?? '');
  const at = index.position.get(decided);
  if (at === undefined) {
    if (objects.shallow)
      add(
        'HISTORY_SHALLOW',
        `merge ${decided.slice(0, 12)} is beyond this shallow clone; fetch full history to audit`,
        'unverifiable',
      );
    else if (objects.existing.has(decided))
      add(
        'HISTORY_REWRITTEN',
        `merge ${decided.slice(0, 12)} exists but main no longer contains it: the branch was rewritten`,
        'unverifiable',
      );
    else
      add(
        'MERGE_COMMIT_MISSING',
        `merge ${decided.slice(0, 12)} named by the record is not in this repository`,
        'unverifiable',
      );
  } else if (at > recording.index) {
    add(
      'RECORD_MERGE_MISMATCH',
      `the record names ${decided.slice(0, 12)}, which comes after its recording commit`,
      'failed',
      recCommit,
    );
  }

  // 3. Approvers: two distinct people signing for two distinct groups, as the trailers say.
  out.push(...checkApprovers(subject, trailers.approvals, recCommit));

  // 4. Blobs: the merge held the packet and evidence that were approved, and main still does.
  if (at !== undefined) {
    const packetAtMerge = blobAt(index, recording.fromPath ?? recording.path, at);
    if (packetAtMerge !== record.packet_blob || recording.oldBlob !== record.packet_blob) {
      add(
        'PACKET_BLOB_MISMATCH',
        `the packet approved (blob ${String(record.packet_blob).slice(0, 12)}) is not the one merged in ${decided.slice(0, 12)}`,
        'failed',
        recCommit,
      );
    }
    for (const [path, blob] of Object.entries(record.evidence_blobs ?? {})) {
      if (blobAt(index, path, at) !== blob) {
        add(
          'EVIDENCE_BLOB_MISMATCH',
          `${path} at the merge is not the blob approved`,
          'failed',
          decided,
          path,
        );
      }
    }
  }
  const last = index.commits.length - 1;
  for (const [path, blob] of Object.entries(record.evidence_blobs ?? {})) {
    if (blobAt(index, path, last) !== blob) {
      const commit = lastChangeOf(index, path, last);
      add(
        'EVIDENCE_BLOB_MISMATCH',
        `${path} on main is not the file approved; changed in ${commit?.slice(0, 12) ?? 'an unknown commit'}`,
        'failed',
        commit,
        path,
      );
    }
  }

  // 5. Every evidence file the packet cites now was approved with it.
  const approved = record.evidence_blobs ?? {};
  for (const path of subject.evidence) {
    if (Object.hasOwn(approved, path)) continue;
    add(
      'EVIDENCE_NOT_APPROVED',
      `${path} is cited by the packet but was not approved with it (not in approval_record.evidence_blobs); file an amendment so it is signed off`,
      'failed',
      recCommit,
      path,
    );
  }
  return out;
}

function checkApprovers(
  subject: RecordSubject,
  fromTrailers: readonly { login: string; group: string }[],
  commit: string,
): AuditFinding[] {
  const approvals = subject.approvals ?? [];
  const logins = new Set(approvals.map((a) => String(a.login ?? '').toLowerCase()));
  const groups = new Set(approvals.map((a) => String(a.group ?? '')));
  const found: AuditFinding[] = [];
  const base = {
    severity: 'error' as const,
    kind: 'failed' as const,
    packetId: subject.packetId,
    file: subject.path,
    commit,
  };

  if (logins.size < 2 || groups.size < 2 || logins.size < approvals.length) {
    found.push({
      ...base,
      code: 'APPROVERS_NOT_DISTINCT',
      message: `approved by ${logins.size} distinct people in ${groups.size} groups; two people in two groups are required`,
    });
  }
  const inFile = approvals.map((a) => `${String(a.login).toLowerCase()} ${String(a.group)}`).sort();
  const inLog = fromTrailers.map((a) => `${a.login.toLowerCase()} ${a.group}`).sort();
  if (inFile.join('\n') !== inLog.join('\n')) {
    found.push({
      ...base,
      code: 'RECORD_TRAILER_MISMATCH',
      message:
        'the approvals in the packet differ from the Approved-by trailers of its recording commit',
    });
  }
  return found;
}

function findRecording(lineage: Lineage, pr: number): LineageEvent | undefined {
  let found: LineageEvent | undefined;
  for (const e of lineage.events) if (e.record?.pullRequest === pr) found = e;
  return found;
}
