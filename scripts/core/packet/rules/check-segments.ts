/**
 * Ownership is never left blank: cost that no evidence maps to an owner is `unallocated`, and an
 * unallocated segment carries a plan to find its owner and a date for it. A packet's owner owns
 * some of the cost, or the packet is most likely filed for the wrong team.
 */
import type { RuleFinding } from '../finding.js';
import { UNALLOCATED } from '../packet.js';
import type { Rule } from '../rule.js';

export const checkSegments: Rule = ({ packet }) => {
  const findings: RuleFinding[] = [];

  packet.segments.forEach((segment, index) => {
    const at = `/segments/${index}`;
    if (segment.owner === UNALLOCATED) {
      if (!segment.resolution_plan?.trim()) {
        findings.push({
          code: 'UNALLOCATED_WITHOUT_PLAN',
          field: at,
          message: `segment "${segment.label}" is unallocated; add resolution_plan saying how its owner will be found`,
        });
      }
      if (!segment.resolution_target_date) {
        findings.push({
          code: 'UNALLOCATED_WITHOUT_DATE',
          field: at,
          message: `segment "${segment.label}" is unallocated; add resolution_target_date for when ownership is settled`,
        });
      } else if (segment.resolution_target_date <= packet.review_period_end) {
        findings.push({
          code: 'UNALLOCATED_DATE_NOT_AFTER_PERIOD',
          field: `${at}/resolution_target_date`,
          message: `resolution_target_date ${segment.resolution_target_date} must be after the period end ${packet.review_period_end}`,
        });
      }
    } else if (
      segment.resolution_plan !== undefined ||
      segment.resolution_target_date !== undefined
    ) {
      findings.push({
        code: 'RESOLUTION_ON_OWNED_SEGMENT',
        severity: 'warning',
        field: at,
        message: `segment "${segment.label}" has owner ${segment.owner}; a resolution plan is only for unallocated cost, remove it`,
      });
    }
  });

  const owned = packet.segments.some((segment) => segment.owner === packet.allocation_owner);
  if (!owned && packet.segments.length > 0) {
    const owners = [...new Set(packet.segments.map((segment) => segment.owner))].join(', ');
    findings.push({
      code: 'OWNER_HAS_NO_SEGMENT',
      severity: 'warning',
      field: '/allocation_owner',
      message: `allocation_owner ${packet.allocation_owner} owns none of the segments (${owners}); file the packet for the team whose cost it is, or check the allocation rules`,
    });
  }
  return findings;
};
