/** Every finance rule, in the order their findings are easiest to read. */
import type { Rule } from '../rule.js';
import { checkCorrectiveAction } from './check-corrective-action.js';
import { checkDates } from './check-dates.js';
import { checkEvidence } from './check-evidence.js';
import { checkFigures } from './check-figures.js';
import { checkIdentity } from './check-identity.js';
import { checkPricing } from './check-pricing.js';
import { checkSegments } from './check-segments.js';
import { checkStatus } from './check-status.js';
import { checkText } from './check-text.js';

export const RULES: readonly Rule[] = [
  checkIdentity,
  checkDates,
  checkFigures,
  checkSegments,
  checkCorrectiveAction,
  checkText,
  checkStatus,
  checkPricing,
  checkEvidence,
];
