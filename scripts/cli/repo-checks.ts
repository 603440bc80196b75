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
  const owners = await listOwnerFolders(root);
  const policyFile = await readPolicyFile(root);
  const codeowners = await readCodeownersFile(root);

  const findings: Finding[] = [];
  let policy: Policy | undefined;
  if (policyFile) {
    const parsed = parsePolicy(policyFile.text, policyFile.path);
    findings.push(...parsed.findings);
    policy = parsed.policy;
  } else if (owners.length > 0) {
    findings.push(missingPolicy());
  }

  findings.push(...checkOwnerMapping(owners, codeowners, policy));
  return { findings, policy };
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
