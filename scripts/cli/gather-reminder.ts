/**
 * Reads what a reminder is built from (the packets, CODEOWNERS, the policy) and builds it.
 * Shared by `packet remind` and the remind workflow's entry point.
 */
import { localDate } from '../core/lifecycle/close-date.js';
import { buildReminder, type Reminder } from '../core/lifecycle/remind.js';
import { parseCodeowners } from '../core/ownership/codeowners.js';
import { parsePolicy, type Policy } from '../core/ownership/policy.js';
import { validateFile } from '../core/packet/validate.js';
import { listPackets, readPacketFiles } from '../io/files.js';
import { readCodeownersFile, readPolicyFile } from '../io/repo-config.js';

/** Everything `packet remind` needs from the repository, read and turned into the reminder. */
export async function gatherReminder(
  root: string,
  today: string | undefined,
  now: Date,
): Promise<{ reminder: Reminder; warnings: string[] }> {
  const warnings: string[] = [];
  const policy = await readPolicy(root, warnings);
  const codeownersFile = await readCodeownersFile(root);
  if (!codeownersFile) warnings.push('no CODEOWNERS file: code owners are left out of "must act"');

  const files = await readPacketFiles(root, await listPackets(root));
  const results = files.map((file) => validateFile(file));
  const packets = results.flatMap((result) => (result.input ? [result.input] : []));
  const unreadable = results.filter((result) => !result.input).map((result) => result.path);

  const day = today ?? localDate(now, policy?.billingClose?.timeZone ?? 'UTC');
  const codeowners = codeownersFile && parseCodeowners(codeownersFile.text, codeownersFile.path);
  return {
    reminder: buildReminder({ today: day, packets, policy, codeowners, unreadable }),
    warnings,
  };
}

async function readPolicy(root: string, warnings: string[]): Promise<Policy | undefined> {
  const file = await readPolicyFile(root);
  if (!file) {
    warnings.push('no .github/packet-policy.yml: no close dates, finance or tiers in the report');
    return undefined;
  }
  const parsed = parsePolicy(file.text, file.path);
  if (!parsed.policy) {
    warnings.push(`${file.path} is not valid; run \`packet validate\` to see why`);
  }
  return parsed.policy;
}
