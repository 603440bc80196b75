/**
 * The files that decide how packets are judged. A pull request that changes any of them needs
 * the repository admins' group, and may not change packets at the same time.
 */
/** Where the policy lives (read from the base commit). */
export const POLICY_PATH = '.github/packet-policy.yml';

/**
 * Everything outside `packets/` is a gate file, and so is the ledger: the build and run of the
 * checks can be changed from many places (`.npmrc`, a TypeScript config, a lint config, CI
 * scripts), so listing the dangerous ones would always miss one. A packet pull request touches
 * only `packets/`.
 */
const LEDGER_PATH = 'packets/LEDGER.md';

/** True when `path` (repository-relative, forward slashes) is a gate file. */
export function isGatePath(path: string): boolean {
  const clean = path.replace(/^\/+/, '');
  return !clean.startsWith('packets/') || clean === LEDGER_PATH;
}
