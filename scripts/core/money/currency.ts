/**
 * ISO 4217 minor units for the currencies AI providers bill in. A currency missing here is
 * not rejected: it is treated as having 2 minor units and reported by the caller as unknown.
 */
const MINOR_UNITS: Readonly<Record<string, number>> = {
  AUD: 2,
  BHD: 3,
  BRL: 2,
  CAD: 2,
  CHF: 2,
  CLP: 0,
  CNY: 2,
  CZK: 2,
  DKK: 2,
  EUR: 2,
  GBP: 2,
  HKD: 2,
  HUF: 2,
  IDR: 2,
  ILS: 2,
  INR: 2,
  ISK: 0,
  JOD: 3,
  JPY: 0,
  KRW: 0,
  KWD: 3,
  MXN: 2,
  MYR: 2,
  NOK: 2,
  NZD: 2,
  OMR: 3,
  PHP: 2,
  PLN: 2,
  SAR: 2,
  SEK: 2,
  SGD: 2,
  THB: 2,
  TND: 3,
  TRY: 2,
  TWD: 2,
  UAH: 2,
  USD: 2,
  VND: 0,
  ZAR: 2,
};

/** Digits after the decimal point for the currency's minor unit, if we know the currency. */
export function minorUnits(currency: string): number | undefined {
  return MINOR_UNITS[currency.toUpperCase()];
}

/** Whether the code is one we know; unknown codes are still three upper-case letters. */
export function isKnownCurrency(currency: string): boolean {
  return minorUnits(currency) !== undefined;
}
