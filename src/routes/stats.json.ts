/**
 * `/stats.json`: the figures of `/stats/` as data, exactly the object
 * `corpusStatistics()` returns (see src/lib/stats.ts for each field).
 */
import { getSite } from '../astro/site.ts';
import { statisticsJson } from '../lib/site/stats-view.ts';

export async function GET() {
  const site = await getSite();
  return new Response(statisticsJson(site.corpus!.statistics), { headers: { 'content-type': 'application/json; charset=utf-8' } });
}
