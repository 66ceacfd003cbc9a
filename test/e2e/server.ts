/**
 * A small static file server for a built site: serves `dist/` under the site's
 * base path on 127.0.0.1, like GitHub Pages would (directories → `index.html`,
 * unknown paths → `404.html` with status 404).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
  '.ico': 'image/x-icon',
};

/** A running server. */
export interface StaticServer {
  /** `http://127.0.0.1:<port>` (no base path). */
  origin: string;
  close(): Promise<void>;
}

async function fileAt(path: string): Promise<string | undefined> {
  try {
    const info = await stat(path);
    if (info.isFile()) return path;
    if (info.isDirectory()) {
      const index = join(path, 'index.html');
      if ((await stat(index)).isFile()) return index;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/**
 * Serves `root` under `base` (e.g. `/hindsight/`).
 */
export async function serveStatic(root: string, base = '/'): Promise<StaticServer> {
  const prefix = base.endsWith('/') ? base : `${base}/`;
  const server: Server = createServer(async (request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    let file: string | undefined;
    if (pathname.startsWith(prefix) || `${pathname}/` === prefix) {
      const relative = normalize(pathname.slice(prefix.length) || '.');
      if (!relative.startsWith('..') && !relative.includes(`${sep}..`)) file = await fileAt(join(root, relative));
      // `/x` for a folder: redirect to `/x/`, as static hosts do.
      if (file && file.endsWith(`${sep}index.html`) && !pathname.endsWith('/')) {
        response.writeHead(301, { location: `${pathname}/` }).end();
        return;
      }
    }
    const status = file ? 200 : 404;
    file ??= await fileAt(join(root, '404.html'));
    if (!file) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    response.writeHead(status, { 'content-type': contentTypes[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
