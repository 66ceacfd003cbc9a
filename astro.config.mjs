// @ts-check
// Everything Hindsight needs (base path, site URL, the reports) comes from
// hindsight.config.yaml through the integration; this file only installs it.
import { defineConfig } from 'astro/config';
import hindsight from './src/astro/integration.ts';

export default defineConfig({
  integrations: [hindsight()],
});
