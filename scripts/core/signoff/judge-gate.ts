/**
 * The sign-off for gate files: the admins' group plus the code owners of each file. An
 * approval counts only on the head commit itself, since what the gate files do depends on all
 * of them together.
 */
import { addCodeOwners, type PacketContext } from './judge-packet.js';
import { judgeGroups } from './judge-groups.js';
import { GroupSet } from './required-groups.js';
import type { GateVerdict } from './types.js';

/** Judges the gate files a pull request changes. */
export function judgeGate(files: readonly string[], context: PacketContext): GateVerdict {
  const set = new GroupSet(context.groups);
  set.addPolicyGroup(context.policy?.adminGroup ?? 'admins', 'the pull request changes gate files');

  for (const file of files) {
    const rule = context.codeowners?.ruleFor(file);
    // A gate file nobody owns needs the admins only; an owned one needs its owners as well.
    if (rule && rule.owners.length > 0) {
      addCodeOwners(set, context.codeowners, file, `code owner of ${file}`);
    }
  }

  const headSha = context.input.pr.headSha;
  const groups = judgeGroups({
    groups: set.groups,
    reviews: context.reviews,
    author: context.input.pr.author,
    stillValid: (review) => review.commitId === headSha,
  });
  return { files: [...files], groups, satisfied: groups.every((group) => group.satisfied) };
}
