/**
 * Reads the membership of every team that CODEOWNERS or the policy names. A team the token
 * cannot read is left out of the result; the evaluation then falls back to the policy's member
 * lists or fails closed, and says which permission is missing.
 */
import { listTeamMembers, type GitHubClient } from '../io/github.js';

// `@org/team`, as both CODEOWNERS and the policy write a team.
const TEAM = /@([A-Za-z0-9][A-Za-z0-9-]*)\/([A-Za-z0-9][A-Za-z0-9._-]*)/g;

/** Team names (`@org/slug`, lower case: GitHub compares them without case) found in texts. */
export function teamsNamedIn(texts: readonly (string | undefined)[]): string[] {
  const found = new Set<string>();
  for (const text of texts) {
    for (const line of (text ?? '').split('\n')) {
      // Comments name nobody, in CODEOWNERS and in YAML alike (whole-line or after a space).
      const content = line.replace(/(^|\s)#.*$/, '');
      for (const match of content.matchAll(TEAM)) found.add(match[0].toLowerCase());
    }
  }
  return [...found].sort();
}

/**
 * Members by team, keyed `@org/slug` in lower case.
 * TODO: read only the teams the changed paths need, once the core can say which.
 */
export async function readTeams(
  client: GitHubClient,
  texts: readonly (string | undefined)[],
  log: { warning(message: string): void },
): Promise<Record<string, string[]>> {
  const members: Record<string, string[]> = {};
  for (const team of teamsNamedIn(texts)) {
    const [org, slug] = team.slice(1).split('/') as [string, string];
    const result = await listTeamMembers(client, org, slug);
    if (result.readable) members[team] = result.logins;
    else {
      log.warning(
        `Team ${team} is not readable with this token (HTTP ${result.status}); ` +
          'grant members: read (an app or PAT token) or list its members in the policy.',
      );
    }
  }
  return members;
}
