#!/usr/bin/env node
// Hindsight's sources are TypeScript run by Node's built-in type stripping (Node >= 22.18, 24 pinned).
import '../src/cli/bin.ts';
