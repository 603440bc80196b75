/**
 * Looking a name up in a record read from a file or a payload. A plain object inherits
 * `constructor`, `toString` and the rest from Object.prototype, and a record loses a null
 * prototype when it is copied to a worker thread: only an own entry counts.
 */

/** The record's own entry under `key`, or undefined (never an inherited property). */
export function ownValue<T>(record: Readonly<Record<string, T>> | undefined, key: string) {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}
