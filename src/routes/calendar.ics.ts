/**
 * `/calendar.ics`: every action item's due date and every `watch` expiry as
 * all-day events, linking back to their report pages (`site.url` + base), for
 * calendar apps to subscribe to. The content loader builds the text from the
 * reports it parsed (the `corpus` entry): nothing is read or parsed again here.
 */
import { getSite } from '../astro/site.ts';

export async function GET(): Promise<Response> {
  const site = await getSite();
  return new Response(site.corpus!.calendar, {
    headers: { 'Content-Type': 'text/calendar; charset=utf-8' },
  });
}
