/**
 * The middleware the integration adds (`addMiddleware`): during a build, each
 * report's page goes to the search index as soon as it is rendered
 * (search-pages.ts says why). It changes no response, and does nothing in dev or
 * when no index is open.
 */
import { defineMiddleware } from 'astro/middleware';
import { searchPageQueue } from './search-pages.ts';

/** Astro's middleware entry point. */
export const onRequest = defineMiddleware(async (context, next) => {
  const queue = searchPageQueue();
  if (!queue) return next();
  const ticket = queue.take();
  let html: string | undefined;
  try {
    const response = await next();
    const type = response.headers.get('content-type');
    // A copy of the body: Astro writes the page from the response itself.
    if (response.ok && (type === null || type.startsWith('text/html'))) html = await response.clone().text();
    return response;
  } finally {
    queue.settle(ticket, context.url.pathname, html);
  }
});
