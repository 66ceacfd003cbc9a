/**
 * The Astro integration: glue between `hindsight.config.yaml` and Astro. The
 * logic lives in src/lib; each step here says why it is needed.
 */
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { ConfigError } from '../lib/config-errors.ts';
import { loadConfig } from '../lib/node/config.ts';
import { buildNow } from './now.ts';

/** The virtual module pages import the validated configuration, the build's "now" and the project root from. */
export const virtualModuleId = 'virtual:hindsight/config';
const resolvedVirtualModuleId = `\0${virtualModuleId}`;

/** Hindsight's Astro integration. */
export default function hindsight(): AstroIntegration {
  return {
    name: 'hindsight',
    hooks: {
      'astro:config:setup': async ({ config: astroConfig, command, updateConfig, addWatchFile, logger }) => {
        const root = fileURLToPath(astroConfig.root);
        let loaded;
        try {
          loaded = await loadConfig(root);
        } catch (error) {
          // The same friendly message `hindsight check` prints, without a stack trace.
          if (error instanceof ConfigError) throw new Error(`hindsight: ${error.message}`);
          throw error;
        }
        const { config, file } = loaded;
        if (command === 'build' && !config.site.url && !astroConfig.site) {
          logger.warn('`site.url` is not set in hindsight.config.yaml: /rss.xml links to http://localhost:4321 (astro preview) instead of the published address.');
        }
        // A change to the config restarts the dev server, so `base` and the pages follow it.
        if (file) addWatchFile(new URL(file, astroConfig.root));
        // Fixed once per build, so the loader's checks and every page agree on "today".
        const now = buildNow().toISOString();
        updateConfig({
          // `site.base` serves the site under a path (GitHub Pages project sites).
          base: config.site.base,
          // `site.url` makes RSS and canonical links absolute.
          ...(config.site.url ? { site: config.site.url } : {}),
          // Links end in `/` and pages are `<route>/index.html`, which any static host serves.
          trailingSlash: 'always',
          build: { format: 'directory' },
          // The site ships no client framework; the dev toolbar would add scripts to every page.
          devToolbar: { enabled: false },
          vite: {
            plugins: [
              {
                name: 'hindsight:config',
                resolveId: (id: string) => (id === virtualModuleId ? resolvedVirtualModuleId : undefined),
                load: (id: string) =>
                  id === resolvedVirtualModuleId
                    ? `export default ${JSON.stringify(config)};\nexport const now = ${JSON.stringify(now)};\nexport const root = ${JSON.stringify(root)};\n`
                    : undefined,
              },
            ],
          },
        });
      },
    },
  };
}
