/**
 * Bundles the command line for the published package: `build/cli/bin.js` and the
 * parse worker beside it, `build/cli/parse-worker.js`, each one file with its
 * dependencies inside.
 *
 * Why: unbundled, every run resolves, reads and compiles the hundreds of modules
 * of the rules and their dependencies before it checks anything, and each worker
 * thread again. Bundled, a run starts in a fraction of that. The Markdown parser
 * (satteri, a native addon) stays outside: it is loaded from node_modules. The library entries
 * (`build/index.js`, `build/astro/`) stay unbundled: Astro and Vite load them.
 *
 * The worker sits beside the bundle because the pool finds it next to its own
 * module (src/lib/node/parse-pool.ts), which in the bundle is `bin.js`. esbuild
 * is a devDependency of its own, at the version Astro's lock entry has: this
 * script imports it, so it must not depend on Astro keeping it (package.json's
 * `allowScripts` lets its install script run).
 */
import { build } from 'esbuild';
import { join } from 'node:path';

/**
 * Bundles `source/cli/bin.ts` and the parse worker into `outdir`.
 *
 * @param source the `src/` folder
 * @param outdir the folder of the bundles (`build/cli`)
 */
export async function bundleCli(source: string, outdir: string): Promise<void> {
  await build({
    entryPoints: { bin: join(source, 'cli', 'bin.ts'), 'parse-worker': join(source, 'lib', 'node', 'parse-worker.ts') },
    outdir,
    bundle: true,
    // Whitespace and syntax minified, names kept (a stack trace under HINDSIGHT_DEBUG=1 still names its functions): a
    // quarter less source for V8 to read on every run, and a cold check of 1,000 reports about 4 % faster. Shorter
    // names gained nothing more.
    minifyWhitespace: true,
    minifySyntax: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    logLevel: 'warning',
    // The Markdown parser is a native addon that picks its binary for the platform at run time: loaded from node_modules.
    external: ['satteri'],
    // Dependencies bundled from their CommonJS build (yaml) call `require`, which an ES module does not have.
    banner: { js: "import { createRequire as __hindsightCreateRequire } from 'node:module'; const require = __hindsightCreateRequire(import.meta.url);" },
  });
}
