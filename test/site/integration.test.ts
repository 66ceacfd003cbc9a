/**
 * src/astro/integration.ts through its `astro:config:setup` hook, with a stand-in
 * for Astro's hook context: every page is injected (the project holds none),
 * options are validated, a prefix moves Hindsight's pages and links below it,
 * and components resolve to the project's replacements.
 */
import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { AstroError } from 'astro/errors';
import { afterEach, describe, expect, test } from 'vitest';
import hindsight, { componentModulePrefix, pageConcurrency, virtualModuleId } from '../../src/astro/integration.ts';
import { indexReports, writeSearchIndex } from '../../src/astro/pagefind.ts';
import { publishedSettings, publishSettings, type HindsightSettings } from '../../src/astro/settings.ts';
import { makeProject } from '../helpers.ts';

const routesFolder = fileURLToPath(new URL('../../src/routes/', import.meta.url));

interface Plugin {
  resolveId(id: string): string | undefined;
  load(id: string): string | undefined;
}

/** Runs the setup hook and records what the integration asked Astro for. */
async function setup(options: Parameters<typeof hindsight>[0], files: Record<string, string> = {}, { concurrency = 1, command = 'build' } = {}) {
  const root = await makeProject(files);
  const routes: { pattern: string; entrypoint: string | URL; prerender?: boolean }[] = [];
  const updates: Record<string, unknown>[] = [];
  const warnings: string[] = [];
  const integration = hindsight(options);
  const hook = integration.hooks['astro:config:setup'] as unknown as (context: unknown) => Promise<void>;
  await hook({
    // Astro's own default for `build.concurrency` is 1.
    config: { root: pathToFileURL(`${root}/`), build: { concurrency } },
    command,
    updateConfig: (update: Record<string, unknown>) => void updates.push(update),
    addWatchFile: () => {},
    injectRoute: (route: (typeof routes)[number]) => void routes.push(route),
    logger: { warn: (message: string) => warnings.push(message), info: () => {} },
  });
  const update = updates[0] as { base: string; build: { format: string; concurrency?: number }; vite: { plugins: Plugin[] } };
  return { root, routes, update, plugin: update.vite.plugins[0]!, warnings, settings: publishedSettings() as HindsightSettings };
}

async function filesBelow(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => relative(folder, join(entry.parentPath, entry.name)));
}

describe('hindsight()', () => {
  // The settings live on globalThis for the loader: leave none behind for other tests.
  afterEach(() => publishSettings(undefined as unknown as HindsightSettings));

  test('injects every page and endpoint in src/routes, once, prerendered', async () => {
    const { routes } = await setup({});
    const injected = routes.map((route) => relative(routesFolder, String(route.entrypoint))).sort();
    expect(injected).toEqual((await filesBelow(routesFolder)).sort());
    // Long lists are pages (`/`, `/page/2/`…), so their routes end in a rest parameter.
    expect(routes.map((route) => route.pattern)).toEqual(
      expect.arrayContaining([
        '/[...page]',
        '/postmortems/[id]',
        '/services/[name]/[...page]',
        '/actions/[...filter]',
        '/recurring/[...page]',
        '/rss.xml',
        '/calendar.ics',
        '/404',
      ]),
    );
    expect(routes.every((route) => route.prerender === true)).toBe(true);
  });

  test("asks for a search index in a build, which the loader's sync fills; `astro sync` and the dev server get none", async () => {
    const documents = (indexed: string[]) =>
      (function* () {
        indexed.push('read');
        yield { url: '/postmortems/2024-03-01-api/', html: '<html lang="en"><body data-pagefind-body><h1>API down</h1></body></html>' };
      })();
    for (const command of ['dev', 'sync']) {
      await setup({}, {}, { command });
      const indexed: string[] = [];
      indexReports(documents(indexed));
      expect(indexed, command).toEqual([]);
    }
    const { root } = await setup({});
    const indexed: string[] = [];
    indexReports(documents(indexed));
    expect(indexed).toEqual(['read']);
    expect(await writeSearchIndex(join(root, 'dist'))).toBe(1);
  });

  test("builds several pages at a time, unless the project set Astro's `build.concurrency` itself", async () => {
    expect((await setup({})).update.build).toEqual({ format: 'directory', concurrency: pageConcurrency });
    expect(pageConcurrency).toBeGreaterThan(1);
    expect((await setup({}, {}, { concurrency: 2 })).update.build).toEqual({ format: 'directory' });
  });

  test('a prefix moves every page and link below it, and leaves the 404 page to the site', async () => {
    const { routes, update, settings } = await setup({ prefix: '/incidents/' }, { 'hindsight.config.yaml': 'site:\n  base: /docs/\n' });
    expect(routes.every((route) => route.pattern.startsWith('/incidents'))).toBe(true);
    expect(routes.map((route) => route.pattern)).toContain('/incidents/postmortems/[id]');
    expect(routes.some((route) => route.pattern.endsWith('404'))).toBe(false);
    // Astro serves the whole site under the base; Hindsight's links add the prefix.
    expect(update.base).toBe('/docs/');
    expect(settings.config.site.base).toBe('/docs/incidents/');
  });

  test('options override hindsight.config.yaml for the site', async () => {
    const { settings, update } = await setup(
      { content: 'docs/postmortems', title: 'Incidents', base: '/ops/' },
      { 'hindsight.config.yaml': 'site:\n  title: Postmortems\n' },
    );
    expect(settings.config.content).toBe('docs/postmortems');
    expect(settings.config.site.title).toBe('Incidents');
    expect(update.base).toBe('/ops/');
  });

  test('unknown or malformed options fail with an AstroError naming the option', async () => {
    for (const [options, pattern] of [
      [{ colour: 'red' }, /colour/],
      [{ base: 'docs' }, /\*\*base\*\*: a path starting with `\/`/],
      [{ prefix: '../up' }, /Unexpected route prefix `\.\.\/up`/],
      [{ components: { Sidebar: './Sidebar.astro' } }, /Sidebar/],
    ] as const) {
      const failure = await setup(options as never).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(AstroError);
      expect((failure as Error).message).toMatch(pattern);
    }
  });

  test('an invalid hindsight.config.yaml fails with the message `hindsight check` prints', async () => {
    const failure = await setup({}, { 'hindsight.config.yaml': 'severities: 3\n' }).then(
      () => undefined,
      (error: unknown) => error as Error,
    );
    expect(failure).toBeInstanceOf(AstroError);
    expect(failure?.message).toContain('severities');
  });

  test('logs the warnings of hindsight.config.yaml, as `hindsight check` prints them, and uses the setting', async () => {
    const { warnings, settings } = await setup({}, { 'hindsight.config.yaml': 'site:\n  url: https://acme.github.io\ngithub:\n  watchWindowDays: 14\n' });
    expect(warnings).toEqual([
      'hindsight.config.yaml:4:3: Unexpected deprecated setting `github.watchWindowDays`, expected `rules: { watch-expiry: { windowDays: 14 } }`: the setting moved there, and the old place still works for now',
    ]);
    expect(settings.config.rules['watch-expiry'].windowDays).toBe(14);
  });

  test('components resolve to the project’s replacement, else to Hindsight’s own', async () => {
    const { plugin, root } = await setup({ components: { Header: './src/components/OurHeader.astro' } });
    expect(plugin.resolveId(`${componentModulePrefix}Header`)).toBe(join(root, 'src/components/OurHeader.astro'));
    expect(plugin.resolveId(`${componentModulePrefix}Footer`)).toBe(fileURLToPath(new URL('../../src/components/Footer.astro', import.meta.url)));
    expect(plugin.resolveId('./elsewhere.ts')).toBeUndefined();
  });

  test('the virtual module holds the resolved configuration and the build’s "now"', async () => {
    const { plugin, settings } = await setup({ title: 'Incidents' });
    const resolved = plugin.resolveId(virtualModuleId)!;
    const source = plugin.load(resolved)!;
    expect(source).toContain('"title":"Incidents"');
    expect(source).toContain(`export const now = ${JSON.stringify(settings.now)}`);
  });
});

describe('hindsight({ audience }) and HINDSIGHT_AUDIENCE', () => {
  afterEach(() => publishSettings(undefined as unknown as HindsightSettings));

  /** Runs the setup hook with `HINDSIGHT_AUDIENCE` set to `value` (unset for `undefined`), restoring it after. */
  async function withAudienceVariable<T>(value: string | undefined, run: () => Promise<T>): Promise<T> {
    const saved = process.env.HINDSIGHT_AUDIENCE;
    if (value === undefined) delete process.env.HINDSIGHT_AUDIENCE;
    else process.env.HINDSIGHT_AUDIENCE = value;
    try {
      return await run();
    } finally {
      if (saved === undefined) delete process.env.HINDSIGHT_AUDIENCE;
      else process.env.HINDSIGHT_AUDIENCE = saved;
    }
  }
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: unknown) => error as Error,
    );

  test('the loader gets `internal` by default, the variable’s value, or the option, which wins', async () => {
    expect((await withAudienceVariable(undefined, () => setup({}))).settings.audience).toBe('internal');
    expect((await withAudienceVariable('public', () => setup({}))).settings.audience).toBe('public');
    expect((await withAudienceVariable('public', () => setup({ audience: 'internal' }))).settings.audience).toBe('internal');
    expect((await withAudienceVariable(undefined, () => setup({ audience: 'public' }))).settings.audience).toBe('public');
  });

  test('any other value stops the build with an AstroError saying what is expected', async () => {
    const option = await withAudienceVariable(undefined, () => failure(setup({ audience: 'customers' as never })));
    expect(option).toBeInstanceOf(AstroError);
    expect(option?.message).toContain('- **audience**: Unexpected `customers`, expected `public` or `internal`');
    const variable = await withAudienceVariable('pubic', () => failure(setup({ audience: 'public' })));
    expect(variable).toBeInstanceOf(AstroError);
    expect(variable?.message).toBe('Unexpected `HINDSIGHT_AUDIENCE` value `pubic`, expected `public` or `internal` (or leave it unset for `internal`)');
  });
});
