/**
 * The floor for a run that checks almost nothing: Node started and the whole validator loaded
 * and ready (the packet parser, the precompiled schema and the rules), as `packet validate` must
 * have it to check one changed packet.
 */
import '../scripts/cli/validate-chunk.js';
import { checkSchema } from '../scripts/core/packet/schema.js';

checkSchema({});
