/**
 * The figures of a packet recomputed from its exports: billed total, overage, percentage and
 * each owner's segments. Exact decimal arithmetic on the source text; rounding only at the
 * end, half-even, to the places the packet wrote (never fewer than the currency's minor unit).
 * Every mismatch names both values and where each came from.
 */
import type { ExportSummary } from '../../evidence/summarize.js';
import { minorUnits } from '../../money/currency.js';
import {
  dec,
  isDecimal,
  parseDecimal,
  placesOf,
  sum,
  toFixed,
  toPlain,
  type Decimal,
} from '../../money/decimal.js';
import type { RuleFinding } from '../finding.js';
import { UNALLOCATED, type MoneyValue } from '../packet.js';
import type { PacketInput } from '../rule.js';

/** One evidence file's summary for this packet, and where the packet cites it. */
export interface CitedSummary {
  path: string;
  index: number;
  summary: ExportSummary;
}

interface ExportOwner {
  amount: Decimal;
  items: number;
  sources: string[];
}

/** Compares the packet's money fields with what its exports sum to. */
export function checkEvidenceFigures(input: PacketInput, cited: CitedSummary[]): RuleFinding[] {
  const packet = input.packet;
  const findings: RuleFinding[] = [];
  const minor = minorUnits(packet.currency) ?? 2;
  const money = (pointer: string, value: MoneyValue) => moneyAt(input, pointer, value);
  const total = sum(cited.map((c) => dec(c.summary.total)));
  const from = describeSources(cited, packet.review_period_start, packet.review_period_end);

  // Step 1: billed total.
  const billed = money('/billed_total', packet.billed_total);
  if (billed !== undefined) {
    const expected = toFixed(total, Math.max(billed.places, minor));
    if (!billed.value.eq(dec(expected))) {
      const message = `billed_total is ${billed.text} (packet /billed_total) but the export sums to ${expected} (exact ${toPlain(total)}, half-even) from ${from}`;
      findings.push(error('EVIDENCE_TOTAL_MISMATCH', '/billed_total', message));
    }
  }

  // The overage and percentage need no export check of their own: once billed_total agrees
  // with the export, checkFigures proves them from the packet, and when it disagrees the
  // finding above already says so. Reporting them again would show one mistake three times.

  // Step 2: segments, owner by owner.
  findings.push(...checkSegments(input, cited, minor));
  return findings;
}

function checkSegments(input: PacketInput, cited: CitedSummary[], minor: number): RuleFinding[] {
  const packet = input.packet;
  const findings: RuleFinding[] = [];
  const owners = exportOwners(cited);
  const missingGrain = [...new Set(cited.flatMap((c) => c.summary.grain.missing))].sort();
  const mappedOwners = [...owners.keys()].filter((o) => o !== UNALLOCATED);
  const noGrain = missingGrain.length > 0 && mappedOwners.length === 0;
  // Rounded as a packet would write it: a residue below the minor unit is nobody's to claim.
  const unallocatedInExport = dec(toFixed(owners.get(UNALLOCATED)?.amount ?? dec(0), minor));

  // Stated amounts per owner, in segment order.
  const stated = new Map<string, { value: Decimal; places: number; first: number }>();
  packet.segments.forEach((segment, index) => {
    const amount = moneyAt(input, `/segments/${index}/amount`, segment.amount);
    if (amount === undefined) return;
    const entry = stated.get(segment.owner);
    if (entry === undefined)
      stated.set(segment.owner, { value: amount.value, places: amount.places, first: index });
    else {
      entry.value = entry.value.plus(amount.value);
      entry.places = Math.max(entry.places, amount.places);
    }
  });
  const statedUnallocated = stated.get(UNALLOCATED)?.value ?? dec(0);

  // An export without the keys the allocation needs proves no owner's share at all.
  if (noGrain) {
    const keys = missingGrain.join(', ');
    const escalated = packet.support_escalation !== undefined;
    for (const [owner, entry] of stated) {
      if (owner === UNALLOCATED) continue;
      const message = `segment assigns ${toPlain(entry.value)} to ${owner}, but the export has no ${keys} to prove any owner's share${escalated ? '; with a support_escalation the shortfall must be stated as unallocated until it is answered' : ''}`;
      findings.push(error('EVIDENCE_NO_GRAIN', `/segments/${entry.first}/owner`, message));
    }
    if (!escalated) {
      const message = `the export has no ${keys}, so it cannot prove the segments; attach an export grouped by ${keys}, or add a support_escalation and state the cost as unallocated`;
      findings.push(error('EVIDENCE_NO_GRAIN', '/segments', message));
    }
    if (findings.length > 0) return findings;
  }

  for (const [owner, entry] of stated) {
    const found = owners.get(owner);
    const field = `/segments/${entry.first}`;
    if (found === undefined && owner !== UNALLOCATED) {
      const message = `segment assigns ${toPlain(entry.value)} to ${owner}, but no allocation rule maps any line item of the export to ${owner}: ownership without evidence; add a rule to .github/packet-allocation.yml or state the cost as unallocated`;
      findings.push(error('EVIDENCE_OWNERSHIP_WITHOUT_MAPPING', `${field}/owner`, message));
      continue;
    }
    const exact = found?.amount ?? dec(0);
    const expected = toFixed(exact, Math.max(entry.places, minor));
    if (entry.value.eq(dec(expected))) continue;

    const where =
      found === undefined
        ? 'no line item'
        : `${found.items} line item(s) at ${found.sources.join('; ')}`;
    const movedFromUnallocated =
      owner !== UNALLOCATED && entry.value.gt(exact) && statedUnallocated.lt(unallocatedInExport);
    const code = movedFromUnallocated
      ? 'EVIDENCE_OWNERSHIP_WITHOUT_MAPPING'
      : 'EVIDENCE_SEGMENT_MISMATCH';
    const tail = movedFromUnallocated
      ? `; the rest is cost no rule maps to ${owner} (ownership without evidence): leave it unallocated or add a mapping`
      : '';
    const message = `segments for ${owner} add up to ${toPlain(entry.value)} (packet ${field}/amount) but the export maps ${expected} (exact ${toPlain(exact)}) to ${owner}, from ${where}${tail}`;
    findings.push(error(code, `${field}/amount`, message));
  }

  for (const [owner, found] of owners) {
    if (stated.has(owner) || dec(toFixed(found.amount, minor)).eq(dec(0))) continue;
    const message = `the export maps ${toPlain(found.amount)} to ${owner} (${found.items} line item(s) at ${found.sources.join('; ')}) but no segment names ${owner}; add a segment for it`;
    findings.push(error('EVIDENCE_SEGMENT_MISSING', '/segments', message));
  }
  return findings;
}

function exportOwners(cited: CitedSummary[]): Map<string, ExportOwner> {
  const owners = new Map<string, ExportOwner>();
  for (const { path, summary } of cited) {
    for (const total of summary.owners) {
      const entry = owners.get(total.owner) ?? { amount: dec(0), items: 0, sources: [] };
      entry.amount = entry.amount.plus(dec(total.amount));
      entry.items += total.items;
      entry.sources.push(`${path} ${total.firstSource} to ${total.lastSource}`);
      owners.set(total.owner, entry);
    }
  }
  return owners;
}

function describeSources(cited: CitedSummary[], start: string, end: string): string {
  return cited
    .map(({ path, summary }) =>
      summary.items === 0
        ? `${path} (no line item in ${start} to ${end} and the scope)`
        : `${path} (${summary.items} line item(s) in ${start} to ${end} and the scope, ${summary.firstSource} to ${summary.lastSource})`,
    )
    .join(' + ');
}

/** A money field's exact value and the places written, from its source text. */
function moneyAt(
  input: PacketInput,
  pointer: string,
  value: MoneyValue,
): { value: Decimal; text: string; places: number } | undefined {
  const text = input.numberSources.get(pointer) ?? String(value);
  const parsed = parseDecimal(text);
  // Malformed money is the schema's and the money rules' to report.
  if (!isDecimal(parsed)) return undefined;
  return { value: parsed, text: text.trim(), places: placesOf(text.trim()) };
}

function error(code: string, field: string, message: string): RuleFinding {
  return { code, field, message, severity: 'error' };
}
