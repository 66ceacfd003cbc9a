/**
 * The two Astro files a project needs to publish its reports, as `hindsight init`
 * writes them, and the lines to add when the project already has its own.
 */

/** The module the integration and the collections come from. */
export const integrationModule = 'hindsight-postmortems/astro';

/** The names Astro looks for its configuration under, in its own order. */
export const astroConfigNames = ['astro.config.mjs', 'astro.config.js', 'astro.config.ts', 'astro.config.mts', 'astro.config.cjs'] as const;

/**
 * Where Astro reads content collections from: `src/content.config.*`, and the
 * location older projects still use, `src/content/config.*`.
 */
export const contentConfigNames = [
  'src/content.config.ts',
  'src/content.config.mts',
  'src/content.config.js',
  'src/content.config.mjs',
  'src/content/config.ts',
  'src/content/config.mts',
  'src/content/config.js',
  'src/content/config.mjs',
] as const;

/** A new `astro.config.mjs`: the integration reads everything else from `hindsight.config.yaml`. */
export function astroConfigText(): string {
  return `// @ts-check
import { defineConfig } from 'astro/config';
import hindsight from '${integrationModule}';

export default defineConfig({
  integrations: [hindsight()],
});
`;
}

/** A new `src/content.config.ts`: the reports' collections. */
export function contentConfigText(): string {
  return `import { hindsightCollections } from '${integrationModule}';

export const collections = hindsightCollections();
`;
}

/** Whether an existing Astro configuration already installs the integration. */
export function installsIntegration(text: string): boolean {
  return text.includes(integrationModule);
}

/** Whether an existing content configuration already has the reports' collections. */
export function hasCollections(text: string): boolean {
  return text.includes(integrationModule) && text.includes('hindsightCollections');
}

/** The lines to add to an existing Astro configuration. */
export function astroConfigLines(): string[] {
  return [
    `import hindsight from '${integrationModule}';`,
    '',
    '// in defineConfig({ … }), add hindsight() to the integrations:',
    'integrations: [hindsight()],',
  ];
}

/** The lines to add to an existing content configuration: its own collections stay, Hindsight's are spread in. */
export function contentConfigLines(): string[] {
  return [
    `import { hindsightCollections } from '${integrationModule}';`,
    '',
    "// spread Hindsight's collections into yours:",
    'export const collections = { ...hindsightCollections(), /* your collections */ };',
  ];
}
