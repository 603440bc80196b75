/**
 * One person signs for one group only. Which group each approver signs for is chosen so that
 * as many groups as possible are satisfied: a maximum bipartite matching (Kuhn's augmenting
 * paths), small enough here (a handful of groups and reviewers) to need nothing cleverer.
 */

/**
 * Matches groups to people. `candidates[g]` lists who may sign for group `g`, in preference
 * order. Returns, for each group, the matched person or undefined.
 */
export function matchApprovers(candidates: readonly (readonly string[])[]): (string | undefined)[] {
  const holder = new Map<string, number>();

  const augment = (group: number, seen: Set<string>): boolean => {
    for (const person of candidates[group] ?? []) {
      if (seen.has(person)) continue;
      seen.add(person);
      const current = holder.get(person);
      if (current === undefined || augment(current, seen)) {
        holder.set(person, group);
        return true;
      }
    }
    return false;
  };

  candidates.forEach((_, group) => augment(group, new Set()));

  const result: (string | undefined)[] = candidates.map(() => undefined);
  for (const [person, group] of holder) result[group] = person;
  return result;
}
