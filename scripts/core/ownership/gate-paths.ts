/**
 * The files that decide how packets are judged. A pull request that changes any of them needs
 * the repository admins' group, and may not change packets at the same time.
 */
import { CODEOWNERS_LOCATIONS } from './find-codeowners-file.js';

/** Where the policy lives (read from the base commit). */
export const POLICY_PATH = '.github/packet-policy.yml';

/** Folders whose every file is a gate file (trailing slash). */
const GATE_FOLDERS = ['.github/', 'schemas/', 'scripts/'];

/** Single files that are gate files. */
const GATE_FILES = new Set<string>([
  ...CODEOWNERS_LOCATIONS,
  POLICY_PATH,
  'package.json',
  'package-lock.json',
  'npm-shrinkwrap.json',
  // Line-end and diff attributes change the bytes git stores, and so every blob id.
  '.gitattributes',
]);

/** True when `path` (repository-relative, forward slashes) is a gate file. */
export function isGatePath(path: string): boolean {
  const clean = path.replace(/^\/+/, '');
  return GATE_FILES.has(clean) || GATE_FOLDERS.some((folder) => clean.startsWith(folder));
}
