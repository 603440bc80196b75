/** The floor for a run that checks almost nothing: Node started, the validator loaded and ready. */
import { checkSchema } from '../scripts/core/packet/schema.js';

checkSchema({});
