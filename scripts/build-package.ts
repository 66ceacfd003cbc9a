/**
 * Builds what the published package runs (`npm pack` runs this as `prepack`):
 * Node does not strip types under node_modules, so src/ is compiled to build/
 * with declarations, and the Astro pages, components and styles are copied
 * beside the compiled modules, their `.ts` imports pointing at the `.js` files.
 *
 * Usage: npm run build:package
 */
import { execFileSync } from 'node:child_process';
import { cp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleCli } from './bundle-cli.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'src');
const output = join(root, 'build');

/** Files tsc does not handle: Astro components and pages (their scripts included) and styles. */
const copiedExtensions = ['.astro', '.css'];

/** A relative import of a TypeScript module, in an `.astro` file's frontmatter or `<script>`. */
const relativeTypeScriptImport = /(from\s+|import\s+)(['"])(\.{1,2}\/[^'"]+)\.ts\2/g;

async function* walk(folder: string): AsyncGenerator<string> {
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else yield path;
  }
}

await rm(output, { recursive: true, force: true });
// The compiler from this project's node_modules, with the project's own Node (npm scripts put both on PATH).
execFileSync('tsc', ['-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });

let copied = 0;
for await (const path of walk(source)) {
  if (!copiedExtensions.some((extension) => path.endsWith(extension))) continue;
  const target = join(output, relative(source, path));
  if (path.endsWith('.astro')) {
    const text = await readFile(path, 'utf8');
    await cp(path, target);
    await writeFile(
      target,
      text.replace(relativeTypeScriptImport, (_match, keyword: string, quote: string, specifier: string) => `${keyword}${quote}${specifier}.js${quote}`),
    );
  } else {
    await cp(path, target);
  }
  copied++;
}
// The command line runs from one bundled file (and its parse worker): a run starts without resolving hundreds of modules.
await bundleCli(source, join(output, 'cli'));
console.log(`build/: compiled src/, copied ${copied} Astro and CSS files, bundled build/cli/bin.js and build/cli/parse-worker.js`);
