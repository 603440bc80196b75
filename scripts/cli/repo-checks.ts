/**
 * The repository-wide checks every `packet validate` run makes besides the packets themselves:
 * the sign-off policy reads cleanly and CODEOWNERS maps each owner folder to its team and to
 * finance.
 */
import { checkOwnerMapping } from '../core/ownership/check-owner-mapping.js';
import { POLICY_PATH } from '../core/ownership/gate-paths.js';
import { parsePolicy, type Policy } from '../core/ownership/policy.js';
import type { Finding } from '../core/packet/finding.js';
import { listOwnerFolders, readCodeownersFile, readPolicyFile } from '../io/repo-config.js';

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
  const [owners, policyFile] = await Promise.all([listOwnerFolders(root), readPolicyFile(root)]);
  if (!policyFile) return { findings: owners.length > 0 ? [missingPolicy()] : [] };

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

function missingPolicy(): Finding {
  return {
    code: 'POLICY_MISSING',
    severity: 'error',
    file: POLICY_PATH,
    line: 1,
    column: 1,
    field: '',
    message: `${POLICY_PATH} does not exist, so no packet can be signed off; add it (see schemas/policy.schema.json) with at least the finance and admin groups`,
  };
}
