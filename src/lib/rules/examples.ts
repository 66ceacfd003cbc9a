/**
 * Builders for the small reports used in rule docs examples (and so in tests).
 * Each example overrides only what it is about, so the rest stays valid.
 */

/** Frontmatter fields of an example report, as YAML source snippets. */
export interface ExampleFields {
  title?: string;
  date?: string;
  status?: string;
  severity?: string;
  /** Extra YAML lines appended to the block verbatim. */
  extra?: string;
  /** The body; defaults to a complete one. */
  body?: string;
}

/** A complete body with every section the default preset requires. */
export const completeBody = `# API down

## Overview

The API returned errors for every request.

## Impact

All API clients failed for 42 minutes.

## Timeline

- 10:00 Deploy of release 42 starts.
- 10:05 Error rate alert fires.
- 10:42 Rollback completes; errors stop.

## Resolution

Rolled back release 42.

## Action Items

- [ ] Add a canary stage to deploys: acme/api#101
`;

/**
 * A report as text. Line 2 is `title`, 3 `date`, 4 `status`, 5 `severity`, so
 * examples can name exact positions.
 */
export function report(fields: ExampleFields = {}): string {
  const date = fields.date ?? '2024-03-01';
  return `---
title: ${fields.title ?? 'API down after a bad deploy'}
date: ${date}
status: ${fields.status ?? 'reviewed'}
severity: ${fields.severity ?? 'sev2'}
impact:
  start: ${date}T10:00
  end: ${date}T10:42
services: [api]
${fields.extra ?? ''}---

${fields.body ?? completeBody}`;
}
