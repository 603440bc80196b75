/**
 * A finding is one problem with one file: where it is, which field, a stable code and a message
 * that says what to do. Rules produce findings; renderers print them; nothing else does either.
 */
import { redactSecrets } from './text-scan.js';

export type Severity = 'error' | 'warning';

export interface Finding {
  /** Stable SCREAMING_CASE identifier; tests and tooling match on this, not on the prose. */
  code: string;
  severity: Severity;
  /** Repository-relative path with forward slashes. */
  file: string;
  /** 1-based line and column of the YAML node at fault (1:1 when the file itself is at fault). */
  line: number;
  column: number;
  /** JSON Pointer of the field at fault inside the packet, '' for the whole document. */
  field: string;
  message: string;
}

/** What a rule returns before the pipeline attaches the file and resolves the position. */
export interface RuleFinding {
  code: string;
  /** JSON Pointer of the field at fault; the pipeline maps it to a line and column. */
  field: string;
  message: string;
  severity?: Severity;
}

/** Orders findings by file, then position, then code, so every mode prints the same list. */
export function compareFindings(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.line !== b.line) return a.line - b.line;
  if (a.column !== b.column) return a.column - b.column;
  return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}

/** Cuts untrusted text short for a message, keeping it on one line, credentials redacted. */
export function excerpt(text: string, max = 40): string {
  const oneLine = redactSecrets(text).replace(/[\r\n\t]+/g, ' ');
  return oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine;
}
