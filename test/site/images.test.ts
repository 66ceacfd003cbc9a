/**
 * src/lib/site/images.ts and src/astro/media.ts: images a report shows from its
 * own folder are published under `media/`, only from inside the content folder
 * and only with an image extension; the copy checks each file again.
 */
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkedImage, copyImages } from '../../src/astro/media.ts';
import { report } from '../../src/lib/rules/examples.ts';
import { renderBody } from '../../src/lib/site/body.ts';
import { corpusImages, imageReferences, localImage, normalizePath, resolveImage } from '../../src/lib/site/images.ts';
import { makeConfig, makeProject, parseFiles } from '../helpers.ts';

describe('which images a report publishes', () => {
  const resolve = (url: string, reportPath = 'postmortems/2024-03-01-api-down.md', content = 'postmortems') => resolveImage(url, reportPath, content);

  test('relative images in the content folder, under media/ with the same path', () => {
    expect(resolve('./images/graph.png')).toEqual({ source: 'postmortems/images/graph.png', published: 'media/images/graph.png' });
    expect(resolve('images/Graph%20one.JPG')).toEqual({ source: 'postmortems/images/Graph one.JPG', published: 'media/images/Graph%20one.JPG' });
    expect(resolve('../shared/x.webp', 'postmortems/2024/a.md')).toEqual({ source: 'postmortems/shared/x.webp', published: 'media/shared/x.webp' });
    expect(resolve('./graph.png?v=2#top')).toEqual({ source: 'postmortems/graph.png', published: 'media/graph.png' });
    expect(resolve('./a.png', 'docs/postmortems/x.md', './docs/postmortems/')).toEqual({ source: 'docs/postmortems/a.png', published: 'media/a.png' });
  });

  test('nothing outside the content folder, no other extension, no URL, no SVG', () => {
    for (const url of [
      '../secret.png',
      '../../.env',
      '../../etc/passwd.png',
      './notes.md',
      './x.svg',
      './script.js',
      'https://example.com/a.png',
      '//cdn.example.com/a.png',
      '/images/a.png',
      'data:image/png;base64,AAAA',
      'javascript:alert(1)//.png',
      '.\\\\x.png',
      '',
    ]) {
      expect(resolve(url), url).toBeUndefined();
    }
    expect(normalizePath('a/./b/../c')).toBe('a/c');
    expect(normalizePath('../a')).toBeUndefined();
  });

  test('what the site makes of each relative image, as the `image` rule reports it', () => {
    const local = (url: string, reportPath = 'postmortems/2024-03-01-api-down.md') => localImage(url, reportPath, 'postmortems');
    expect(local('./images/graph.png')).toEqual({ kind: 'published', source: 'postmortems/images/graph.png', published: 'media/images/graph.png' });
    expect(local('../postmortems/graph.png')).toEqual({ kind: 'published', source: 'postmortems/graph.png', published: 'media/graph.png' });
    for (const url of ['../secret.png', '../../.env', '../../../x.png']) expect(local(url), url).toEqual({ kind: 'outside' });
    expect(local('./x.svg')).toEqual({ kind: 'unpublished-type', source: 'postmortems/x.svg' });
    expect(local('./notes.md')).toEqual({ kind: 'unpublished-type', source: 'postmortems/notes.md' });
    for (const url of ['https://example.com/a.png', '//cdn.example.com/a.png', '/images/a.png', 'data:image/png;base64,AAAA', '.\\\\x.png', '', '#top', './']) {
      expect(local(url), url).toBeUndefined();
    }
    expect(localImage('./a.png', 'x.md', '../elsewhere')).toBeUndefined();
  });

  test('Markdown images and image reference definitions, with their place; the tree is rewritten in a copy', () => {
    const text = report({
      body: '# T\n\n## Overview\n\n![graph](./images/graph.png) and ![logo][l] and ![far](https://example.com/x.png)\n\n[l]: ./logo.gif\n[unused]: ./unused.png\n',
    });
    const config = makeConfig();
    const [parsed] = parseFiles({ 'postmortems/2024-03-01-api-down.md': text }, config);
    const found = imageReferences(parsed!.tree, parsed!.path, 'postmortems');
    expect(found.map((image) => [image.url, image.line, image.published])).toEqual([
      ['./images/graph.png', 16, 'media/images/graph.png'],
      ['./logo.gif', 18, 'media/logo.gif'],
    ]);
    const html = renderBody(parsed!, { config: makeConfig({ site: { base: '/docs/' } }) })
      .map((part) => ('html' in part ? part.html : ''))
      .join('');
    expect(html).toContain('<img src="/docs/media/images/graph.png" alt="graph">');
    expect(html).toContain('<img src="/docs/media/logo.gif" alt="logo">');
    expect(html).toContain('<img src="https://example.com/x.png" alt="far">');
    // The parsed tree still says what the file says.
    expect(JSON.stringify(parsed!.tree)).toContain('./images/graph.png');
    expect(corpusImages([parsed!, { ...parsed!, data: undefined, path: 'postmortems/other.md' }], 'postmortems')).toEqual([
      { source: 'postmortems/images/graph.png', published: 'media/images/graph.png' },
      { source: 'postmortems/logo.gif', published: 'media/logo.gif' },
    ]);
  });
});

describe('copying them into the built site', () => {
  test('copies each file under media/, and refuses a symlink leading out of the content folder or a missing file', async () => {
    const root = await makeProject({ 'postmortems/images/graph.png': 'PNG', 'outside.png': 'SECRET' });
    await symlink(join(root, 'outside.png'), join(root, 'postmortems/images/escape.png'));
    await mkdir(join(root, 'postmortems/images/folder.png'));
    const out = join(root, 'dist');
    const warnings: string[] = [];
    const images = [
      { source: 'postmortems/images/graph.png', published: 'media/images/graph.png' },
      { source: 'postmortems/images/escape.png', published: 'media/images/escape.png' },
      { source: 'postmortems/images/missing.png', published: 'media/images/missing.png' },
      { source: 'postmortems/images/folder.png', published: 'media/images/folder.png' },
    ];
    expect(await copyImages(root, 'postmortems', images, out, (message) => warnings.push(message))).toBe(1);
    expect(await readFile(join(out, 'media/images/graph.png'), 'utf8')).toBe('PNG');
    expect(warnings).toEqual([
      'postmortems/images/escape.png: not published, it leads outside the content folder',
      'postmortems/images/missing.png: not published, it does not exist',
      'postmortems/images/folder.png: not published, it is not a file',
    ]);
    await writeFile(join(root, 'postmortems/notes.txt'), 'x');
    expect(await checkedImage(root, 'postmortems', 'postmortems/notes.txt')).toEqual({ problem: 'is not an image' });
  });
});
