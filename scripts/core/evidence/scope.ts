/**
 * The part of an export a packet's budget covers. A scope is a set of keys; a line item is in
 * scope when it carries every one of them with the same value (the provider ignores case, so
 * `aws` and `AWS` agree). No scope means the whole export.
 */
import type { Scope } from '../packet/packet.js';
import { matches } from './allocation.js';
import type { ItemKeys } from './line-item.js';

/** Whether a line item's keys fall inside the packet's scope. */
export function inScope(keys: ItemKeys, scope: Scope | undefined): boolean {
  return scope === undefined || matches(keys, scope);
}

/** The grain names a scope filters on, so a summary can say when the export lacks one. */
export function scopeGrain(scope: Scope | undefined): string[] {
  if (scope === undefined) return [];
  return Object.keys(scope).map((name) => (name === 'tag' ? `tag:${scope.tag!.key.trim()}` : name));
}
