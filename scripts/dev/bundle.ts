/**
 * Run after the compile: bundles the `packet` command (and its worker) into a few files that
 * replace the compiled entry points in dist/. Starting Node dominates a pull request's run, and
 * loading some sixty modules one by one cost a third as much again; one file loads in a fraction
 * of that.
 *
 * The command becomes a CommonJS script, `packet.bundle.cjs`, that its launcher (launch.cts,
 * copied to `packet.cjs`) runs through V8's code cache: Node 20 caches no module's code. Each
 * joined module still sees its own place in dist/ as `import.meta.url`, so the precompiled
 * schemas, the worker and the build information are found where the compile put them.
 */
import { copyFile, readdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
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
  /** A script for the launcher, rather than a module. */
  script?: boolean;
}

const BUNDLES: Bundle[] = [
  {
    entries: ['scripts/cli/packet.ts'],
    outdir: 'scripts/cli',
    entryNames: '[name].bundle',
    script: true,
  },
  { entries: ['scripts/cli/validate-worker.ts'], outdir: 'scripts/cli' },
  // The benchmark's floor loads the validator both ways: as compiled modules, and bundled the
  // way the command ships it.
  { entries: ['bench/load-validator.ts'], outdir: 'bench', entryNames: '[name].bundled' },
];

const CLI = path.join(DIST, 'scripts/cli');

/** The one subcommand joined into the command's bundle: the others load as compiled. */
const BUNDLED_SUBCOMMAND = './validate.js';

/** What a script calls instead of `import()`, which a script cannot do: see launch.cts. */
const LAUNCHER_IMPORT = '__packetImport';

/**
 * The packages every check of a packet uses: exact decimals, and the helpers the precompiled
 * packet schema requires. Small, and loaded on each run, so a script carries them.
 */
const JOINED_PACKAGES = ['big.js', 'ajv-formats/dist/formats', 'ajv/dist/runtime/ucs2length'];

/** The module that loads precompiled validators, and the line a script bundle replaces there. */
const COMPILED_SCHEMA = path.join(ROOT, 'scripts/core/compiled-schema.ts');
const LOAD_PRECOMPILED = 'return load(precompiledPath(spec));';

// The training run (train-code-cache.ts) makes the code cache for this build's bundle.
await rm(path.join(CLI, 'packet.code-cache'), { force: true });
for (const bundle of BUNDLES) await bundleOne(bundle);
// The launcher is the command (its bin); packet.js serves a caller that imports the command.
await copyFile(path.join(CLI, 'launch.cjs'), path.join(CLI, 'packet.cjs'));
await copyFile(path.join(CLI, 'launch-module.js'), path.join(CLI, 'packet.js'));
await mustBeAscii(path.join(CLI, 'packet.bundle.cjs'));

async function bundleOne({ entries, outdir, entryNames, script = false }: Bundle): Promise<void> {
  const out = path.join(DIST, outdir);

  await build({
    entryPoints: entries.map((entry) => path.join(ROOT, entry)),
    outdir: out,
    ...(entryNames === undefined ? {} : { entryNames }),
    ...(script ? { outExtension: { '.js': '.cjs' } } : {}),
    bundle: true,
    format: script ? 'cjs' : 'esm',
    // A script cannot import(): what is left to load on demand (Node's own modules, once the
    // subcommands go through the launcher) is required instead.
    ...(script ? { supported: { 'dynamic-import': false } } : {}),
    platform: 'node',
    target: 'node20',
    // Packages stay where npm put them, loaded when first imported as before; the few a script
    // runs on every check are joined in (below), so that they are in its code cache too.
    packages: 'external',
    logLevel: 'warning',
    plugins: [
      keepCompiled(out),
      keepModuleUrls(out, script),
      ...(script ? [joinPackages(JOINED_PACKAGES)] : []),
    ],
  });
}

/**
 * Leaves out of the bundle what must stay a module of its own: the other subcommands, since
 * joining them would load every package they use on every run.
 */
function keepCompiled(outdir: string): Plugin {
  const packet = path.join(ROOT, 'scripts/cli/packet.ts');

  return {
    name: 'keep-compiled',
    setup(builder) {
      builder.onResolve({ filter: /^\./ }, (args) => {
        const source = path.resolve(args.resolveDir, args.path).replace(/\.js$/, '.ts');
        const subcommand = args.importer === packet && args.kind === 'dynamic-import';
        if (!subcommand || args.path === BUNDLED_SUBCOMMAND) return undefined;

        return { path: relativeUrl(outdir, distPathOf(source)), external: true };
      });
    },
  };
}

/** Bundles the named packages from where npm put them, rather than leaving them external. */
function joinPackages(names: readonly string[]): Plugin {
  const resolveFromRoot = createRequire(path.join(ROOT, 'package.json'));
  const filter = new RegExp(
    `^(?:${names.map((name) => name.replace(/[.\\/]/g, '\\$&')).join('|')})$`,
  );

  return {
    name: 'join-packages',
    setup(builder) {
      builder.onResolve({ filter }, (args) => ({ path: resolveFromRoot.resolve(args.path) }));
    },
  };
}

/**
 * Rewrites `import.meta.url` in each source module to the URL its compiled file has in dist/,
 * expressed relative to the bundle (every output of one bundle sits in the same folder). In a
 * script, the entry's own URL is the bundle's: the launcher, not a check of `process.argv`, runs
 * it. A script also joins in the precompiled schema validators, so that they are cached too.
 */
function keepModuleUrls(outdir: string, script: boolean): Plugin {
  const bundleUrl = script
    ? 'require("node:url").pathToFileURL(__filename).href'
    : 'import.meta.url';
  const entry = path.join(ROOT, 'scripts/cli/packet.ts');

  return {
    name: 'keep-module-urls',
    setup(builder) {
      builder.onLoad({ filter: /\.ts$/ }, async (args) => {
        let source = await readFile(args.path, 'utf8');
        if (script && args.path === COMPILED_SCHEMA) source = await joinValidators(source);
        if (script && args.path === entry) source = importThroughLauncher(source);

        const relative = relativeUrl(outdir, distPathOf(args.path));
        const url =
          script && args.path === entry
            ? bundleUrl
            : `new URL(${JSON.stringify(relative)}, ${bundleUrl}).href`;
        const contents = source.replaceAll('import.meta.url', url);
        return { contents, loader: 'ts' };
      });
    },
  };
}

/**
 * Has the entry load the other subcommands through the importer its launcher hands it: a script
 * run by V8 has no `import()` of its own, and `require()` of a module needs a newer Node than 20.
 */
function importThroughLauncher(source: string): string {
  const subcommand = /\bimport\((['"])(\.\/[\w-]+\.js)\1\)/g;
  const handed = source.replace(subcommand, (whole, _quote: string, specifier: string) =>
    specifier === BUNDLED_SUBCOMMAND ? whole : `${LAUNCHER_IMPORT}(${JSON.stringify(specifier)})`,
  );
  const left = [...handed.matchAll(/\bimport\(/g)].length;
  if (handed === source || left !== 1) {
    throw new Error(
      `bundle: scripts/cli/packet.ts should import() ${BUNDLED_SUBCOMMAND} and the other ` +
        `subcommands by literal './name.js'; update importThroughLauncher in scripts/dev/bundle.ts`,
    );
  }
  return handed;
}

/**
 * Has `loadPrecompiled` require each validator the build precompiled by its literal path, which
 * the bundler then joins in; any other spec is still loaded from its file.
 */
async function joinValidators(source: string): Promise<string> {
  if (!source.includes(LOAD_PRECOMPILED)) {
    throw new Error(
      `bundle: ${path.relative(ROOT, COMPILED_SCHEMA)} no longer holds the line ` +
        `"${LOAD_PRECOMPILED}" that the bundle replaces; update scripts/dev/bundle.ts`,
    );
  }
  const folder = path.join(path.dirname(distPathOf(COMPILED_SCHEMA)), 'compiled-schemas');
  const names = (await readdir(folder)).filter((name) => name.endsWith('.validator.cjs')).sort();
  const cases = names.map(
    (name) =>
      `${JSON.stringify(name.replace('.validator.cjs', ''))}: () => ` +
      `require(${JSON.stringify(path.join(folder, name))})`,
  );
  const joined = `return ({ ${cases.join(', ')} })[spec.name]?.() ?? load(precompiledPath(spec));`;
  return source.replace(LOAD_PRECOMPILED, joined);
}

/**
 * The launcher reads the script as Latin-1, its fastest text decoding: a character past ASCII
 * would be misread. esbuild escapes them, except in regular expression literals.
 */
async function mustBeAscii(file: string): Promise<void> {
  const bytes = await readFile(file);
  const at = bytes.findIndex((byte) => byte > 0x7f);
  if (at === -1) return;

  const line = bytes.subarray(0, at).toString('latin1').split('\n').length;
  throw new Error(
    `bundle: ${path.relative(ROOT, file)} line ${line} holds a character past ASCII, which the ` +
      'launcher would misread; write it as a \\u escape in the source',
  );
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
