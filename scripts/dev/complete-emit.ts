/**
 * Run right after the compile. The compile is incremental: it writes only what changed since its
 * last run, by its own record, so a compiled file removed by hand stays missing and every command
 * that imports it fails. Each source must have its compiled file; if one lacks it, the record is
 * dropped and the whole compile runs again.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { codeRootOf } from './code-root.js';

const ROOT = codeRootOf(import.meta.url);
const DIST = path.join(ROOT, 'dist');
const SOURCES = ['scripts', 'bench'];

const missing = SOURCES.flatMap((folder) => sourcesIn(path.join(ROOT, folder)))
  .map((source) => path.join(DIST, path.relative(ROOT, source)).replace(/\.ts$/, '.js'))
  .filter((compiled) => !existsSync(compiled));

if (missing.length > 0) {
  console.error(
    `build: ${path.relative(ROOT, missing[0]!)} and ${missing.length - 1} more were missing; ` +
      'compiling everything again',
  );
  rmSync(path.join(DIST, '.tsbuildinfo'), { force: true });
  const tsc = path.join(ROOT, 'node_modules/typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json')], {
    stdio: 'inherit',
  });
}

/** The TypeScript sources below a folder (declaration files have no compiled module). */
function sourcesIn(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter(
      (entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'),
    )
    .map((entry) => path.join(entry.parentPath, entry.name));
}
