#!/usr/bin/env node
/**
 * The built command under its module name, `packet.js` (the build copies this file there): for a
 * caller that imports `main` to run the command in-process (the demo, the tests), or that runs
 * this name. It loads the CommonJS launcher beside it, `packet.cjs` (launch.cts), which starts
 * faster and is the command `npm run validate` and the package's bin run.
 */
import { createRequire } from 'node:module';
import type { main as runPacket, runCommand as runWhole } from './packet.js';
import { runsAsEntry } from './run-as-entry.js';

const launcher = createRequire(import.meta.url)('./packet.cjs') as {
  main: typeof runPacket;
  runCommand: typeof runWhole;
};

export const main = launcher.main;

if (runsAsEntry(import.meta.url)) void launcher.runCommand();
