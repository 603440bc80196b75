/** A lower floor: Node started and only the precompiled packet schema loaded and ready. */
import { checkSchema } from '../scripts/core/packet/schema.js';

checkSchema({});
