/**
 * The profile endpoint the recorder reads display names from. A profile starts from the
 * webhook example's user (so its links and ids are shaped like GitHub's) and adds the public
 * profile fields, which no webhook example carries.
 */
import type { components } from '@octokit/openapi-types';
import { basicError, user } from './objects.js';
import type { RepoState } from './repo-state.js';
import { notFound, type Route } from './routes.js';

type Schemas = components['schemas'];

const STAMP = '2026-10-20T08:00:00Z';

/** The public profile of `login` with display name `name`, as `GET /users/{username}` answers. */
export function publicUser(login: string, name: string | null, apiUrl: string) {
  const answer: Schemas['public-user'] = {
    ...user({ login }, apiUrl),
    user_view_type: 'public',
    name,
    company: null,
    blog: '',
    location: null,
    email: null,
    hireable: null,
    bio: null,
    twitter_username: null,
    public_repos: 0,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: STAMP,
    updated_at: STAMP,
  };
  return answer;
}

function profile(login: string, state: RepoState, apiUrl: string) {
  const seed = state.users?.[login.toLowerCase()];
  if (seed === undefined || seed === 404) return notFound();
  if (seed === 403) {
    return { status: 403, body: basicError(`API rate limit exceeded for ${login}.`, 403) };
  }
  return { status: 200, body: publicUser(login, seed.name, apiUrl) };
}

export const USER_ROUTES: Route[] = [
  {
    method: 'GET',
    operation: 'GET /users/{username}',
    pattern: /^\/users\/(?<username>[^/]+)$/,
    answer: ({ params, state, apiUrl }) => profile(params.username ?? '', state, apiUrl),
  },
];
