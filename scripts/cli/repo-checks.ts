/**
 * The repository-wide checks every `packet validate` run makes besides the packets themselves:
 * the sign-off policy reads cleanly and CODEOWNERS maps each owner folder to its team and to
 * finance.
 */
import { howToPlace, whatStandsAt, type NotAFile } from '../core/config-place.js';
import { checkOwnerMapping } from '../core/ownership/check-owner-mapping.js';
import { POLICY_PATH } from '../core/ownership/gate-paths.js';
import { parsePolicy, type Policy } from '../core/ownership/policy.js';
import type { Finding } from '../core/packet/finding.js';
import { listOwnerFolders, policyAt, readCodeownersFile } from '../io/repo-config.js';

export interface RepositoryChecks {
  findings: Finding[];
  /** The policy when it exists and is valid. */
  policy?: Policy;
}

/** Reads CODEOWNERS, the policy and the owner folders, and checks them together. */
export async function checkRepository(root: string): Promise<RepositoryChecks> {
  const read = await readPolicy(root);
  return {
    findings: [...read.findings, ...(await checkOwners(root, read.policy))],
    policy: read.policy,
  };
}

/** The policy and the findings about it (a missing policy among them, when packets exist). */
export async function readPolicy(root: string): Promise<RepositoryChecks> {
  const [owners, policyFile] = await Promise.all([listOwnerFolders(root), policyAt(root)]);
  if (!('text' in policyFile)) {
    return { findings: owners.length > 0 ? [missingPolicy(policyFile)] : [] };
  }

  const parsed = parsePolicy(policyFile.text, policyFile.path);
  return { findings: parsed.findings, policy: parsed.policy };
}

/** Whether CODEOWNERS maps every owner folder to its team and to finance, as the policy says. */
export async function checkOwners(root: string, policy: Policy | undefined): Promise<Finding[]> {
  const [owners, codeowners] = await Promise.all([
    listOwnerFolders(root),
    readCodeownersFile(root),
  ]);
  return checkOwnerMapping(owners, codeowners, policy);
}

/** No policy to read: what stands at its path instead, and how to put the policy there. */
function missingPolicy(found: NotAFile): Finding {
  const content = 'the policy (see schemas/policy.schema.json)';
  const remedy =
    found.kind === 'none'
      ? 'add it (see schemas/policy.schema.json) with at least the finance and admin groups'
      : howToPlace(found, content);
  return {
    code: 'POLICY_MISSING',
    severity: 'error',
    file: POLICY_PATH,
    line: 1,
    column: 1,
    field: '',
    message: `${whatStandsAt(POLICY_PATH, found)}, so no packet can be signed off; ${remedy}`,
  };
}
