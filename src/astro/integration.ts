/**
 * The Astro integration `hindsight()`: glue between `hindsight.config.yaml`,
 * its own options and Astro. It injects every page, so a team's project holds
 * only its reports and its configuration, and `npm update` upgrades the site.
 * The logic lives in src/lib; each step here says why it is needed.
 */
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { AstroError } from 'astro/errors';
import { ConfigError } from '../lib/config-errors.ts';
import type { Config } from '../lib/config.ts';
import { joinBase } from '../lib/site/links.ts';
import { loadConfig } from '../lib/node/config.ts';
import { writeDataStoreInAscii } from './data-store.ts';
import { copyImages, imageMiddleware, publishedImageList } from './media.ts';
import { collectGarbage } from './memory.ts';
import { buildNow } from './now.ts';
import { overridableComponents, parseIntegrationOptions, type HindsightOptions } from './options.ts';
import { requestSearchIndex, writeSearchIndex } from './pagefind.ts';
import { injectedRoutes, normalizePrefix } from './routes.ts';
import { publishSettings } from './settings.ts';
import { audienceVariable, AudienceError, resolveAudience, type Audience } from '../lib/publish/audience.ts';

/** The virtual module pages import the validated configuration, the build's "now" and the project root from. */
export const virtualModuleId = 'virtual:hindsight/config';
/** The prefix of the virtual modules that stand for overridable components (`virtual:hindsight/components/Header`). */
export const componentModulePrefix = 'virtual:hindsight/components/';

/** This module's folder (`src/astro/`, or `build/astro/` in the published package): pages and components are beside it. */
const here = new URL('./', import.meta.url);
/** Pages Astro builds at a time when the project leaves `build.concurrency` at its default of 1. */
export const pageConcurrency = 4;

/**
 * Hindsight's Astro integration.
 *
 * @param options overrides of `hindsight.config.yaml` for the site, a route prefix and replacement components
 */
export default function hindsight(options: HindsightOptions = {}): AstroIntegration {
  let siteFolder = '';
  let projectRoot = '';
  let contentFolder = '';
  /** Astro's cache folder, where the content sync writes its data store. */
  let cacheDir: URL | undefined;
  return {
    name: 'hindsight',
    hooks: {
      'astro:config:setup': async ({ config: astroConfig, command, updateConfig, addWatchFile, injectRoute, logger }) => {
        const root = fileURLToPath(astroConfig.root);
        // An AstroError naming each option that is wrong (options.ts).
        const resolved = parseIntegrationOptions(options);
        let loaded;
        let audience: Audience;
        try {
          loaded = await loadConfig(root);
          // The option wins; `HINDSIGHT_AUDIENCE` lets a second CI job build the public edition from the same config.
          audience = resolveAudience(resolved.audience, process.env[audienceVariable]);
        } catch (error) {
          // The same friendly message `hindsight check` prints, without a stack trace.
          if (error instanceof ConfigError) throw new AstroError(error.message, 'Fix hindsight.config.yaml; `npx hindsight check` shows the same message.');
          if (error instanceof AudienceError)
            throw new AstroError(error.message, `Set \`${audienceVariable}=public\` in the job that builds the public edition, and leave it unset elsewhere.`);
          throw error;
        }
        // An AstroError with the expected form when the prefix is not a path (routes.ts).
        const prefix = normalizePrefix(resolved.prefix);
        const base = resolved.base ?? loaded.config.site.base;
        // The pages build every link from `site.base`: with a prefix, Hindsight's pages live below it.
        const config: Config = {
          ...loaded.config,
          ...(resolved.content ? { content: resolved.content } : {}),
          site: { ...loaded.config.site, ...(resolved.title ? { title: resolved.title } : {}), base: prefix ? joinBase(base, `${prefix.slice(1)}/`) : base },
        };
        // The configuration's own warnings (a deprecated setting), as `hindsight check` prints them.
        for (const warning of loaded.warnings) logger.warn(warning);
        if (command === 'build' && !config.site.url && !astroConfig.site) {
          logger.warn(
            '`site.url` is not set in hindsight.config.yaml: /rss.xml links to http://localhost:4321 (astro preview) instead of the published address.',
          );
        }
        // A change to the config restarts the dev server, so `base` and the pages follow it.
        if (loaded.file) addWatchFile(new URL(loaded.file, astroConfig.root));
        // Fixed once per build, so the loader's checks and every page agree on "today".
        const now = buildNow().toISOString();
        // The loader reads the audience here: with `public` it stores the public edition alone (src/lib/publish/edition.ts).
        publishSettings({ config, now, audience });
        if (audience === 'public')
          logger.info('Building the public edition: only `visibility: public` reports, without authors, owners and internal sections.');
        siteFolder = prefix.slice(1);
        projectRoot = root;
        contentFolder = config.content;

        for (const route of injectedRoutes(new URL('../routes/', here), prefix)) injectRoute({ ...route, prerender: true });
        // A build's sync hands the stored reports to the search index, written while the pages are rendered (pagefind.ts).
        requestSearchIndex(command === 'build' ? root : undefined);

        const components = componentPaths(root, resolved.components ?? {});
        updateConfig({
          // `site.base` serves the site under a path (GitHub Pages project sites).
          base,
          // `site.url` makes RSS and canonical links absolute.
          ...(config.site.url ? { site: config.site.url } : {}),
          // Links end in `/` and pages are `<route>/index.html`, which any static host serves.
          trailingSlash: 'always',
          // Several pages at a time: Astro writes each page to disk before the next at its default of 1, and
          // the build then waits on the disk for about half the time it spends on pages (`npm run bench`).
          // Every page reads the same prepared site (getSite), so they do not compete. A project's own value wins.
          build: { format: 'directory', ...(astroConfig.build.concurrency === 1 ? { concurrency: pageConcurrency } : {}) },
          // The site ships no client framework; the dev toolbar would add scripts to every page.
          devToolbar: { enabled: false },
          vite: {
            plugins: [
              {
                name: 'hindsight:virtual-modules',
                resolveId(id: string) {
                  if (id === virtualModuleId) return `\0${virtualModuleId}`;
                  // A component import resolves to the project's replacement, or to Hindsight's own.
                  if (id.startsWith(componentModulePrefix)) return components.get(id.slice(componentModulePrefix.length));
                  return undefined;
                },
                load(id: string) {
                  if (id !== `\0${virtualModuleId}`) return undefined;
                  return `export default ${JSON.stringify(config)};\nexport const now = ${JSON.stringify(now)};\nexport const root = ${JSON.stringify(root)};\n`;
                },
                // In dev, the images reports show from their folder are served where the build will copy them.
                configureServer(server: { middlewares: { use(handler: ReturnType<typeof imageMiddleware>): void } }) {
                  server.middlewares.use(imageMiddleware(root, config.content, config.site.base));
                },
              },
            ],
          },
        });
      },
      'astro:config:done': ({ config: astroConfig }) => {
        cacheDir = astroConfig.cacheDir;
      },
      'astro:build:start': async () => {
        // The sync has written the data store: in ASCII it is bundled and compiled several times faster (data-store.ts).
        if (cacheDir) await writeDataStoreInAscii(cacheDir);
        // What the sync and Astro's data store left behind goes before the bundling starts (memory.ts).
        collectGarbage();
      },
      'astro:build:done': async ({ dir, logger }) => {
        // Hindsight's pages: with a prefix, those below it.
        const folder = join(fileURLToPath(dir), siteFolder);
        // Images reports show from their own folder, as the last sync found them (see media.ts).
        const images = await copyImages(projectRoot, contentFolder, publishedImageList(), folder, (message) => logger.warn(message));
        if (images > 0) logger.info(`${images} report ${images === 1 ? 'image' : 'images'} copied`);
        // Written during the build from the stored reports (pagefind.ts); an AstroError with Pagefind's own messages when it failed.
        const pages = await writeSearchIndex(folder);
        logger.info(`Search index: ${pages} ${pages === 1 ? 'page' : 'pages'} indexed`);
      },
    },
  };
}

/**
 * Each overridable component's file: the project's replacement when one is given, else Hindsight's own.
 *
 * @throws {AstroError} when a replacement is named that Hindsight does not have
 */
function componentPaths(root: string, overrides: Partial<Record<string, string | undefined>>): Map<string, string> {
  const paths = new Map<string, string>();
  for (const name of overridableComponents) {
    const override = overrides[name];
    paths.set(name, override ? (isAbsolute(override) ? override : resolve(root, override)) : fileURLToPath(new URL(`../components/${name}.astro`, here)));
  }
  return paths;
}
