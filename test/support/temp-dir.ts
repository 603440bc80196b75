import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { REPO_ROOT } from './paths.js';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A temp folder removed after the test, filled with `{ relative path: content }`. */
export function tempDir(files: Record<string, string | Uint8Array> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'packets-test-'));
  made.push(dir);
  for (const [relative, content] of Object.entries(files)) {
    const full = path.join(dir, relative);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return dir;
}

/** A temp copy of the repository's packets and configuration, to edit freely. */
export function copyOfExamples(): string {
  const dir = tempDir();
  for (const part of ['packets', 'schemas', '.github', 'CODEOWNERS']) {
    cpSync(path.join(REPO_ROOT, part), path.join(dir, part), { recursive: true });
  }
  return dir;
}

/**
 * A temp repository with the packets of a fixture folder (test/fixtures/<name>/packets) and the
 * repository's own configuration: for tests whose expectations must not move with the examples.
 */
export function copyOfFixtureRepo(name: string): string {
  const dir = tempDir();
  cpSync(path.join(REPO_ROOT, 'test/fixtures', name, 'packets'), path.join(dir, 'packets'), {
    recursive: true,
  });
  for (const part of ['schemas', '.github', 'CODEOWNERS']) {
    cpSync(path.join(REPO_ROOT, part), path.join(dir, part), { recursive: true });
  }
  return dir;
}
