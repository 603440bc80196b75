/**
 * Findings as terminal text: one `file:line:col CODE message` line each, then a summary line.
 * Colour is the caller's choice (a TTY without NO_COLOR); the text is the same either way.
 */
import type { Finding } from '../packet/finding.js';

export interface Summary {
  packets: number;
  valid: number;
  errors: number;
  warnings: number;
  /** Errors in the repository's configuration (CODEOWNERS, policy) rather than in a packet. */
  configErrors?: number;
}

const RED = '\u001b[31m';
const YELLOW = '\u001b[33m';
const DIM = '\u001b[2m';
const RESET = '\u001b[0m';

/** One line per finding. Untrusted text is already one line (messages cut and quote it). */
export function renderFindingsText(findings: readonly Finding[], colour: boolean): string[] {
  return findings.map((finding) => {
    const where = `${finding.file}:${finding.line}:${finding.column}`;
    const label = finding.severity === 'warning' ? `${finding.code} (warning)` : finding.code;
    // eslint-disable-next-line no-control-regex -- strip control characters from messages
    const message = finding.message.replace(/[\u0000-\u001f\u007f]/g, ' ');
    if (!colour) return `${where} ${label} ${message}`;
    const tint = finding.severity === 'warning' ? YELLOW : RED;
    return `${DIM}${where}${RESET} ${tint}${label}${RESET} ${message}`;
  });
}

/** `N packets, M valid, K errors` (and warnings, when there are any). */
export function renderSummary(summary: Summary): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const parts = [
    plural(summary.packets, 'packet'),
    `${summary.valid} valid`,
    plural(summary.errors, 'error') +
      (summary.configErrors ? ` (${summary.configErrors} in the repository configuration)` : ''),
  ];
  if (summary.warnings > 0) parts.push(plural(summary.warnings, 'warning'));
  return parts.join(', ');
}
