/**
 * Lists of text in code-unit order (the order `Array.prototype.sort` gives), searched rather than
 * put in sets: the few lookups a run makes then cost nothing per item of a long list.
 */

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Where `value` is in the sorted list, or -1. */
export function positionIn(sorted: readonly string[], value: string): number {
  let low = 0;
  let high = sorted.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const at = sorted[middle]!;
    if (at === value) return middle;
    if (at < value) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}

/** The first index in [0, length) where `compare` is not below 0, for a rising `compare`. */
export function firstAtOrAbove(length: number, compare: (index: number) => number): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compare(middle) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}
