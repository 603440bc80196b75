/**
 * The packet's own arithmetic, exactly: each amount is plain decimal text at the stated places,
 * the overage is the billed total minus the budget, the percentage is the overage over the budget
 * at the places written, and the segments add up to the billed total. Checking these figures
 * against the export itself is `checkEvidence`'s job.
 */
import { isKnownCurrency } from '../../money/currency.js';
import { roundedPercent, sum, toFixed, type Decimal } from '../../money/decimal.js';
import type { RuleFinding } from '../finding.js';
import { amountPlaces, isMoney, readMoney, type MoneyText } from '../read-money.js';
import type { PacketInput, Rule } from '../rule.js';

export const checkFigures: Rule = (input) => {
  const findings: RuleFinding[] = [];
  const { packet } = input;
  const places = amountPlaces(input);

  if (!isKnownCurrency(packet.currency)) {
    findings.push({
      code: 'CURRENCY_UNKNOWN',
      severity: 'warning',
      field: '/currency',
      message: `${packet.currency} is not an ISO 4217 code this tool knows; amounts are checked at ${places} places`,
    });
  }

  const read = (pointer: string, value: string | number | undefined, isAmount = true) => {
    const money = readMoney(input, pointer, value);
    if (money === undefined) return undefined;
    if (!isMoney(money)) {
      findings.push(money);
      return undefined;
    }
    if (isAmount && money.places > places) {
      findings.push({
        code: 'MONEY_PRECISION',
        field: pointer,
        message: `${pointer.slice(1).replaceAll('/', '.')} ${money.text} has ${money.places} decimal places; ${packet.currency} amounts here have ${places}: round it (or set amount_places to quote more)`,
      });
    }
    return money;
  };

  const billed = read('/billed_total', packet.billed_total);
  const budget = read('/budget_amount', packet.budget_amount);
  const overage = read('/overage_amount', packet.overage_amount);
  const pct = read('/overage_pct_above_threshold', packet.overage_pct_above_threshold, false);
  const segments = packet.segments.map((segment, index) =>
    read(`/segments/${index}/amount`, segment.amount),
  );
  if (packet.budget_adjustment_request) {
    read(
      '/budget_adjustment_request/requested_budget',
      packet.budget_adjustment_request.requested_budget,
    );
  }

  findings.push(...checkOverage(billed, budget, overage));
  // The percentage is judged on the overage the other figures give, so a wrong overage_amount
  // does not lead to a wrong percentage being suggested as well.

  const difference = billed && budget ? billed.value.minus(budget.value) : undefined;
  const trueOverage =
    billed && budget && difference
      ? {
          text: toFixed(difference, Math.max(billed.places, budget.places)),
          value: difference,
          places: 0,
        }
      : overage;
  findings.push(...checkPercentage(budget, overage && trueOverage, pct));
  findings.push(...checkSegmentTotal(input, billed, segments));
  return findings;
};

function checkOverage(billed?: MoneyText, budget?: MoneyText, overage?: MoneyText): RuleFinding[] {
  const findings: RuleFinding[] = [];
  if (budget && budget.value.lte('0')) {
    findings.push({
      code: 'BUDGET_NOT_POSITIVE',
      field: '/budget_amount',
      message: `budget_amount ${budget.text} must be more than zero: an exception exceeds an approved budget`,
    });
  }
  if (overage && overage.value.lte('0')) {
    findings.push({
      code: 'OVERAGE_NOT_POSITIVE',
      field: '/overage_amount',
      message: `overage_amount ${overage.text} must be more than zero; without an overage no exception is needed`,
    });
  }
  if (billed && budget && overage) {
    const difference = billed.value.minus(budget.value);
    const expected = toFixed(difference, Math.max(billed.places, budget.places));
    if (!difference.eq(overage.value)) {
      findings.push({
        code: 'OVERAGE_MISMATCH',
        field: '/overage_amount',
        message: `overage_amount is ${overage.text} but billed_total ${billed.text} minus budget_amount ${budget.text} is ${expected}; write ${expected} (or, if another finding says billed_total or budget_amount is wrong, fix that first and take the difference again)`,
      });
    }
  }
  return findings;
}

function checkPercentage(budget?: MoneyText, overage?: MoneyText, pct?: MoneyText): RuleFinding[] {
  if (!budget || !overage || !pct || budget.value.lte('0')) return [];
  const expected = roundedPercent(overage.value, budget.value, pct.places);
  if (expected === toFixed(pct.value, pct.places)) return [];
  return [
    {
      code: 'PCT_MISMATCH',
      field: '/overage_pct_above_threshold',
      message: `overage_pct_above_threshold is ${pct.text} but ${overage.text} / ${budget.text} x 100 is ${expected} at ${pct.places} places (half-even); write ${expected}`,
    },
  ];
}

function checkSegmentTotal(
  input: PacketInput,
  billed: MoneyText | undefined,
  segments: (MoneyText | undefined)[],
): RuleFinding[] {
  if (!billed || segments.some((segment) => segment === undefined)) return [];
  const amounts = segments as MoneyText[];
  const total: Decimal = sum(amounts.map((segment) => segment.value));
  const places = Math.max(billed.places, ...amounts.map((segment) => segment.places));
  if (total.eq(billed.value)) return [];
  const parts = input.packet.segments.length;
  // billed_total is the export's own sum (checked on its own), so the segments are what to change.
  const gap = toFixed(billed.value.minus(total).abs(), places);
  const way = total.lt(billed.value) ? `${gap} short of` : `${gap} over`;
  return [
    {
      code: 'SEGMENTS_TOTAL_MISMATCH',
      field: '/segments',
      message: `the ${parts} segment amounts add up to ${toFixed(total, places)}, ${way} billed_total ${billed.text}; change the segment amounts so that every cost of the export is in exactly one segment`,
    },
  ];
}
