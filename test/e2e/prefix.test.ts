/**
 * The integration's options on a real build: a route prefix puts every page, link
 * and the search index below `/incidents/`, and a replacement footer is used on
 * every page (test/fixtures/prefix).
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { buildProject, copyProject, projectRoot } from './project.ts';

const id = '2022-09-07-utoronto-hub-login-500';
let dist = '';

beforeAll(async () => {
  const root = await copyProject({ overlay: join(projectRoot, 'test/fixtures/prefix') });
  await buildProject(root);
  dist = join(root, 'dist');
});

const read = (path: string) => readFile(join(dist, path), 'utf8');

describe('hindsight({ prefix, title, components })', () => {
  test('pages, links and the search index live below the prefix', async () => {
    const index = await read('incidents/index.html');
    expect(index).toContain('Acme incidents');
    expect(index).toContain(`href="/incidents/postmortems/${id}/"`);
    await expect(stat(join(dist, `incidents/postmortems/${id}/index.html`))).resolves.toBeTruthy();
    await expect(stat(join(dist, 'incidents/pagefind/pagefind.js'))).resolves.toBeTruthy();
    expect(JSON.parse(await read('incidents/pagefind/pagefind-entry.json'))).toMatchObject({ languages: { en: { page_count: expect.any(Number) } } });
    await expect(stat(join(dist, 'postmortems'))).rejects.toThrow();
    // No link of Hindsight's points outside the prefix, except Astro's shared assets (`/_astro/`).
    const hrefs = [...index.matchAll(/href="(\/[^"]*)"/g)].map((match) => match[1]!);
    expect(hrefs.length).toBeGreaterThan(10);
    expect(hrefs.filter((href) => !href.startsWith('/incidents/') && !href.startsWith('/_astro/'))).toEqual([]);
  });

  test('the project’s footer replaces Hindsight’s on every page', async () => {
    for (const page of ['incidents/index.html', `incidents/postmortems/${id}/index.html`, 'incidents/stats/index.html']) {
      const html = await read(page);
      expect(html).toContain('Acme operations · Acme incidents');
    }
  });
});
