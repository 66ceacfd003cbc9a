/**
 * `/rss.xml`: the newest reports (`feedLength`), newest first.
 */
import rss from '@astrojs/rss';
import type { APIContext } from 'astro';
import { getSite } from '../astro/site.ts';
import { feedItems } from '../lib/site/site.ts';

/** The address Astro's preview serves, used for item links when `site.url` is not configured. */
const previewOrigin = 'http://localhost:4321';

export async function GET(context: APIContext) {
  const site = await getSite();
  return rss({
    title: site.title,
    description: `New incident postmortems: ${site.title}`,
    // Feed readers need absolute links: set `site.url` in hindsight.config.yaml for the published address.
    // The channel links to the home page, under the base path.
    site: new URL(site.links.home, context.site ?? previewOrigin).href,
    items: feedItems(site),
  });
}
