import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  dec,
  isDecimal,
  parseDecimal,
  percentOf,
  roundedPercent,
  placesOf,
  sum,
  toFixed,
  toPlain,
} from '../../../scripts/core/money/decimal.js';

describe('parseDecimal', () => {
  it.each([
    ['0', '0'],
    ['12.50', '12.5'],
    ['-2.61370000000', '-2.6137'],
    ['0.00000080000', '0.0000008'],
  ])('reads %s exactly', (text, plain) => {
    const value = parseDecimal(text);
    expect(isDecimal(value) && toPlain(value)).toBe(plain);
  });

  it.each([
    ['', 'MONEY_EMPTY'],
    ['  ', 'MONEY_EMPTY'],
    ['1e3', 'MONEY_EXPONENT'],
    ['2.5E-4', 'MONEY_EXPONENT'],
    ['1,234.56', 'MONEY_THOUSANDS_SEPARATOR'],
    ['12,34', 'MONEY_DECIMAL_COMMA'],
    ['$12', 'MONEY_NOT_A_NUMBER'],
    ['+12', 'MONEY_NOT_A_NUMBER'],
    ['.5', 'MONEY_NOT_A_NUMBER'],
    ['012', 'MONEY_NOT_A_NUMBER'],
    ['NaN', 'MONEY_NOT_A_NUMBER'],
  ])('refuses %j with %s', (text, code) => {
    const value = parseDecimal(text);
    expect(isDecimal(value) ? 'parsed' : value.code).toBe(code);
  });
});

describe('decimal arithmetic', () => {
  it('adds without binary rounding error', () => {
    expect(toPlain(sum([dec('0.1'), dec('0.2')]))).toBe('0.3');
  });

  it('rounds half to even at the end', () => {
    expect(toFixed(dec('14.575'), 2)).toBe('14.58');
    expect(toFixed(dec('14.585'), 2)).toBe('14.58');
    expect(toFixed(dec('-0.125'), 2)).toBe('-0.12');
    expect(toFixed(dec('20.52022672899'), 2)).toBe('20.52');
  });

  it('computes a percentage exactly before rounding', () => {
    expect(toFixed(percentOf(dec('262.35'), dec('1800.00')), 2)).toBe('14.58');
    expect(toFixed(percentOf(dec('1'), dec('3')), 4)).toBe('33.3333');
  });

  it('counts places from the text written', () => {
    expect([placesOf('12'), placesOf('12.50'), placesOf('0.00000080000')]).toEqual([0, 2, 11]);
  });

  it('never prints exponent notation', () => {
    expect(toPlain(dec('0.00000000001'))).toBe('0.00000000001');
    expect(toPlain(dec('123456789012345678901234567890'))).toBe('123456789012345678901234567890');
  });
});

describe('roundedPercent', () => {
  it.each([
    ['262.35', '1800.00', 2, '14.58'],
    ['262.35', '1800', 2, '14.58'],
    ['1', '3', 4, '33.3333'],
    ['2', '3', 0, '67'],
    ['1', '8', 1, '12.5'],
    ['1', '16', 1, '6.2'],
    ['3', '16', 1, '18.8'],
    ['-1', '8', 0, '-12'],
    ['0.001', '1000', 2, '0.00'],
    ['557.50', '1500.00', 2, '37.17'],
  ])('%s / %s x 100 at %i places is %s', (part, whole, places, expected) => {
    expect(roundedPercent(dec(part), dec(whole), places)).toBe(expected);
  });

  it('agrees with a 40-place division rounded half-even on random amounts', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        fc.integer({ min: 0, max: 6 }),
        (a, b, places) => {
          const part = dec(`${a / 100n}.${(a % 100n).toString().padStart(2, '0')}`);
          const whole = dec(`${b / 1000n}.${(b % 1000n).toString().padStart(3, '0')}`);
          expect(roundedPercent(part, whole, places)).toBe(toFixed(percentOf(part, whole), places));
        },
      ),
    );
  });
});
