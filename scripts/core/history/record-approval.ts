/**
 * The recorder's edit: writes a decision into a packet's YAML with the document API, so the
 * submitter's comments, key order and layout survive. Pure: text and facts in, text out.
 */
import { isMap, isScalar, type Document } from 'yaml';

import type { Approval, ApprovalRecord } from '../packet/packet.js';
import { parsePacketDocument } from './packet-yaml.js';

/** What the recorder knows about a merged (or denied) pull request. */
export interface DecisionFacts {
  pullRequest: number;
  /** Merge commit for an approval, PR head for a denial. */
  decidedCommit: string;
  /** Merge (or close) time, ISO-8601 with offset. */
  decidedAt: string;
  /** Git blob id of the packet as approved, before this record was written. */
  packetBlob: string;
  /** Git blob id of each evidence file as approved, by path. */
  evidenceBlobs: Record<string, string>;
}

export interface ApprovalFacts extends DecisionFacts {
  /** The approvals that counted, one per required group. */
  approvals: Approval[];
}

export interface DenialFacts extends DecisionFacts {
  /** The body of the review that requested changes. */
  reason: string;
}

/** The result of an edit: the new text, or the reason none could be made. */
export type RecordResult =
  { ok: true; text: string } | { ok: false; code: string; message: string };

/** Writes `approved` with approvers, time, approvals and the approval record. */
export function recordApproval(packetText: string, facts: ApprovalFacts): RecordResult {
  const doc = parsePacketDocument(packetText);
  if (doc.errors.length > 0 || !isMap(doc.contents)) return unreadable();

  const record = nextRecord(doc, facts);
  setScalar(doc, 'packet_status', 'approved');
  setScalar(doc, 'approved_at', facts.decidedAt);
  setScalar(doc, 'approver_name', formatApproverNames(facts.approvals));
  doc.delete('denial_reason');
  doc.set('approvals', doc.createNode(facts.approvals.map(orderApproval)));
  doc.set('approval_record', doc.createNode(record));
  return { ok: true, text: doc.toString({ lineWidth: 0 }) };
}

/** Writes `denied` with the reviewer's reason and the record of the PR that was closed. */
export function recordDenial(packetText: string, facts: DenialFacts): RecordResult {
  const doc = parsePacketDocument(packetText);
  if (doc.errors.length > 0 || !isMap(doc.contents)) return unreadable();

  const record = nextRecord(doc, facts);
  setScalar(doc, 'packet_status', 'denied');
  setScalar(doc, 'approved_at', facts.decidedAt);
  setScalar(doc, 'denial_reason', denialReason(facts.reason));
  doc.delete('approvals');
  doc.set('approval_record', doc.createNode(record));
  return { ok: true, text: doc.toString({ lineWidth: 0 }) };
}

/** `Name (group); Name (group)`, the login standing in for a missing display name. */
export function formatApproverNames(approvals: readonly Approval[]): string {
  return approvals.map((a) => `${oneLine(a.name ?? a.login)} (${oneLine(a.group)})`).join('; ');
}

/**
 * Version 1 for a first decision; one more than the record it replaces for an amendment.
 * Re-recording the same PR keeps its version, which makes a second run a no-op.
 */
function nextRecord(doc: Document, facts: DecisionFacts): ApprovalRecord {
  const previous = doc.toJS({ maxAliasCount: 100 }) as {
    approval_record?: Partial<ApprovalRecord>;
  };
  const prev = previous.approval_record;
  const base = {
    pull_request: facts.pullRequest,
    decided_commit: facts.decidedCommit,
    packet_blob: facts.packetBlob,
    evidence_blobs: { ...facts.evidenceBlobs },
  };

  if (prev === undefined || typeof prev.version !== 'number') return { ...base, version: 1 };
  if (prev.pull_request === facts.pullRequest) {
    const again: ApprovalRecord = { ...base, version: prev.version };
    if (prev.previous_pull_request !== undefined) {
      again.previous_pull_request = prev.previous_pull_request;
    }
    return again;
  }
  const amended: ApprovalRecord = { ...base, version: prev.version + 1 };
  if (typeof prev.pull_request === 'number') amended.previous_pull_request = prev.pull_request;
  return amended;
}

/** Replaces a scalar's value in place, so a comment on that line is kept. */
function setScalar(doc: Document, key: string, value: string): void {
  const node = doc.get(key, true);
  if (isScalar(node)) node.value = value;
  else doc.set(key, value);
}

/** Writes the fields in the schema's order, whatever order the caller built them in. */
function orderApproval(a: Approval): Approval {
  return {
    login: a.login,
    ...(a.name === undefined ? {} : { name: oneLine(a.name) }),
    group: a.group,
    reviewed_commit: a.reviewed_commit,
    submitted_at: a.submitted_at,
  };
}

function denialReason(body: string): string {
  const text = body.trim() === '' ? 'Changes requested without a written reason.' : body.trim();
  return text.length > 2000 ? `${text.slice(0, 1999)}…` : text;
}

function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
}

function unreadable(): RecordResult {
  return {
    ok: false,
    code: 'RECORD_PACKET_UNREADABLE',
    message:
      'the packet is not a readable YAML mapping; fix it in a new PR, then re-run the recorder',
  };
}
