/**
 * Reads a money field exactly: from the quoted string, or from the number's own source text, so
 * a value never passes through a binary float on its way to a Decimal.
 */
import { isDecimal, parseDecimal, placesOf, type Decimal } from '../money/decimal.js';
import { minorUnits } from '../money/currency.js';
import type { RuleFinding } from './finding.js';
import type { MoneyValue } from './packet.js';
import type { PacketInput } from './rule.js';

export interface MoneyText {
  text: string;
  value: Decimal;
  places: number;
}

/** The exact text behind a money field, or undefined if the field is absent. */
export function moneyText(input: PacketInput, pointer: string, value: MoneyValue | undefined) {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value.trim();
  return input.numberSources.get(pointer) ?? String(value);
}

/** Parses a money field; the finding says what is wrong with its text when it cannot. */
export function readMoney(
  input: PacketInput,
  pointer: string,
  value: MoneyValue | undefined,
): MoneyText | RuleFinding | undefined {
  const text = moneyText(input, pointer, value);
  if (text === undefined) return undefined;
  const parsed = parseDecimal(text);
  if (!isDecimal(parsed)) {
    const name = pointer.slice(1).replaceAll('/', '.');
    return { code: parsed.code, field: pointer, message: `${name} ${parsed.message}` };
  }
  return { text, value: parsed, places: placesOf(text) };
}

/** True when `readMoney` gave a value rather than a finding. */
export function isMoney(read: MoneyText | RuleFinding | undefined): read is MoneyText {
  return read !== undefined && 'value' in read;
}

/** Places the packet's amounts are written at: stated, else the currency's minor unit. */
export function amountPlaces(input: PacketInput): number {
  return input.packet.amount_places ?? minorUnits(input.packet.currency) ?? 2;
}
