/**
 * Where a module that is loaded by name at run time (a worker thread's module,
 * one imported only when needed) sits: beside the module asking, with its
 * extension, since the repository runs `.ts` files (Node strips the types) and
 * the published package their compiled `.js` (build/).
 */
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The URL of the module at `path` (relative, without extension) from `base`, with `base`'s own extension.
 *
 * @param base the asking module's `import.meta.url`
 */
export function siblingModule(path: string, base: string): URL {
  return new URL(`${path}${extname(fileURLToPath(base))}`, base);
}
