/**
 * Every rule, in the order their messages are most useful to read.
 * Adding a rule: one module in this folder, one line here, one test file in `test/rules/`.
 */
import type { Rule } from '../rule.ts';
import actionItemLink from './action-item-link.ts';
import actionItemState from './action-item-state.ts';
import emptySection from './empty-section.ts';
import file from './file.ts';
import frontmatter from './frontmatter.ts';
import image from './image.ts';
import impactWindow from './impact-window.ts';
import link from './link.ts';
import possibleRepeat from './possible-repeat.ts';
import priorOpenActions from './prior-open-actions.ts';
import publicExposure from './public-exposure.ts';
import reference from './reference.ts';
import requiredSection from './required-section.ts';
import reviewOverdue from './review-overdue.ts';
import secret from './secret.ts';
import timelineOrder from './timeline-order.ts';
import timezoneMismatch from './timezone-mismatch.ts';
import watchExpiry from './watch-expiry.ts';

/** All rules. */
export const rules: readonly Rule[] = [
  file,
  frontmatter,
  secret,
  publicExposure,
  requiredSection,
  emptySection,
  actionItemLink,
  link,
  image,
  timelineOrder,
  impactWindow,
  timezoneMismatch,
  reference,
  priorOpenActions,
  possibleRepeat,
  actionItemState,
  watchExpiry,
  reviewOverdue,
];

/** Rules by id. */
export const rulesById: ReadonlyMap<string, Rule> = new Map(rules.map((rule) => [rule.id, rule]));

/**
 * The rules that read `findPossibleRepeats`'s pairs (src/lib/repeats.ts): a build
 * finds them on a thread of its own while it runs the other rules
 * (src/lib/node/repeat-thread.ts).
 */
export const pairRuleIds: ReadonlySet<string> = new Set([possibleRepeat.id]);
