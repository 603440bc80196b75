/**
 * A throwaway repository made from this template: a bare `origin` whose main holds the files
 * that define the product (CODEOWNERS, .github/ with the workflows, the policy and the
 * allocation, schemas/), and the submitter's clone of it, all in one temp folder. Real git.
 */
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cloneRepo, createRepo, type TestRepo } from '../dev/git-repo.js';
import { WHEN } from './scenario.js';

/** The template's files copied into the new repository. */
export const TEMPLATE_PATHS = ['CODEOWNERS', '.gitattributes', '.gitignore', '.github', 'schemas'];

export interface DemoRepository {
  /** The temp folder holding everything the demo makes. */
  root: string;
  /** The bare repository standing in for GitHub's copy. */
  origin: TestRepo;
  /** The submitter's clone. */
  work: TestRepo;
  /** The first commit on main. */
  base: string;
}

/** Creates the repository from the template at `codeRoot`. */
export function createDemoRepository(codeRoot: string): DemoRepository {
  const root = mkdtempSync(path.join(tmpdir(), 'packet-demo-'));
  const origin = createRepo({ bare: true, dir: path.join(root, 'origin.git') });
  const work = cloneRepo(origin.dir, undefined, path.join(root, 'work'));
  // An empty clone's branch follows the user's git defaults; the template's is main.
  work.git('symbolic-ref', 'HEAD', 'refs/heads/main');

  for (const part of TEMPLATE_PATHS) {
    cpSync(path.join(codeRoot, part), path.join(work.dir, part), { recursive: true });
  }
  const base = work.commit(
    'Start the cost exception repository from the template',
    {},
    {
      date: WHEN.setUp,
      author: 'Repo Admin',
      email: 'admin@example.test',
    },
  );
  work.git('push', '-q', 'origin', 'HEAD:main');
  return { root, origin, work, base };
}

/** A clone of origin's main with full history, in the demo's folder under `name`. */
export function cloneOrigin(repo: DemoRepository, name: string): TestRepo {
  return cloneRepo(repo.origin.dir, undefined, path.join(repo.root, name));
}
