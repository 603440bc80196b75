/**
 * What validation results depend on besides the files themselves: the validator's compiled code
 * and schemas, the repository configuration, and the run's options. Any change gives a new
 * fingerprint, and the cache starts afresh.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkoutSettings } from './checkout-bytes.js';
import { whatIsAt } from './config-file.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** Written by `npm run build`: one hash of the compiled code, so a run reads one small file. */
export const BUILD_INFO = path.join(HERE, '../build-info.json');

/** A configuration file as a run finds it: what is at its path, and its bytes. */
export interface ConfigRead {
  /**
   * 'file', or what stands at the path instead (see NotAFile: 'none', 'folder', 'no folder'...);
   * for a link, `link to ` and what it leads to. 'unknown' when the disk would not say.
   */
  kind: string;
  bytes: Uint8Array;
}

export async function validatorFingerprint(root: string, configFiles: string[], extra: string) {
  return fingerprintOf(
    extra,
    configFiles.map((file) => [file, readConfig(root, file)]),
  );
}

/**
 * The fingerprint of the validator's code, the run's `extra` and the configuration as read:
 * from the disk, or from a commit (where the same bytes must give the same fingerprint).
 */
export async function fingerprintOf(
  extra: string,
  configs: readonly (readonly [string, ConfigRead])[],
): Promise<string> {
  const hash = createHash('sha256').update(extra);
  hash.update(await codeHash());
  // The kind counts beside the bytes: the policy and CODEOWNERS are read only as plain files,
  // so a link to the very same bytes changes the findings.
  for (const [file, { kind, bytes }] of configs) hash.update(file).update(kind).update(bytes);
  return hash.digest('hex');
}

/**
 * What the fingerprint holds of the run besides the configuration files: its options, the owner
 * folders, and how checkouts convert files here (see checkoutSettings).
 */
export function runExtra(
  options: { root: string; skipExports?: boolean; filedOn?: string },
  owners: readonly string[],
): string {
  const checkout = checkoutSettings(options.root);
  return JSON.stringify([options.skipExports === true, options.filedOn ?? '', owners, checkout]);
}

function readConfig(root: string, file: string): ConfigRead {
  return { kind: kindOf(root, file), bytes: readIfThere(path.join(root, file)) };
}

/** The build's recorded code hash, or one computed now (running from sources, say). */
async function codeHash(): Promise<string> {
  const recorded = existsSync(BUILD_INFO) ? readFileSync(BUILD_INFO, 'utf8') : undefined;
  if (recorded) return (JSON.parse(recorded) as { codeHash: string }).codeHash;
  return computeCodeHash();
}

/**
 * Where the code that decides a packet's findings lives: the core, the command's modules and
 * bundles (which read exports and settle what a run reports), the file readers and the schemas.
 */
export const CODE_FOLDERS = ['../core', '../cli', '.', '../../schemas'].map((dir) =>
  path.join(HERE, dir),
);

/** A hash of every compiled module and schema that results depend on, in a stable order. */
export async function computeCodeHash(): Promise<string> {
  const hash = createHash('sha256');
  for (const dir of CODE_FOLDERS) {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
    const files = entries
      .filter((entry) => entry.isFile() && /\.(c?js|ts|json)$/.test(entry.name))
      .map((entry) => path.join(entry.parentPath, entry.name))
      .sort();
    for (const file of files) hash.update(path.relative(dir, file)).update(await readFile(file));
  }
  return hash.digest('hex');
}

/**
 * What is at a path, told apart as finely as the findings about it are: nothing, a folder, a file
 * where its folder should be, and a link by what it leads to (the allocation config is read
 * through one: a link to nothing is no config, a link to a folder is a finding).
 */
function kindOf(root: string, file: string): string {
  try {
    const here = whatIsAt(root, file, { followLink: false }).kind;
    if (here !== 'link') return here;
    return `link to ${whatIsAt(root, file, { followLink: true }).kind}`;
  } catch {
    return 'unknown';
  }
}

/** A file's bytes, or none for a file that is not there (or not readable). */
function readIfThere(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch {
    return new Uint8Array();
  }
}

/** The fingerprint of a validation run: the validator, the configuration, the options. */
export async function runFingerprint(options: {
  root: string;
  configFiles?: string[];
  skipExports?: boolean;
  filedOn?: string;
}): Promise<string> {
  // The owner folders count: a folder's CODEOWNERS findings change when one is added. (Loaded
  // here: a run at a commit reads them from git, and never needs the reader of the disk's.)
  const { listOwnerFolders } = await import('./repo-config.js');
  const owners = await listOwnerFolders(options.root);
  return validatorFingerprint(options.root, options.configFiles ?? [], runExtra(options, owners));
}
