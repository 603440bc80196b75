/**
 * Whether git may be set to compare files with its index on less than their change times:
 * `core.trustctime` false, or `core.checkStat` minimal (whole seconds only). A file then edited in
 * place, its size kept and its modification time set back, looks unchanged to git, which lists
 * it neither as modified (`diff-files`) nor as differing from a tree (`diff-index`). Read from
 * the config files directly, leaning to yes, as for case (git-config-case.ts).
 */
import { configMaySet } from './git-config-case.js';

// `trustctime` set to anything but true, or `checkstat` to anything but default (see SETS_IT in
// git-config-case.ts for where a key may stand).
const TRUST_CTIME_OFF =
  /(?:^|\])[ \t]*trustctime[ \t]*=(?![ \t]*(?:true|yes|on|1)[ \t]*(?:[#;].*)?$)/;
const CHECK_STAT_OFF = /(?:^|\])[ \t]*checkstat[ \t]*=(?![ \t]*default[ \t]*(?:[#;].*)?$)/;
const WEAKENS = new RegExp(`${TRUST_CTIME_OFF.source}|${CHECK_STAT_OFF.source}`, 'im');

/** Whether git may take a file edited in place, its size and modification time kept, as is. */
export function mayOverlookEdits(root: string): boolean {
  return configMaySet(root, WEAKENS);
}
