/**
 * Whether checking a file out could write bytes other than its blob's: git converts line ends,
 * runs filters or expands `$Id$` when an attribute or its config says so. A run that reads a
 * commit's blobs stands for a checkout of that commit only when nothing of the kind applies.
 * Both answers lean to yes: a file or setting this cannot read counts as converting.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { execFileSync } from './child-process.js';
import { configMaySet } from './git-config-case.js';

/** Attributes that change what a checkout writes, when set (not when unset with `-` or `!`). */
const CONVERTING = new Set(['text', 'eol', 'crlf', 'filter', 'ident', 'working-tree-encoding']);

/**
 * Whether a `.gitattributes` text sets any converting attribute, on any pattern: which paths a
 * pattern matches is not worked out, so the answer holds for every file. A macro that sets one
 * (`[attr]name text`) counts as well, wherever it is used.
 */
export function attributesMayConvert(text: string): boolean {
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    // The pattern, which may be quoted, then the attributes.
    const rest = line.startsWith('"') ? line.slice(line.indexOf('"', 1) + 1) : line;
    const attributes = rest.split(/\s+/).slice(line.startsWith('"') ? 0 : 1);
    for (const attribute of attributes) {
      if (attribute === '' || attribute.startsWith('-') || attribute.startsWith('!')) continue;
      if (CONVERTING.has(attribute.split('=')[0]!)) return true;
    }
  }
  return false;
}

// core.autocrlf, core.eol and core.attributesFile (see SETS_IT in git-config-case.ts for where a
// key may stand). A key may stand alone, which sets it to true (`autocrlf` on its own line turns
// the conversion on). A filter's settings convert nothing until an attribute names it.
const CONVERTS = /(?:^|\])[ \t]*(?:autocrlf|eol|attributesfile)[ \t]*(?:=|[#;]|\r?$)/im;

/**
 * What the fingerprint must also hold: a filter's commands (`[filter "lfs"]`), which decide what
 * a checkout writes for every file an attribute gives that filter.
 */
const SETTINGS = new RegExp(`${CONVERTS.source}|\\[[ \\t]*filter\\b`, 'im');

/**
 * Whether git's config for this repository, or its own attributes file (`.git/info/attributes`),
 * may convert what a checkout writes. The config files are read directly; only when they cannot
 * tell (an include, settings in the environment) is git asked, which costs a process.
 */
export function configMayConvert(root: string): boolean {
  if (configMaySet(root, CONVERTS) && gitSetsConversion(root)) return true;
  if (!existsSync(path.join(root, '.git'))) return true;
  // The repository's own attributes, and those git reads for every repository on this machine
  // when no core.attributesFile is set (a set one is a setting the check above counts).
  return [path.join(root, '.git', 'info', 'attributes'), ...machineAttributes()].some((file) => {
    const text = textOrMark(file);
    return text === UNREADABLE || attributesMayConvert(text);
  });
}

/**
 * The attributes files git reads for every repository without being told: the user's
 * (`$XDG_CONFIG_HOME/git/attributes`, else `~/.config/git/attributes`, read unless
 * core.attributesFile names another) and the system's (unless GIT_ATTR_NOSYSTEM is true).
 */
function machineAttributes(): string[] {
  const env = process.env;
  const files = [
    path.join(
      env.XDG_CONFIG_HOME || path.join(env.HOME ?? homedir(), '.config'),
      'git',
      'attributes',
    ),
  ];
  if (!/^(?:true|yes|on|1)$/i.test(env.GIT_ATTR_NOSYSTEM ?? '')) files.push('/etc/gitattributes');
  return files;
}

/**
 * What decides how a checkout converts files, besides the tracked `.gitattributes`: the
 * repository's own attributes file and git's conversion settings, as one text. Results kept by
 * blob id stand for the files on disk only while this text stays the same. Most repositories set
 * none of it, which the config files tell without asking git.
 */
export function checkoutSettings(root: string): string {
  const own = textOrMark(path.join(root, '.git', 'info', 'attributes'));
  const [user = '', system = ''] = machineAttributes().map((file) => textOrMark(file));
  if (!configMaySet(root, SETTINGS)) return JSON.stringify([own, user, system]);

  const settings = gitConfigMatching(root, SETTING_KEYS);
  // Settings git could not tell match nothing a later run could find, so no result is reused.
  if (settings === undefined) return `unknown ${process.pid} ${Date.now()}`;
  // An attributes file named in the config counts by what it holds (git reads a relative one
  // from the top of the work tree); with none named, git reads the user's default one.
  const named = /^core\.attributesfile (.+)$/im.exec(settings)?.[1]?.trim();
  const file = named?.startsWith('~/') ? path.join(homedir(), named.slice(2)) : named;
  const attributes = file === undefined ? user : textOrMark(path.resolve(root, file));
  return JSON.stringify([own, settings, attributes, system]);
}

const CONVERSION_KEYS = '^core\\.(autocrlf|eol|attributesfile)$';
/** The conversion keys and every filter's commands (`filter.<driver>.smudge`, `.process`...). */
const SETTING_KEYS = '^(core\\.(autocrlf|eol|attributesfile)|filter\\..+)$';

const UNREADABLE = '(unreadable)';

/** A file's text, '' when there is none, and a mark of its own when it cannot be read. */
function textOrMark(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? '' : UNREADABLE;
  }
}

/** The settings matching `keys`, as `git config` lists them: '' when none, undefined when git
 * could not be asked. */
function gitConfigMatching(root: string, keys: string): string | undefined {
  try {
    return execFileSync('git', ['config', '--get-regexp', keys], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch (error) {
    // Exit 1: none of the keys is set.
    return (error as { status?: number }).status === 1 ? '' : undefined;
  }
}

/** What git itself says of the settings that convert; yes when it cannot be asked. */
function gitSetsConversion(root: string): boolean {
  const set = gitConfigMatching(root, CONVERSION_KEYS);
  if (set === undefined) return true;
  // autocrlf false converts nothing, and input only what is committed.
  const harmless = /^core\.autocrlf (?:false|no|off|0|input)$/i;
  return set.split('\n').some((line) => line.trim() !== '' && !harmless.test(line.trim()));
}
