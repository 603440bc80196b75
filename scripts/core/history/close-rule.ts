/**
 * The billing-period close rule: a packet is on time when it is filed no later than
 * `close_days_after_period_end` days after its period ends (5 unless the policy says otherwise).
 */
import { parseDocument } from 'yaml';

/** Days after the period end that a packet may still be filed, when the policy is silent. */
export const DEFAULT_CLOSE_DAYS = 5;

/**
 * Reads `close_days_after_period_end` from the policy text leniently: at the top level or under
 * any mapping, as a number or numeric text. Anything unreadable falls back to the default, since
 * the policy's own validation reports it.
 */
export function readCloseDays(policyText: string | undefined): number {
  if (policyText === undefined) return DEFAULT_CLOSE_DAYS;
  const doc = parseDocument(policyText, { version: '1.2', schema: 'core' });
  if (doc.errors.length > 0) return DEFAULT_CLOSE_DAYS;
  const found = findKey(doc.toJS({ maxAliasCount: 100 }), 'close_days_after_period_end', 0);
  const days =
    typeof found === 'string' && /^\s*[0-9]{1,4}\s*$/.test(found) ? Number(found) : found;
  return typeof days === 'number' && Number.isInteger(days) && days >= 0 && days <= 3660
    ? days
    : DEFAULT_CLOSE_DAYS;
}

function findKey(value: unknown, key: string, depth: number): unknown {
  if (depth > 4 || value === null || typeof value !== 'object' || Array.isArray(value)) {
    return undefined;
  }
  const record = value as Record<string, unknown>;
  if (key in record) return record[key];
  for (const child of Object.values(record)) {
    const found = findKey(child, key, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}
