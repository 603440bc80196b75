/**
 * Free text is real and safe to publish: the justification is written out, not the template's
 * line; it holds no e-mail addresses or phone numbers; and no field anywhere carries a credential.
 */
import type { RuleFinding } from '../finding.js';
import type { Rule } from '../rule.js';
import { findPersonalData, findSecret, stringsIn } from '../text-scan.js';

/** Fewer words than this cannot explain an overage to a finance reviewer. */
const MIN_JUSTIFICATION_WORDS = 8;

export const checkText: Rule = ({ packet }) => {
  const findings: RuleFinding[] = [];
  const justification = packet.business_justification;

  const words = justification.trim().split(/\s+/).filter(Boolean).length;
  if (words < MIN_JUSTIFICATION_WORDS) {
    findings.push({
      code: 'JUSTIFICATION_TOO_SHORT',
      field: '/business_justification',
      message: `business_justification has ${words} words; say in at least ${MIN_JUSTIFICATION_WORDS} what drove the spend and why it was worth it`,
    });
  }
  const personal = findPersonalData(justification);
  if (personal) {
    findings.push({
      code: 'JUSTIFICATION_PERSONAL_DATA',
      field: '/business_justification',
      message: `business_justification contains ${personal}; remove it (name a team instead of a person)`,
    });
  }

  for (const { pointer, text } of stringsIn(packet)) {
    const secret = findSecret(text);
    if (secret) {
      findings.push({
        code: 'SECRET_IN_PACKET',
        field: pointer,
        message: `contains what looks like ${secret.kind} (${secret.redacted}); delete it and rotate the key now, it is in git history`,
      });
    }
  }
  return findings;
};
