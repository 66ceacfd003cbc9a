#!/usr/bin/env node
// The published package runs the compiled build/ (Node does not strip types under
// node_modules); a clone of the repository, which has the sources, runs src/ with
// Node's type stripping (Node >= 22.18; the project pins Node 24).
//
// Written for any Node: an older one gets a sentence saying what to do, not a
// SyntaxError from a module it cannot load.
import { existsSync } from 'node:fs';
import * as nodeModule from 'node:module';

const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(
    `hindsight: Unexpected Node.js ${process.versions.node}, expected 22.12 or later. Install a newer Node.js, ` +
      'or pin one for npm scripts and npx with `npm i -D node@24`.\n',
  );
  process.exit(2);
}

// Node's on-disk cache of compiled code (and of the sources with their types stripped): without it, every run
// compiles the few hundred modules of the parser again, which is most of a short run (NODE_DISABLE_COMPILE_CACHE=1 turns it off).
nodeModule.enableCompileCache?.();

const sources = new URL('../src/cli/bin.ts', import.meta.url);
await import(existsSync(sources) ? sources.href : new URL('../build/cli/bin.js', import.meta.url).href);
