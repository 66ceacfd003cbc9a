/**
 * `impact.mitigated`: when the impact was stopped or worked around (a rollback,
 * a failover, a feature turned off), which often comes well before the fix that
 * ends it. With `detected` it splits an incident's duration into time to detect,
 * time to mitigate and time to resolve. The `impact-window` rule checks it with
 * the other impact times (this module says what is wrong with it).
 */
import type { Finding } from './rule.ts';
import { literal, type Place } from './text.ts';

/** The impact times as written and as instants, and where each is in the file. */
export interface MitigationInput {
  impact: { start: string; end?: string; detected?: string; mitigated?: string };
  instants: { start: Date; end?: Date; detected?: Date; mitigated?: Date };
  /** The place of `impact.<key>`'s value. */
  place(key: 'start' | 'end' | 'detected' | 'mitigated'): Place;
  file: string;
  /** Whether `impact.end` is before `impact.start` (reported on its own; the window then has no inside). */
  backwards: boolean;
}

/**
 * What is wrong with `impact.mitigated`, if anything: mitigation outside the
 * impact window, or before the problem was detected. One finding at most, the
 * window first: a time outside it is usually a wrong day, which also explains
 * the order.
 */
export function mitigationFinding({ impact, instants, place, file, backwards }: MitigationInput): Finding | undefined {
  const { mitigated } = instants;
  if (!mitigated || impact.mitigated === undefined) return undefined;
  const written = `\`impact.mitigated\` ${literal(impact.mitigated)}`;
  if (mitigated.getTime() < instants.start.getTime()) {
    return {
      message: `Unexpected ${written} before \`impact.start\` ${literal(impact.start)}, expected mitigation within the impact window`,
      place: place('mitigated'),
    };
  }
  if (!backwards && instants.end && impact.end !== undefined && mitigated.getTime() > instants.end.getTime()) {
    return {
      message: `Unexpected ${written} after \`impact.end\` ${literal(impact.end)}, expected mitigation within the impact window`,
      place: place('mitigated'),
    };
  }
  if (instants.detected && impact.detected !== undefined && mitigated.getTime() < instants.detected.getTime()) {
    return {
      message: `Unexpected ${written} before \`impact.detected\` ${literal(impact.detected)}, expected mitigation after detection`,
      place: place('mitigated'),
      cause: { file, message: '`impact.detected` is here', place: place('detected') },
      note: 'A problem is mitigated once it is known: one of the two times is probably on the wrong day or in the wrong zone.',
    };
  }
  return undefined;
}
