/**
 * Reads the display name of each login a record will carry, one profile request per login.
 * A profile that cannot be read leaves that person as their login, with a warning; it never
 * stops the recording.
 */
import { readDisplayName } from '../io/github-users.js';
import type { GitHubClient } from '../io/github.js';
import type { GatherLog } from './gather-signoff-input.js';

/** Display names by login, for the logins whose profile has one. */
export async function readDisplayNames(
  client: GitHubClient,
  logins: readonly string[],
  log: GatherLog,
): Promise<Record<string, string>> {
  const answers = await Promise.all(
    logins.map(async (login) => ({ login, answer: await readDisplayName(client, login) })),
  );

  const names: Record<string, string> = {};
  for (const { login, answer } of answers) {
    if (!answer.read) {
      log.warning(
        `the profile of ${login} could not be read (${answer.why}); the record names the login only`,
      );
    } else if (answer.name !== undefined) {
      names[login] = answer.name;
    }
  }
  return names;
}
