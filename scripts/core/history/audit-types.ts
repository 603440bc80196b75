/**
 * What the audit returns: per packet a timeline and checks, and problems with the history as a
 * whole. Renderers (markdown, JSON, CSV) read only these types.
 */

/** `failed` means the record is wrong; `unverifiable` means history cannot show either way. */
export type CheckKind = 'failed' | 'unverifiable';

export interface AuditFinding {
  /** Stable SCREAMING_CASE code. */
  code: string;
  severity: 'error' | 'warning';
  kind: CheckKind;
  packetId: string;
  /** Repository-relative path of the packet (or evidence) at fault. */
  file: string;
  /** The commit at fault, when one is. */
  commit?: string;
  message: string;
}

export type TimelineEventKind =
  | 'filed'
  | 'updated'
  | 'renamed'
  | 'approved'
  | 'denied'
  | 'amended'
  | 'changed'
  | 'evidence-changed'
  | 'removed';

export interface TimelineEntry {
  event: TimelineEventKind;
  commit: string;
  /** Committer date, ISO-8601 with offset. */
  date: string;
  /** The author, or the approvers for a decision. */
  by: string;
  detail: string;
}

export type PacketResult = 'clean' | 'failed' | 'unverifiable';

export interface PacketAudit {
  packetId: string;
  path: string;
  status: string;
  owner: string;
  period: string;
  overage: string;
  currency: string;
  result: PacketResult;
  timeline: TimelineEntry[];
  findings: AuditFinding[];
}

export interface AuditReport {
  /** True only when every packet is clean and the history could be checked. */
  clean: boolean;
  shallow: boolean;
  head: string | undefined;
  commitCount: number;
  packets: PacketAudit[];
  /** Findings about the history rather than one packet (shallow clone, unknown id). */
  problems: AuditFinding[];
}
