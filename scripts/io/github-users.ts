/**
 * Display names from GitHub profiles (`GET /users/{username}`). A name is a courtesy in the
 * record, never part of the decision, so a profile that cannot be read is an answer, not an
 * error.
 */
import { httpStatus, type GitHubClient } from './github.js';

/** A profile's display name (undefined when it has none), or why it could not be read. */
export type DisplayName = { read: true; name: string | undefined } | { read: false; why: string };

/** Reads the display name of `login`; any failure (404, 403, network) is returned as such. */
export async function readDisplayName(client: GitHubClient, login: string): Promise<DisplayName> {
  try {
    const { data } = await client.rest.users.getByUsername({ username: login });
    const name = typeof data.name === 'string' && data.name.trim() !== '' ? data.name : undefined;
    return { read: true, name };
  } catch (error) {
    // Only the status of an answer is kept: its body is the server's text, not ours.
    const status = httpStatus(error);
    const why =
      status !== undefined
        ? `HTTP ${status}`
        : error instanceof Error
          ? error.message
          : String(error);
    return { read: false, why };
  }
}
