/// <reference types="astro/client" />

/** The validated `hindsight.config.yaml` and the build's "now", from the Hindsight integration. */
declare module 'virtual:hindsight/config' {
  const config: import('../lib/config.ts').Config;
  export default config;
  /** The build's "now" (ISO 8601), fixed by `SOURCE_DATE_EPOCH` when set. */
  export const now: string;
  /** The project root (absolute path), where the GitHub state cache is found. */
  export const root: string;
}

/** An overridable component: the project's replacement (the integration's `components` option) or Hindsight's own. */
declare module 'virtual:hindsight/components/*' {
  const component: (props: Record<string, unknown>) => unknown;
  export default component;
}
