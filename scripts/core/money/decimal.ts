/**
 * Exact decimal arithmetic for money and percentages.
 *
 * Every amount in the product is a `Decimal` built from the text a person or an export wrote,
 * never from a binary float. Sums and differences are exact; division keeps 40 places before
 * the single rounding step at the end. The rounding rule is half-even (banker's rounding) to
 * the currency's minor unit unless the packet states more places.
 */
import BigModule from 'big.js';

type BigCtor = typeof BigModule;

/** A private constructor so our settings never leak into another user of big.js. */
const Exact: BigCtor = BigModule();
Exact.DP = 40;
Exact.RM = BigModule.roundHalfEven;
// Never switch to exponent notation when printing: amounts are always plain text.
Exact.NE = -1e6;
Exact.PE = 1e6;
Exact.strict = true;

export type Decimal = InstanceType<BigCtor>;

/** The rounding rule the whole product applies, stated once. */
export const ROUNDING_RULE = 'half-even';

/** Plain decimal text: optional minus, digits, optional fraction. No exponent, no separators. */
const PLAIN_DECIMAL = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?$/;

/** Why a piece of text is not a plain decimal, with what to write instead. */
export interface DecimalProblem {
  code:
    | 'MONEY_EMPTY'
    | 'MONEY_EXPONENT'
    | 'MONEY_THOUSANDS_SEPARATOR'
    | 'MONEY_DECIMAL_COMMA'
    | 'MONEY_NOT_A_NUMBER';
  message: string;
}

/**
 * Reads decimal text exactly. Returns the value, or the reason it is not plain decimal text
 * together with a hint the user can act on.
 */
export function parseDecimal(text: string): Decimal | DecimalProblem {
  const trimmed = text.trim();
  if (trimmed === '') {
    return { code: 'MONEY_EMPTY', message: 'is empty; an empty amount is not zero, write 0.00' };
  }
  if (PLAIN_DECIMAL.test(trimmed)) return new Exact(trimmed);

  const shown = JSON.stringify(cut(trimmed));
  if (/^[-+]?[0-9.]+[eE][-+]?[0-9]+$/.test(trimmed)) {
    return {
      code: 'MONEY_EXPONENT',
      message: `${shown} uses exponent notation; write the amount out in full digits`,
    };
  }
  if (/^-?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?$/.test(trimmed)) {
    return {
      code: 'MONEY_THOUSANDS_SEPARATOR',
      message: `${shown} has thousands separators; write ${trimmed.replaceAll(',', '')}`,
    };
  }
  if (/^-?[0-9]+,[0-9]+$/.test(trimmed)) {
    return {
      code: 'MONEY_DECIMAL_COMMA',
      message: `${shown} uses a decimal comma; write ${trimmed.replace(',', '.')}`,
    };
  }
  return {
    code: 'MONEY_NOT_A_NUMBER',
    message: `${shown} is not a plain decimal number; write digits with an optional . fraction`,
  };
}

/** True when `parseDecimal` produced a value rather than a problem. */
export function isDecimal(value: Decimal | DecimalProblem): value is Decimal {
  return value instanceof Exact;
}

/** Builds a Decimal from text that is known to be plain decimal (throws otherwise). */
export function dec(text: string | number): Decimal {
  if (typeof text === 'number') {
    if (!Number.isSafeInteger(text)) throw new TypeError(`dec() takes integers only: ${text}`);
    // strict mode refuses number primitives; a safe integer prints exactly as text.
    return new Exact(String(text));
  }
  return new Exact(text);
}

/** The exact sum of a list of decimals (zero for an empty list). */
export function sum(values: Iterable<Decimal>): Decimal {
  let total = new Exact('0');
  for (const value of values) total = total.plus(value);
  return total;
}

/** Number of digits after the decimal point in plain decimal text ("12.50" is 2). */
export function placesOf(text: string): number {
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

/** Rounds with the product's rule and prints exactly `places` digits after the point. */
export function toFixed(value: Decimal, places: number): string {
  return value.round(places, BigModule.roundHalfEven).toFixed(places);
}

/** Prints a decimal with all its digits and no exponent ("0.00000000001"). */
export function toPlain(value: Decimal): string {
  return value.toFixed();
}

/** `part / whole * 100`, exact to 40 places before any rounding. */
export function percentOf(part: Decimal, whole: Decimal): Decimal {
  return part.div(whole).times('100');
}

function cut(text: string): string {
  return text.length > 24 ? `${text.slice(0, 24)}…` : text;
}
