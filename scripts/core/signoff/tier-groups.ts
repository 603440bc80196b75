/**
 * Which approval tiers a packet's overage reaches. Amounts compare exactly (decimal text);
 * when a tier cannot be decided (no threshold in the packet's currency, an unreadable
 * amount) it applies: the gate fails closed.
 */
import { isDecimal, parseDecimal, type Decimal } from '../money/decimal.js';
import type { ApprovalTier } from '../ownership/policy.js';

export interface TierHit {
  tier: ApprovalTier;
  /** Why the tier applies, for the "required because" column. */
  reason: string;
}

interface OverageFields {
  currency?: unknown;
  overage_amount?: unknown;
  overage_pct_above_threshold?: unknown;
}

/** The tiers that apply to a packet's data, in policy order. */
export function tiersFor(data: unknown, tiers: readonly ApprovalTier[]): TierHit[] {
  const fields = (typeof data === 'object' && data !== null ? data : {}) as OverageFields;
  const currency = typeof fields.currency === 'string' ? fields.currency : undefined;
  const amount = readDecimal(fields.overage_amount);
  const percent = readDecimal(fields.overage_pct_above_threshold);

  const hits: TierHit[] = [];
  for (const tier of tiers) {
    const reason = tierReason(tier, currency, amount, percent);
    if (reason !== undefined) hits.push({ tier, reason });
  }
  return hits;
}

function tierReason(
  tier: ApprovalTier,
  currency: string | undefined,
  amount: Decimal | undefined,
  percent: Decimal | undefined,
): string | undefined {
  if (tier.aboveAmount) {
    const limit = currency === undefined ? undefined : tier.aboveAmount[currency];
    if (limit === undefined) {
      return `tier ${tier.name}: no threshold for currency ${currency ?? '(none)'}, so it applies`;
    }
    if (amount === undefined) return `tier ${tier.name}: overage amount unreadable, so it applies`;
    if (amount.gt(limit)) {
      return `tier ${tier.name}: overage ${amount.toFixed()} ${currency} above ${limit}`;
    }
  }
  if (tier.abovePercent !== undefined) {
    if (percent === undefined) return `tier ${tier.name}: overage % unreadable, so it applies`;
    if (percent.gt(tier.abovePercent)) {
      return `tier ${tier.name}: overage ${percent.toFixed()}% above ${tier.abovePercent}%`;
    }
  }
  return undefined;
}

/**
 * Reads a money field as the data carries it. Text is read exactly; a YAML number arrives as a
 * float, whose shortest round-trip text is the digits the file wrote for any amount with up
 * to 15 significant digits.
 */
function readDecimal(value: unknown): Decimal | undefined {
  const text = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
  const parsed = parseDecimal(text);
  return isDecimal(parsed) ? parsed : undefined;
}
