/**
 * Unit prices, rate limits and model identifiers go stale between billing cycles. A packet that
 * states one must say where and when it was verified, on a date inside the review period.
 */
import type { RuleFinding } from '../finding.js';
import type { PricingReference } from '../packet.js';
import type { Rule } from '../rule.js';

type Kind = PricingReference['kind'];

// Each pattern is compiled on first use in every run, so none repeats a class a counted number
// of times ({0,12} and the like): the engine writes out each copy, and the three patterns took
// longer to compile than a pull request's packets take to check. Only whether a text mentions
// something counts here, so an open repeat finds the same texts (and a longer number as well).
const MENTIONS: readonly { kind: Kind; what: string; pattern: RegExp }[] = [
  {
    kind: 'unit_price',
    what: 'a unit price',
    pattern:
      /(?:[$\u20ac\u00a3] ?\d[\d.,]*|\b\d[\d.,]* ?(?:USD|EUR|GBP|cents?))\s*(?:\/|per)\s*(?:1 ?[km]\b|1,?000|thousand|million|[km]? ?tokens?\b|requests?\b|calls?\b|images?\b|minutes?\b|characters?\b)/i,
  },
  {
    kind: 'rate_limit',
    what: 'a rate limit',
    pattern:
      /\b\d[\d,]* ?(?:RPM|TPM|RPD|TPD|requests? (?:per|a|\/) ?(?:second|minute|day)|tokens? (?:per|a|\/) ?(?:minute|day))\b/i,
  },
  {
    kind: 'model',
    what: 'a model identifier',
    pattern:
      /\b(?:gpt-[0-9]|o[1-9]-(?:mini|pro|preview)\b|claude-[\w.-]|gemini-[\w.-]|llama-?[0-9]|mistral-[\w.-]|text-embedding-[\w.-]|dall-e-[0-9]|whisper-[0-9])/i,
  },
];

const FREE_TEXT = ['business_justification', 'corrective_action'] as const;

export const checkPricing: Rule = ({ packet }) => {
  const findings: RuleFinding[] = [];
  const references = packet.pricing_references ?? [];
  const sourced = new Set(references.map((reference) => reference.kind));

  const texts: [string, string][] = FREE_TEXT.map((field) => [`/${field}`, packet[field]]);
  packet.segments.forEach((segment, index) =>
    texts.push([`/segments/${index}/label`, segment.label]),
  );
  if (packet.budget_adjustment_request) {
    texts.push(['/budget_adjustment_request/reason', packet.budget_adjustment_request.reason]);
  }

  for (const { kind, what, pattern } of MENTIONS) {
    if (sourced.has(kind)) continue;
    const hit = texts.find(([, text]) => pattern.test(text));
    if (hit) {
      findings.push({
        code: 'PRICING_UNSOURCED',
        field: hit[0],
        message: `states ${what} without a source; add a pricing_references entry (kind ${kind}) with the source and the date you verified it`,
      });
    }
  }

  references.forEach((reference, index) => {
    if (
      reference.accessed < packet.review_period_start ||
      reference.accessed > packet.review_period_end
    ) {
      findings.push({
        code: 'PRICING_STALE',
        field: `/pricing_references/${index}/accessed`,
        message: `${reference.item} was verified on ${reference.accessed}, outside the review period ${packet.review_period_start}..${packet.review_period_end}; verify it again for this period`,
      });
    }
  });
  return findings;
};
