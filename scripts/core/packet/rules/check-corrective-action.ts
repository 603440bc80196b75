/**
 * An exception without a dated commitment has no accountability: either the corrective action has
 * a target date, or a budget adjustment request carries one.
 */
import type { Rule } from '../rule.js';

export const checkCorrectiveAction: Rule = ({ packet }) => {
  const dates = [
    ['/corrective_action_target_date', packet.corrective_action_target_date],
    ['/budget_adjustment_request/target_date', packet.budget_adjustment_request?.target_date],
  ] as const;

  if (dates.every(([, date]) => date === undefined)) {
    return [
      {
        code: 'CORRECTIVE_ACTION_NO_DATE',
        field: '/corrective_action',
        message:
          'the corrective action has no target date; add corrective_action_target_date ' +
          '(or a budget_adjustment_request with its target_date)',
      },
    ];
  }
  return dates
    .filter(([, date]) => date !== undefined && date < packet.review_period_start)
    .map(([field, date]) => ({
      code: 'TARGET_DATE_BEFORE_PERIOD',
      field,
      message: `target date ${date} is before the review period starts (${packet.review_period_start}); set a date still to come`,
    }));
};
