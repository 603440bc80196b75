/**
 * Amount and currency cells of an export, read exactly or explained.
 */
import { dec, isDecimal, parseDecimal, toPlain } from '../money/decimal.js';

/** The exact text of an amount, or why it cannot be read. */
export type AmountResult = { amount: string } | { code: string; message: string };

/** Export problem codes for each reason plain decimal text is refused. */
const CODES: Record<string, string> = {
  MONEY_EMPTY: 'EXPORT_AMOUNT_EMPTY',
  MONEY_EXPONENT: 'EXPORT_AMOUNT_EXPONENT',
  MONEY_THOUSANDS_SEPARATOR: 'EXPORT_AMOUNT_THOUSANDS_SEPARATOR',
  MONEY_DECIMAL_COMMA: 'EXPORT_AMOUNT_DECIMAL_COMMA',
  MONEY_NOT_A_NUMBER: 'EXPORT_AMOUNT_INVALID',
};

/** Same test as `parseDecimal` accepts, kept here so the common case skips building a value. */
const PLAIN = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?$/;

/**
 * Reads an amount cell. The bare token `NULL` and an empty cell are both "empty": an export
 * that leaves a cost blank has not said it was zero.
 */
export function readAmount(text: string): AmountResult {
  if (PLAIN.test(text)) return { amount: normaliseZero(text) };

  const value = text === 'NULL' ? '' : text;
  const parsed = parseDecimal(value);
  if (isDecimal(parsed)) return { amount: normaliseZero(toPlain(parsed)) };
  return { code: CODES[parsed.code] ?? 'EXPORT_AMOUNT_INVALID', message: parsed.message };
}

/** JSON number text (exponent allowed, as JSON allows it), as exact plain decimal text. */
export function readJsonNumber(text: string): AmountResult {
  if (!/^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?$/.test(text)) {
    return { code: 'EXPORT_AMOUNT_INVALID', message: `${text.slice(0, 40)} is not a JSON number` };
  }
  // An exponent is written out in full below: a hostile one (1e100000000) would build a string
  // of that many digits. No bill needs more than a few dozen.
  const exponent = /[eE]([-+]?[0-9]+)$/.exec(text)?.[1];
  if (exponent !== undefined && Math.abs(Number(exponent)) > MAX_EXPONENT) {
    return {
      code: 'EXPORT_AMOUNT_INVALID',
      message: `${text.slice(0, 40)} has an exponent beyond ±${MAX_EXPONENT}; no billed amount is that large or that small`,
    };
  }
  return { amount: normaliseZero(toPlain(dec(text))) };
}

/** The largest exponent a JSON amount may carry. */
const MAX_EXPONENT = 40;

/** Divides exact decimal text by 100 (cents to units), exactly. */
export function centsToUnits(amount: string): string {
  return normaliseZero(toPlain(dec(amount).div(dec(100))));
}

/** Normalises a currency cell: trimmed, upper case, three letters; undefined otherwise. */
export function readCurrency(text: string): string | undefined {
  const code = text.trim().toUpperCase();
  return /^[A-Z]{3}$/.test(code) ? code : undefined;
}

/** `-0` and `-0.00` are zero; printing them signed would only confuse a reader. */
function normaliseZero(text: string): string {
  return /^-0(?:\.0+)?$/.test(text) ? text.slice(1) : text;
}
