#!/usr/bin/env node
// The published package runs the compiled build/ (Node does not strip types under
// node_modules); a clone of the repository, which has the sources, runs src/ with
// Node's type stripping (Node >= 22.18; the project pins Node 24).
import { existsSync } from 'node:fs';

const sources = new URL('../src/cli/bin.ts', import.meta.url);
await import(existsSync(sources) ? sources.href : new URL('../build/cli/bin.js', import.meta.url).href);
