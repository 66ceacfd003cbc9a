#!/usr/bin/env node
// The published package runs the compiled build/ (Node does not strip types under
// node_modules); a clone of the repository, which has the sources, runs src/ with
// Node's type stripping (Node >= 22.18; the project pins Node 24).
import { existsSync } from 'node:fs';
import { enableCompileCache } from 'node:module';

// Node's on-disk cache of compiled code (and of the sources with their types stripped): without it, every run
// compiles the few hundred modules of the parser again, which is most of a short run (NODE_DISABLE_COMPILE_CACHE=1 turns it off).
enableCompileCache?.();

const sources = new URL('../src/cli/bin.ts', import.meta.url);
await import(existsSync(sources) ? sources.href : new URL('../build/cli/bin.js', import.meta.url).href);
