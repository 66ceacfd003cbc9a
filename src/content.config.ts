/**
 * This repository is Hindsight's first user: its content configuration is the
 * one `hindsight init` writes into a team's project, importing from the sources.
 */
import { hindsightCollections } from './astro/index.ts';

export const collections = hindsightCollections();
