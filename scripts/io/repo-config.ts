/**
 * Reads the repository's own configuration from the work tree: the CODEOWNERS file GitHub would
 * use, the sign-off policy and the owner folders under `packets/`.
 */
import { existsSync, lstatSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { NotAFile } from '../core/config-place.js';
import { findCodeownersFile } from '../core/ownership/find-codeowners-file.js';
import { POLICY_PATH } from '../core/ownership/gate-paths.js';
import { readConfigFile } from './config-file.js';

/** A repository file's path (relative, forward slashes) and its text. */
export interface RepoText {
  path: string;
  text: string;
}

/** The CODEOWNERS file in GitHub's lookup order, or undefined when there is none. */
export async function readCodeownersFile(root: string): Promise<RepoText | undefined> {
  const found = findCodeownersFile((relative) => isFile(path.join(root, relative)));
  if (found === undefined) return undefined;
  return { path: found, text: await readFile(path.join(root, found), 'utf8') };
}

/** `.github/packet-policy.yml`, or undefined when it is not a plain file. */
export async function readPolicyFile(root: string): Promise<RepoText | undefined> {
  const read = await policyAt(root);
  return 'text' in read ? read : undefined;
}

/**
 * `.github/packet-policy.yml` when it is a plain file, else what stands at its path. A link is
 * not followed: like CODEOWNERS, the policy is read only as a plain file.
 */
export async function policyAt(root: string): Promise<RepoText | NotAFile> {
  const read = await readConfigFile(root, POLICY_PATH, { followLink: false });
  return read.kind === 'file' ? { path: POLICY_PATH, text: read.text } : read;
}

/** Names of the folders directly under `packets/` (the owner ids), sorted. */
export async function listOwnerFolders(root: string): Promise<string[]> {
  const base = path.join(root, 'packets');
  // A linked packets folder holds no owner folders of this repository, nor does a file there.
  if (!existsSync(base) || !lstatSync(base).isDirectory()) return Promise.resolve([]);
  const entries = readdirSync(base, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort();
  return Promise.resolve(names);
}

function isFile(full: string): boolean {
  try {
    return lstatSync(full).isFile();
  } catch {
    return false;
  }
}
