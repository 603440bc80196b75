/**
 * The packet as the schema describes it, for code that runs after the schema has passed.
 * Money fields are `string | number` because an unquoted YAML number stays a number in the
 * data; its exact source text is kept beside the data (see `ParsedPacket.numberSources`).
 */
export type MoneyValue = string | number;

export type PacketStatus = 'draft' | 'pending_approval' | 'approved' | 'denied';

export type EvidenceFormat = 'focus' | 'azure-ea' | 'openai' | 'openai-csv' | 'anthropic' | 'csv';

export interface EvidenceRef {
  path: string;
  sha256: string;
  format: EvidenceFormat;
  mapping?: string;
}

export interface Segment {
  label: string;
  amount: MoneyValue;
  owner: string;
  resolution_plan?: string;
  resolution_target_date?: string;
}

export interface Scope {
  project?: string;
  workspace?: string;
  sub_account?: string;
  api_key?: string;
  tag?: { key: string; value: string };
  provider?: string;
}

export interface PricingReference {
  kind: 'unit_price' | 'rate_limit' | 'model';
  item: string;
  value: string;
  source: string;
  accessed: string;
}

export interface Approval {
  login: string;
  name?: string;
  group: string;
  reviewed_commit: string;
  submitted_at: string;
}

export interface ApprovalRecord {
  pull_request: number;
  decided_commit: string;
  packet_blob: string;
  evidence_blobs: Record<string, string>;
  version: number;
  previous_pull_request?: number;
}

export interface Packet {
  exception_packet_id: string;
  review_period_start: string;
  review_period_end: string;
  api_provider: string;
  currency: string;
  cost_column: 'BilledCost' | 'EffectiveCost';
  billed_total: MoneyValue;
  budget_amount: MoneyValue;
  overage_amount: MoneyValue;
  overage_pct_above_threshold: MoneyValue;
  amount_places?: number;
  scope?: Scope;
  evidence: EvidenceRef[];
  segments: Segment[];
  business_justification: string;
  allocation_owner: string;
  approver_name: string;
  approved_at: string;
  corrective_action: string;
  corrective_action_target_date?: string;
  budget_adjustment_request?: { requested_budget: MoneyValue; reason: string; target_date: string };
  next_review_date: string;
  packet_status: PacketStatus;
  denial_reason?: string;
  late_filing_reason?: string;
  pricing_references?: PricingReference[];
  support_escalation?: { ticket: string; opened: string; state: 'open' | 'answered' | 'closed' };
  approvals?: Approval[];
  approval_record?: ApprovalRecord;
}

/** The owner id used for cost that no evidence maps to an owner. */
export const UNALLOCATED = 'unallocated';
