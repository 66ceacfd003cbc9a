/**
 * The options of `hindsight()` in `astro.config.mjs`. Everything is optional:
 * settings shared with the CLI (the content folder, the site's title and base)
 * belong in `hindsight.config.yaml`, where `hindsight check` reads them too;
 * these options override them for the site alone.
 */
import { AstroError } from 'astro/errors';
import * as z from 'zod';
import { audiences } from '../lib/publish/audience.ts';
import { literal } from '../lib/text.ts';

/** Replacement components, as paths relative to the project root (as Starlight's `components` option). */
const componentsSchema = z.strictObject({
  /** The page header: site title, navigation and search. Receives `site` and `current`. */
  Header: z.string().min(1).optional(),
  /** The page footer. Receives `site`. */
  Footer: z.string().min(1).optional(),
});

/** The components a project may replace with its own. */
export const overridableComponents = componentsSchema.keyof().options;

/** The integration's options. */
export const integrationOptionsSchema = z
  .strictObject({
    /** The reports' folder, relative to the project root; default: `content` in hindsight.config.yaml. */
    content: z.string().min(1).optional(),
    /** The site's title; default: `site.title` in hindsight.config.yaml. */
    title: z.string().min(1).optional(),
    /** The base path the whole site is served under (`/my-repo/` on GitHub Pages); default: `site.base`. */
    base: z.string().startsWith('/', 'a path starting with `/`').optional(),
    /** A path below the base for Hindsight's pages, so they can live beside a project's other pages (`incidents`). */
    prefix: z.string().optional(),
    /** Replacement components, as paths relative to the project root (`./src/components/Header.astro`). They receive the same props as Hindsight's own. */
    components: componentsSchema.optional(),
    /**
     * Who the site is for: `internal` (every report, the default) or `public` (only
     * `visibility: public` reports, without authors, owners and internal sections).
     * Default: `HINDSIGHT_AUDIENCE`, else `internal`.
     */
    audience: z.enum(audiences, { error: (issue) => `Unexpected ${literal(issue.input)}, expected \`public\` or \`internal\`` }).optional(),
  })
  .default({});

/** The options `hindsight()` accepts. */
export type HindsightOptions = z.input<typeof integrationOptionsSchema>;
/** The options, validated. */
export type ResolvedHindsightOptions = z.output<typeof integrationOptionsSchema>;

/**
 * Validates the options and describes every problem on its own line, path first.
 *
 * @throws {AstroError} naming each option that is wrong and what was expected
 */
export function parseIntegrationOptions(options: unknown): ResolvedHindsightOptions {
  const result = integrationOptionsSchema.safeParse(options);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `- **${issue.path.length > 0 ? issue.path.join('.') : 'options'}**: ${issue.message}`);
  throw new AstroError(`Invalid options for hindsight() in the Astro config:\n${lines.join('\n')}`, 'See the integration options in the Hindsight README.');
}
