// @ts-check
// This repository is Hindsight's first user: the same integration a team installs
// (`import hindsight from 'hindsight-postmortems/astro'`), imported from the sources.
// Everything it needs (base path, site URL, the reports) comes from hindsight.config.yaml.
import { defineConfig } from 'astro/config';
import hindsight from './src/astro/index.ts';

export default defineConfig({
  integrations: [hindsight()],
});
