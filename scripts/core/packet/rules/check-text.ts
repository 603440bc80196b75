/**
 * Free text is real and safe to publish: the justification is written out, not the template's
 * line; and it holds no e-mail addresses or phone numbers. (Credentials in any field are found
 * before the schema, in `scan-texts.ts`.)
 */
import type { RuleFinding } from '../finding.js';
import type { Rule } from '../rule.js';
import type { Packet } from '../packet.js';
import { findPersonalData } from '../text-scan.js';

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
      message: `business_justification has ${words} ${words === 1 ? 'word' : 'words'}; say in at least ${MIN_JUSTIFICATION_WORDS} what drove the spend and why it was worth it`,
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

  // The other free text is published the same way: no contact data there either.
  for (const [field, text] of otherFreeText(packet)) {
    const found = findPersonalData(text);
    if (!found) continue;
    const name = field.slice(1).replaceAll('/', '.');
    findings.push({
      code: 'TEXT_PERSONAL_DATA',
      field,
      message: `${name} contains ${found}; remove it (name a team or a ticket instead)`,
    });
  }
  return findings;
};

function otherFreeText(packet: Packet): [string, string][] {
  const texts: [string, string | undefined][] = [
    ['/corrective_action', packet.corrective_action],
    ['/budget_adjustment_request/reason', packet.budget_adjustment_request?.reason],
    ['/late_filing_reason', packet.late_filing_reason],
    ['/denial_reason', packet.denial_reason],
  ];
  packet.segments.forEach((segment, index) => {
    texts.push([`/segments/${index}/label`, segment.label]);
    texts.push([`/segments/${index}/resolution_plan`, segment.resolution_plan]);
  });
  return texts.filter((entry): entry is [string, string] => entry[1] !== undefined);
}
