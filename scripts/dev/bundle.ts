/**
 * Run after the compile: bundles the `packet` command (and its worker) into a few files that
 * replace the compiled entry points in dist/. Starting Node dominates a pull request's run, and
 * loading some sixty modules one by one cost a third as much again; one file loads in a fraction
 * of that.
 *
 * Each module still sees its own place in dist/ as `import.meta.url`, so the precompiled schemas,
 * the worker and the build information are found where the compile put them.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';
import { codeRootOf } from './code-root.js';

const ROOT = codeRootOf(import.meta.url);
const DIST = path.join(ROOT, 'dist');

/** One bundle: its entry sources (relative to the root) and the dist/ folder it replaces in. */
interface Bundle {
  entries: string[];
  outdir: string;
  /** The output's name, when it must not replace the compiled entry (esbuild's pattern). */
  entryNames?: string;
}

const BUNDLES: Bundle[] = [
  { entries: ['scripts/cli/packet.ts', 'scripts/cli/validate-worker.ts'], outdir: 'scripts/cli' },
  // The benchmark's floor loads the validator both ways: as compiled modules, and bundled the
  // way the command ships it.
  { entries: ['bench/load-validator.ts'], outdir: 'bench', entryNames: '[name].bundled' },
];

/** The one subcommand joined into the command's bundle: the others load as compiled. */
const BUNDLED_SUBCOMMAND = './validate.js';

/**
 * Modules whose identity the bundle shares with the compiled subcommands: `packet` tells a
 * usage error from a bug by its class, wherever it was thrown.
 */
const SHARED = new Set(['scripts/core/errors.ts']);

for (const bundle of BUNDLES) await bundleOne(bundle);

async function bundleOne({ entries, outdir, entryNames }: Bundle): Promise<void> {
  const out = path.join(DIST, outdir);

  await build({
    entryPoints: entries.map((entry) => path.join(ROOT, entry)),
    outdir: out,
    ...(entryNames === undefined ? {} : { entryNames }),
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Packages stay where npm put them, loaded when first imported as before.
    packages: 'external',
    logLevel: 'warning',
    plugins: [keepCompiled(out), keepModuleUrls(out)],
  });
}

/**
 * Leaves out of the bundle what must stay a module of its own: the other subcommands (joining
 * them would load every package they use on every run) and the shared modules.
 */
function keepCompiled(outdir: string): Plugin {
  const packet = path.join(ROOT, 'scripts/cli/packet.ts');

  return {
    name: 'keep-compiled',
    setup(builder) {
      builder.onResolve({ filter: /^\./ }, (args) => {
        const source = path.resolve(args.resolveDir, args.path).replace(/\.js$/, '.ts');
        const subcommand = args.importer === packet && args.kind === 'dynamic-import';
        const shared = SHARED.has(path.relative(ROOT, source).split(path.sep).join('/'));
        if (!(subcommand && args.path !== BUNDLED_SUBCOMMAND) && !shared) return undefined;

        return { path: relativeUrl(outdir, distPathOf(source)), external: true };
      });
    },
  };
}

/**
 * Rewrites `import.meta.url` in each source module to the URL its compiled file has in dist/,
 * expressed relative to the bundle (every output of one bundle sits in the same folder).
 */
function keepModuleUrls(outdir: string): Plugin {
  return {
    name: 'keep-module-urls',
    setup(builder) {
      builder.onLoad({ filter: /\.ts$/ }, async (args) => {
        const source = await readFile(args.path, 'utf8');
        const relative = relativeUrl(outdir, distPathOf(args.path));
        const url = `new URL(${JSON.stringify(relative)}, import.meta.url).href`;
        return { contents: source.replaceAll('import.meta.url', url), loader: 'ts' };
      });
    },
  };
}

/** Where the compile puts a source module. */
function distPathOf(source: string): string {
  return path.join(DIST, path.relative(ROOT, source)).replace(/\.ts$/, '.js');
}

/** A relative module specifier from a bundle in `outdir` to `file`. */
function relativeUrl(outdir: string, file: string): string {
  const relative = path.relative(outdir, file).split(path.sep).join('/');
  return relative.startsWith('.') ? relative : `./${relative}`;
}
