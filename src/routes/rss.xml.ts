/**
 * `/rss.xml`: the newest reports (`feedLength`), newest first.
 */
import rss from '@astrojs/rss';
import type { APIContext } from 'astro';
import { getSite } from '../astro/site.ts';
import { rssFeed } from '../lib/site/site.ts';

/** The address Astro's preview serves, used for item links when `site.url` is not configured. */
const previewOrigin = 'http://localhost:4321';

export async function GET(context: APIContext) {
  // Feed readers need absolute links: set `site.url` in hindsight.config.yaml for the published address.
  return rss(rssFeed(await getSite(), String(context.site ?? previewOrigin)));
}
