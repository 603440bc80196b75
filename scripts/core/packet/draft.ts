/**
 * A draft packet computed from an export summary, as YAML text.
 *
 * Every figure comes from the export: the billed total, the overage against the budget given,
 * the percentage and one segment per allocation owner. What only a person can say (why, what
 * will be done, by when, when to look again) is left as a marker the schema refuses, so the
 * draft cannot pass validation until someone fills it in.
 */
import type { CostColumn } from '../evidence/line-item.js';
import type { ExportSummary } from '../evidence/summarize.js';
import { minorUnits } from '../money/currency.js';
import {
  dec,
  isDecimal,
  parseDecimal,
  percentOf,
  placesOf,
  sum,
  toFixed,
  type Decimal,
} from '../money/decimal.js';
import { UNALLOCATED, type EvidenceRef, type Scope } from './packet.js';

export interface DraftInput {
  /** Filing date, YYYY-MM-DD (from the shell's clock). */
  today: string;
  owner: string;
  /** Budget as decimal text. */
  budget: string;
  periodStart: string;
  periodEnd: string;
  provider: string;
  costColumn: CostColumn;
  scope?: Scope;
  evidence: EvidenceRef;
  summary: ExportSummary;
}

/** Markers a person must replace; each fails the schema or a rule until replaced. */
export const TODO_TEXT = '[TODO: ';
export const TODO_DATE = '[YYYY-MM-DD]';

/** The schema's `amount_places` maximum. */
const MAX_PLACES = 12;

/** The packet id for an owner on a filing date. */
export function draftId(today: string, owner: string): string {
  return `EXC-${today}-${owner.toUpperCase()}`;
}

/** Builds the draft's YAML text, or the reasons the export cannot support a packet. */
export function buildDraft(
  input: DraftInput,
): { text: string } | { problems: { code: string; message: string }[] } {
  const summary = input.summary;
  const budget = parseDecimal(input.budget);

  // Step 1: what must hold before there is anything to draft.
  const problems: { code: string; message: string }[] = [];
  if (!isDecimal(budget))
    problems.push({ code: 'DRAFT_BUDGET_INVALID', message: `--budget ${budget.message}` });
  if (summary.currency === undefined || summary.items === 0) {
    problems.push({
      code: 'DRAFT_NO_COST',
      message: `no line item of the export falls in ${input.periodStart} to ${input.periodEnd} and the scope`,
    });
  }
  if (problems.length > 0 || !isDecimal(budget)) return { problems };
  const currency = summary.currency!;

  // Step 2: the places that let rounded segments add up to the rounded total.
  const owners = summary.owners.filter((o) => !dec(o.amount).eq(dec(0)));
  const total = dec(summary.total);
  const places = placesThatAddUp(
    total,
    owners.map((o) => dec(o.amount)),
    Math.max(minorUnits(currency) ?? 2, placesOf(input.budget)),
  );
  // The schema lets a packet quote at most 12 places; past that the draft cannot agree.
  if (places > MAX_PLACES) {
    const message = `the segments only add up to the total at ${places} decimal places; the most a packet may state is ${MAX_PLACES}`;
    return { problems: [{ code: 'DRAFT_TOO_MANY_PLACES', message }] };
  }
  const minor = minorUnits(currency) ?? 2;
  const overage = total.minus(budget);
  if (!dec(toFixed(overage, places)).gt(dec(0))) {
    return {
      problems: [
        {
          code: 'DRAFT_NOT_OVER_BUDGET',
          message: `the export total ${toFixed(total, places)} ${currency} does not exceed the budget ${input.budget}`,
        },
      ],
    };
  }
  const overageText = toFixed(overage, places);
  const pct = budget.eq(dec(0)) ? '0.00' : toFixed(percentOf(dec(overageText), budget), 2);

  // Step 3: the document.
  const q = (text: string) => JSON.stringify(text);
  const lines = [
    '# yaml-language-server: $schema=../../schemas/packet.schema.json',
    `# Draft computed from ${input.evidence.path}. Replace every [TODO: ...] and [YYYY-MM-DD].`,
    `exception_packet_id: ${draftId(input.today, input.owner)}`,
    `review_period_start: ${q(input.periodStart)}`,
    `review_period_end: ${q(input.periodEnd)}`,
    `api_provider: ${q(input.provider)}`,
    `currency: ${currency}`,
    `cost_column: ${input.costColumn}`,
    `billed_total: ${q(toFixed(total, places))}`,
    `budget_amount: ${q(toFixed(budget, places))}`,
    `overage_amount: ${q(overageText)}`,
    `overage_pct_above_threshold: ${q(pct)}`,
    ...(places !== minor ? [`amount_places: ${places}`] : []),
    ...scopeLines(input.scope),
    'evidence:',
    `  - path: ${q(input.evidence.path)}`,
    `    sha256: ${input.evidence.sha256}`,
    `    format: ${input.evidence.format}`,
    ...(input.evidence.mapping !== undefined ? [`    mapping: ${q(input.evidence.mapping)}`] : []),
    'segments:',
    ...owners.flatMap((o) => segmentLines(o.owner, toFixed(dec(o.amount), places), o.items)),
    `business_justification: ${q(`${TODO_TEXT}why the overage happened and why it is worth paying]`)}`,
    `allocation_owner: ${input.owner}`,
    'approver_name: PENDING',
    'approved_at: PENDING',
    `corrective_action: ${q(`${TODO_TEXT}what will stop it recurring, or a ticket link]`)}`,
    `corrective_action_target_date: ${q(TODO_DATE)}`,
    `next_review_date: ${q(TODO_DATE)}`,
    'packet_status: draft',
  ];
  return { text: `${lines.join('\n')}\n` };
}

function placesThatAddUp(total: Decimal, amounts: Decimal[], start: number): number {
  for (let places = start; places < 40; places += 1) {
    const rounded = sum(amounts.map((a) => dec(toFixed(a, places))));
    if (rounded.eq(dec(toFixed(total, places)))) return places;
  }
  return 40;
}

function segmentLines(owner: string, amount: string, items: number): string[] {
  const q = (text: string) => JSON.stringify(text);
  if (owner === UNALLOCATED) {
    return [
      `  - label: ${q(`Cost no allocation rule maps (${items} line items)`)}`,
      `    amount: ${q(amount)}`,
      `    owner: ${UNALLOCATED}`,
      `    resolution_plan: ${q(`${TODO_TEXT}how the owner of this cost will be found]`)}`,
      `    resolution_target_date: ${q(TODO_DATE)}`,
    ];
  }
  return [
    `  - label: ${q(`${owner} (${items} line items mapped by the allocation rules)`)}`,
    `    amount: ${q(amount)}`,
    `    owner: ${owner}`,
  ];
}

function scopeLines(scope: Scope | undefined): string[] {
  if (scope === undefined) return [];
  const q = (text: string) => JSON.stringify(text);
  const lines = ['scope:'];
  for (const [key, value] of Object.entries(scope)) {
    if (key === 'tag') {
      const tag = value as { key: string; value: string };
      lines.push('  tag:', `    key: ${q(tag.key)}`, `    value: ${q(tag.value)}`);
    } else lines.push(`  ${key}: ${q(String(value))}`);
  }
  return lines;
}
