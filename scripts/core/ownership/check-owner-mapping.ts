/**
 * Every owner folder under `packets/` must be owned, in CODEOWNERS, by that owner's team and by
 * finance. GitHub's own review rule cannot require both, but the sign-off check reads the same
 * file: a folder mapped to one of them only would silently lose a reviewer there.
 */
import type { Finding } from '../packet/finding.js';
import { parseCodeowners, normaliseOwner, type Codeowners } from './codeowners.js';
import { CODEOWNERS_LOCATIONS } from './find-codeowners-file.js';
import type { Policy, PolicyGroup } from './policy.js';
import { ownValue } from '../own-value.js';

/** The CODEOWNERS file GitHub would use, as read from the repository. */
export interface CodeownersText {
  path: string;
  text: string;
}

/**
 * Checks the owner folders (ids such as `ml-platform`) against CODEOWNERS and the policy.
 * CODEOWNERS lines GitHub skips are warnings: a packet author cannot fix them in a packet pull
 * request (the admins own the file), and the harm they do to packets is reported as an error
 * anyway, as an unmapped folder. A missing CODEOWNERS file or policy is one error each.
 */
export function checkOwnerMapping(
  ownerFolders: readonly string[],
  codeowners: CodeownersText | undefined,
  policy: Policy | undefined,
): Finding[] {
  if (ownerFolders.length === 0) return [];
  if (codeowners === undefined) return [missingCodeowners()];

  const parsed = parseCodeowners(codeowners.text, codeowners.path);
  const findings = parsed.problems.map((problem): Finding => {
    const tooLarge = problem.code === 'CODEOWNERS_TOO_LARGE';
    return {
      code: tooLarge ? problem.code : 'CODEOWNERS_INVALID_LINE',
      severity: tooLarge ? 'error' : 'warning',
      file: codeowners.path,
      line: problem.line,
      column: problem.column,
      field: '',
      message: problem.message,
    };
  });
  if (policy === undefined) return findings;

  for (const owner of [...ownerFolders].sort()) {
    findings.push(...checkFolder(owner, parsed, policy));
  }
  return findings;
}

/** A path standing for the folder's packets (a packet file directly in the folder). */
function probePath(owner: string): string {
  return `packets/${owner}/EXC-2000-01-01-${owner.toUpperCase()}.yaml`;
}

function checkFolder(owner: string, codeowners: Codeowners, policy: Policy): Finding[] {
  const rule = codeowners.ruleFor(probePath(owner));
  const owners = new Set((rule?.owners ?? []).map(normaliseOwner));
  const at = { file: codeowners.path, line: rule?.line ?? 1, column: 1, field: '' };

  const team = ownersFor(
    ownValue(policy.groups, owner) ?? { name: owner, team: `@${policy.organisation}/${owner}` },
  );
  const financeGroup = ownValue(policy.groups, policy.financeGroup);
  const finance = financeGroup ? ownersFor(financeGroup) : undefined;
  const wanted = `"/packets/${owner}/ ${[team.shown, finance?.shown].filter(Boolean).join(' ')}"`;

  if (rule === undefined || owners.size === 0) {
    const why = rule === undefined ? 'no CODEOWNERS line matches it' : 'its line names no owners';
    const message = `packets/${owner}/ has no code owners (${why}); add the line ${wanted}`;
    return [{ ...at, code: 'OWNER_FOLDER_UNMAPPED', severity: 'error', message }];
  }

  const findings: Finding[] = [];
  const named = rule.owners.join(' ');
  if (!team.accepted.some((name) => owners.has(name))) {
    findings.push({
      ...at,
      code: 'OWNER_FOLDER_UNMAPPED',
      severity: 'error',
      message: `packets/${owner}/ is not owned by ${team.shown}: line ${rule.line} names ${named}; make the last line matching the folder ${wanted}`,
    });
  }
  if (finance && !finance.accepted.some((name) => owners.has(name))) {
    findings.push({
      ...at,
      code: 'OWNER_FOLDER_WITHOUT_FINANCE',
      severity: 'error',
      message: `packets/${owner}/ is not owned by finance (${finance.shown}): line ${rule.line} names ${named}; make it ${wanted}`,
    });
  }
  return findings;
}

/** How CODEOWNERS may name a group: its team, or one of its members (compared lower-cased). */
function ownersFor(group: PolicyGroup): { shown: string; accepted: string[] } {
  const members = (group.members ?? []).map((login) => `@${login}`);
  const all = group.team ? [group.team, ...members] : members;
  return { shown: all[0] ?? `@${group.name}`, accepted: all.map(normaliseOwner) };
}

function missingCodeowners(): Finding {
  return {
    code: 'CODEOWNERS_MISSING',
    severity: 'error',
    file: CODEOWNERS_LOCATIONS[0],
    line: 1,
    column: 1,
    field: '',
    message: `no CODEOWNERS file in ${CODEOWNERS_LOCATIONS.join(', ')}, so no packet folder has owners; add one with a line "/packets/<owner>/ @org/<owner-team> @org/<finance-team>" per owner`,
  };
}
