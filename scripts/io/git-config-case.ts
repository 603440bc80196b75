/**
 * Whether git may be set to ignore case in file names (`core.ignorecase`), read from its config
 * files directly: asking `git config` would cost a process on every run planned from the tree
 * index. The answer leans to yes: a file that sets the key to anything but false, or that pulls
 * in other files, or an environment that passes settings, counts as yes (the run then checks the
 * whole repository, which is always right).
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

// A key starts a line or follows a section header on its line (`[core] ignorecase`), and a
// section may follow another (`[user][include]`): git reads all of these.
const SETS_IT =
  /(?:^|\])[ \t]*ignorecase[ \t]*(?:=(?![ \t]*(?:false|no|off|0)[ \t]*(?:[#;].*)?$).*)?$/im;
const INCLUDES = /\[\s*include/i;
/** Values git takes for true (it reads the system config unless GIT_CONFIG_NOSYSTEM is one). */
const TRUE = /^(?:true|yes|on|1)$/i;

export function mayIgnoreCase(root: string): boolean {
  return configMaySet(root, SETS_IT);
}

/**
 * Whether any config git reads for this repository may hold a line `setsIt` matches: also yes
 * for settings passed in the environment, a config found elsewhere, an include, or a config
 * file that cannot be read.
 */
export function configMaySet(root: string, setsIt: RegExp): boolean {
  const env = process.env;
  if (env.GIT_CONFIG_PARAMETERS || env.GIT_CONFIG_COUNT || env.GIT_CONFIG) return true;
  // A repository found elsewhere has its config elsewhere too.
  if (env.GIT_DIR || env.GIT_COMMON_DIR) return true;
  const home = env.HOME ?? homedir();
  const files = [
    path.join(root, '.git', 'config'),
    path.join(root, '.git', 'config.worktree'),
    env.GIT_CONFIG_GLOBAL ?? path.join(home, '.gitconfig'),
    path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'git', 'config'),
  ];
  if (!TRUE.test(env.GIT_CONFIG_NOSYSTEM ?? ''))
    files.push(env.GIT_CONFIG_SYSTEM ?? '/etc/gitconfig');
  return files.some((file) => {
    const text = readIfThere(file);
    return text === null || (text !== undefined && (setsIt.test(text) || INCLUDES.test(text)));
  });
}

/** The file's text; undefined when there is none, null when it cannot be read. */
function readIfThere(file: string): string | null | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? undefined : null;
  }
}
