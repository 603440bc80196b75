/**
 * Scans every text of parsed packet data, map keys included, before the schema: a credential
 * or a hidden character is reported wherever it sits, even in a field the schema rejects, and
 * no later message can quote it back.
 */
import type { RuleFinding } from './finding.js';
import { findHiddenCharacter, findSecret, type TextAt } from './text-scan.js';

/**
 * SECRET_IN_PACKET and TEXT_HIDDEN_CHARACTER findings for every value and key
 * (`stringsIn(data, true)`).
 */
export function scanTexts(texts: readonly TextAt[]): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const { pointer, text } of texts) {
    const field = pointer === '' ? 'the packet' : pointer.slice(1).replaceAll('/', '.');

    const secret = findSecret(text);
    if (secret) {
      findings.push({
        code: 'SECRET_IN_PACKET',
        field: pointer,
        message: `${field} contains what looks like ${secret.kind} (${secret.redacted}); delete it and rotate the key now, it is in git history`,
      });
    }

    const hidden = findHiddenCharacter(text);
    if (hidden) {
      findings.push({
        code: 'TEXT_HIDDEN_CHARACTER',
        field: pointer,
        message: `${field} holds the invisible character ${hidden.name} (written as an escape); it can make the text read differently to a reviewer, delete it`,
      });
    }
  }
  return findings;
}
