/**
 * The sign-off gate as one pure function: the PR's changed files, reviews and packets (read
 * as data), with CODEOWNERS and the policy from the base commit, in; the verdict out.
 */
import { parseCodeowners } from '../ownership/codeowners.js';
import { POLICY_PATH } from '../ownership/gate-paths.js';
import { parsePolicy } from '../ownership/policy.js';
import { changedUnits } from './changed-units.js';
import { effectiveReviews } from './effective-reviews.js';
import { judgeGate } from './judge-gate.js';
import { judgePacket, type PacketContext } from './judge-packet.js';
import { normaliseTeamMembers } from './required-groups.js';
import { summarise } from './summarise.js';
import type { SignoffInput, Verdict } from './types.js';

type Problem = { code: string; message: string };

/** Evaluates sign-off for a pull request. Never throws on bad data: it fails closed instead. */
export function evaluateSignoff(input: SignoffInput): Verdict {
  const problems: Problem[] = [];
  const warnings: Problem[] = [];

  // Step 1: read the base commit's policy and CODEOWNERS.
  const policyResult =
    input.policyText === undefined ? undefined : parsePolicy(input.policyText, POLICY_PATH);
  const policy = policyResult?.policy;
  const codeowners =
    input.codeowners && parseCodeowners(input.codeowners.text, input.codeowners.path);
  const setup: Problem[] = [];
  if (!policyResult) {
    setup.push({
      code: 'POLICY_MISSING',
      message: `no ${POLICY_PATH} on the base branch; add one (see schemas/policy.schema.json)`,
    });
  }
  for (const finding of policyResult?.findings ?? []) {
    setup.push({
      code: finding.code,
      message: `${finding.file}:${finding.line}: ${finding.message}`,
    });
  }
  if (!codeowners) {
    setup.push({
      code: 'CODEOWNERS_MISSING',
      message: 'no CODEOWNERS in .github/, the root or docs/ on the base branch; add one',
    });
  }
  for (const problem of codeowners?.problems ?? []) {
    warnings.push({
      code: problem.code,
      message: `${codeowners?.path}:${problem.line}:${problem.column}: ${problem.message}`,
    });
  }

  // Step 2: what needs sign-off. Nothing at all passes, whatever the setup looks like.
  const units = changedUnits(input.changedFiles);
  if (units.packets.length === 0 && units.gateFiles.length === 0) {
    return {
      passed: true,
      headSha: input.pr.headSha,
      packets: [],
      problems: [],
      warnings: [...setup, ...warnings],
      summary: 'No packets or gate files changed: nothing needs sign-off',
    };
  }
  problems.push(...setup);

  // Step 3: refusals for the PR as a whole.
  if (units.packets.length > 0 && units.gateFiles.length > 0) {
    problems.push({
      code: 'SIGNOFF_MIXED_CHANGES',
      message: `this pull request changes packets and gate files (${units.gateFiles.slice(0, 3).join(', ')}); split it into one PR for the packets and one for the gate files`,
    });
  }
  const fileLimit = policy?.limits.maxFilesPerPullRequest;
  if (fileLimit !== undefined && input.changedFiles.length > fileLimit) {
    problems.push({
      code: 'SIGNOFF_TOO_MANY_FILES',
      message: `this pull request changes ${input.changedFiles.length} files, more than the policy's limit of ${fileLimit}; split it`,
    });
  }
  const limit = policy?.limits.maxPacketsPerPullRequest;
  if (limit !== undefined && units.packets.length > limit) {
    problems.push({
      code: 'SIGNOFF_TOO_MANY_PACKETS',
      message: `this pull request changes ${units.packets.length} packets, more than the policy's limit of ${limit}; split it`,
    });
  }

  // Step 4: judge each packet, then the gate files.
  const context: PacketContext = {
    input,
    policy,
    codeowners,
    groups: { policy, teamMembers: normaliseTeamMembers(input.teamMembers, policy?.organisation) },
    reviews: effectiveReviews(input.reviews),
    gateFilesChanged: units.gateFiles.length > 0,
  };
  const packets = units.packets.map((change) => judgePacket(change, context));
  const gate = units.gateFiles.length > 0 ? judgeGate(units.gateFiles, context) : undefined;

  // Step 5: a group nobody can resolve is a problem of the setup; say so once at the top.
  const unresolved = new Set<string>();
  for (const group of [...packets.flatMap((p) => p.groups), ...(gate?.groups ?? [])]) {
    if (group.unresolved && group.missing) unresolved.add(`${group.group}: ${group.missing}`);
  }
  for (const message of unresolved) problems.push({ code: 'SIGNOFF_GROUP_UNRESOLVED', message });

  const passed =
    problems.length === 0 && packets.every((p) => p.satisfied) && (gate?.satisfied ?? true);
  const verdict: Verdict = {
    passed,
    headSha: input.pr.headSha,
    packets,
    problems,
    warnings,
    summary: '',
  };
  if (gate) verdict.gate = gate;
  verdict.summary = summarise(verdict);
  return verdict;
}
