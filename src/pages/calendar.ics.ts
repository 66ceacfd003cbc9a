/**
 * `/calendar.ics`: every action item's due date and every `watch` expiry as
 * all-day events, linking back to their report pages (`site.url` + base), for
 * calendar apps to subscribe to.
 */
import type { APIContext } from 'astro';
import { calendarText } from '../astro/calendar.ts';

export async function GET(context: APIContext): Promise<Response> {
  return new Response(await calendarText(context.site?.href), {
    headers: { 'Content-Type': 'text/calendar; charset=utf-8' },
  });
}
