/**
 * What is due on a given day: packets awaiting sign-off and the days left to their period's
 * close, corrective actions past their target date, reviews due, and unallocated cost past its
 * resolution date. A pure function of the packets, CODEOWNERS, the policy and the date.
 */
import { daysBetween } from '../calendar.js';
import type { Codeowners } from '../ownership/codeowners.js';
import type { Policy } from '../ownership/policy.js';
import { UNALLOCATED, type Packet } from '../packet/packet.js';
import { financeGroup, ownerGroup, signoffGroups, type ActingGroup } from './acting-groups.js';
import { closeStanding } from './close-date.js';

export type DueKind =
  'awaiting_signoff' | 'corrective_action_overdue' | 'review_due' | 'unallocated_overdue';

export interface DueItem {
  kind: DueKind;
  /** Repository-relative path of the packet. */
  file: string;
  packetId: string;
  owner: string;
  /** The date that makes it due: the period's close, a target date or the review date. */
  date: string | undefined;
  /** Days from today to `date`: negative once it has passed. */
  days: number | undefined;
  /** What it is about (the corrective action, the segment's label), from the packet. */
  subject: string;
  /** Who must act. */
  groups: ActingGroup[];
}

export interface Reminder {
  today: string;
  items: DueItem[];
  /** Every handle to ping, once, sorted: only the groups that must act. */
  mentions: string[];
  /** Packet files left out because they do not parse or fail the schema (no dates to trust). */
  unreadable: string[];
}

export interface RemindInput {
  /** YYYY-MM-DD in the policy's time zone. */
  today: string;
  packets: readonly { file: string; packet: Packet }[];
  policy: Policy | undefined;
  codeowners: Codeowners | undefined;
  /** Packet files that do not parse or fail the schema, so the report says what it left out. */
  unreadable?: readonly string[];
}

const SETTLED = new Set(['denied']);

/** Lists everything due on `today`, packets in path order, each packet's items in kind order. */
export function buildReminder(input: RemindInput): Reminder {
  const items = [...input.packets]
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))
    .flatMap(({ file, packet }) => dueFor(file, packet, input));

  const mentions = new Set(items.flatMap((item) => item.groups.flatMap((g) => g.mentions)));
  const unreadable = [...(input.unreadable ?? [])].sort();
  return { today: input.today, items, mentions: [...mentions].sort(), unreadable };
}

function dueFor(file: string, packet: Packet, input: RemindInput): DueItem[] {
  const { today, policy } = input;
  if (SETTLED.has(packet.packet_status)) return [];
  const base = { file, packetId: packet.exception_packet_id, owner: packet.allocation_owner };
  const owner = ownerGroup(packet.allocation_owner, policy);
  const items: DueItem[] = [];

  // Step 1: waiting for sign-off, with the days left to the period's close.
  if (packet.packet_status === 'pending_approval') {
    const close = policy?.billingClose;
    const standing = close && closeStanding(packet.review_period_end, today, close);
    items.push({
      ...base,
      kind: 'awaiting_signoff',
      date: standing?.closeDate,
      days: standing?.daysToClose,
      subject: `${packet.review_period_start} to ${packet.review_period_end}`,
      groups: signoffGroups(file, packet, policy, input.codeowners),
    });
  }

  // Step 2: a corrective action whose target date has passed.
  const target = packet.corrective_action_target_date;
  if (target !== undefined && target < today) {
    items.push({
      ...base,
      kind: 'corrective_action_overdue',
      date: target,
      days: daysBetween(today, target),
      subject: packet.corrective_action,
      groups: [owner],
    });
  }

  // Step 3: the exception is due to be looked at again.
  if (packet.next_review_date <= today) {
    items.push({
      ...base,
      kind: 'review_due',
      date: packet.next_review_date,
      days: daysBetween(today, packet.next_review_date),
      subject: packet.business_justification,
      groups: [owner, financeGroup(policy)],
    });
  }

  // Step 4: cost nobody owns yet, past the date it was to be resolved by.
  for (const segment of packet.segments) {
    const date = segment.resolution_target_date;
    if (segment.owner !== UNALLOCATED || date === undefined || date >= today) continue;
    items.push({
      ...base,
      kind: 'unallocated_overdue',
      date,
      days: daysBetween(today, date),
      subject: segment.label,
      groups: [financeGroup(policy), owner],
    });
  }
  return items;
}
