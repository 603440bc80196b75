/**
 * Cached results are keyed by a hash of the validator's code. Every module `packet validate`
 * runs must count in it, or a build that changes only that module reuses results the old code
 * made.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { CODE_FOLDERS } from '../../scripts/io/validator-fingerprint.js';
import { REPO_ROOT } from '../support/paths.js';

/** Every source file the validate command and its worker are built from. */
async function sourcesOfValidate(): Promise<string[]> {
  const result = await build({
    entryPoints: ['scripts/cli/validate.ts', 'scripts/cli/validate-worker.ts'].map((entry) =>
      path.join(REPO_ROOT, entry),
    ),
    absWorkingDir: REPO_ROOT,
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    packages: 'external',
    metafile: true,
    outdir: path.join(REPO_ROOT, 'dist/unused'),
    logLevel: 'silent',
  });
  return Object.keys(result.metafile.inputs).map((input) => path.join(REPO_ROOT, input));
}

describe("the validator's code hash", () => {
  it('covers every module the validate command runs', async () => {
    const sources = await sourcesOfValidate();

    const uncovered = sources.filter(
      (file) => !CODE_FOLDERS.some((folder) => file.startsWith(folder + path.sep)),
    );

    expect(sources.length).toBeGreaterThan(50);
    expect(sources.some((file) => file.endsWith('scripts/cli/validate-chunk.ts'))).toBe(true);
    expect(uncovered).toEqual([]);
  });

  it('is recorded by the build over the bundles it writes', () => {
    const build = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
      scripts: { build: string };
    };
    const steps = build.scripts.build.split('&&').map((step) => step.trim());

    const bundled = steps.findIndex((step) => step.includes('dev/bundle.js'));
    const recorded = steps.findIndex((step) => step.includes('dev/build-info.js'));

    expect(bundled).toBeGreaterThan(0);
    expect(recorded).toBeGreaterThan(bundled);
  });
});
