/**
 * Maps a severity as other teams write it (`SEV-1`, `Sev 2`, `P2 Medium`, `S1`,
 * `critical`, `Major`) onto the configured scale (`severities`, most severe
 * first; default `sev1`..`sev4`).
 *
 * In order: a configured name written another way (`SEV-1` is `sev1`); a level
 * number, matched to the configured name with the same number (`P2 Medium` →
 * `sev2`), or counted from the top when the configured names have no numbers; a
 * word (`critical`, `high`, `medium`, `low`) counted from the top of the scale.
 * Anything else is left out, with the reason.
 */
import { literal, literalList, normalizeLabel } from '../text.ts';

/** What became of a written severity. */
export interface SeverityMapping {
  /** The configured severity, when it could be mapped. */
  severity?: string;
  /** How it was mapped, or why it could not be: for the import report. */
  note: string;
  /** Whether the mapping is a guess the user should check (a level that does not exist here, a word). */
  approximate: boolean;
}

/** Words for levels, by their rank from the top (1 = most severe). */
const levelWords: ReadonlyArray<readonly [RegExp, number]> = [
  [/^(?:critical|crit|blocker|emergency|catastrophic|highest|urgent|outage|major outage)$/, 1],
  [/^(?:high|major|severe|serious|significant)$/, 2],
  [/^(?:medium|moderate|normal|medium high|partial outage|degraded)$/, 3],
  [/^(?:low|minor|lowest|medium low|small)$/, 4],
  [/^(?:trivial|info|informational|cosmetic|none|negligible)$/, 5],
];

/** `SEV-1`, `Sev 2`, `sev1`, `P2`, `P2 Medium`, `S1`, `Severity 3`, `Level 2`, `Priority 1`, or a lone `2`. */
const levelNumber = /^(?:sev(?:erity)?|p|pri(?:ority)?|s|level|lvl|l|incident)?\s*[-_ #:]?\s*(\d{1,2})(?:\s*[-–—:(]?\s*([a-z ]+?)\)?)?$/;

/** The number in a configured severity's name (`sev2` → 2), when it has exactly one. */
function numberIn(name: string): number | undefined {
  const numbers = name.match(/\d+/g);
  return numbers?.length === 1 ? Number(numbers[0]) : undefined;
}

/**
 * Maps `written` onto `severities`.
 *
 * @param written the severity as the source wrote it
 * @param severities the configured scale, most severe first
 */
export function mapSeverity(written: string, severities: readonly string[]): SeverityMapping {
  const label = normalizeLabel(written);
  const shown = literal(written.trim());
  const compact = label.replace(/\s+/g, '');
  const exact = severities.find((name) => normalizeLabel(name).replace(/\s+/g, '') === compact);
  if (exact) return { severity: exact, note: `severity ${shown} is ${literal(exact)}`, approximate: false };

  const numbered = levelNumber.exec(label);
  if (numbered) {
    const level = Number(numbered[1]);
    const byNumber = severities.filter((name) => numberIn(name) === level);
    if (byNumber.length === 1) return { severity: byNumber[0]!, note: `severity ${shown} mapped to ${literal(byNumber[0])}`, approximate: false };
    const configuredNumbers = severities.map(numberIn).filter((number) => number !== undefined);
    if (configuredNumbers.length === severities.length) {
      // `SEV0` on a scale that starts at 1: it is the top of the scale, and more.
      if (level < Math.min(...configuredNumbers)) {
        return { severity: severities[0]!, note: `severity ${shown} mapped to ${literal(severities[0])}, the most severe configured`, approximate: true };
      }
      return unmapped(shown, severities, 'no configured severity has that level');
    }
    // A scale of words (`critical`, `major`, …): a level counts from the top; 0 and 1 are both the top.
    const position = Math.max(level, 1) - 1;
    const byPosition = severities[position];
    if (byPosition)
      return { severity: byPosition, note: `severity ${shown} mapped to ${literal(byPosition)} (level ${level} of the configured scale)`, approximate: true };
    return unmapped(shown, severities, 'the configured scale has fewer levels');
  }

  for (const [pattern, rank] of levelWords) {
    if (!pattern.test(label)) continue;
    const byRank = severities[rank - 1];
    if (byRank) return { severity: byRank, note: `severity ${shown} mapped to ${literal(byRank)} (level ${rank} of the configured scale)`, approximate: true };
    return unmapped(shown, severities, 'the configured scale has fewer levels');
  }
  // `Major (High Impact, Service Degradation)`, `High - customer facing`: the level comes first.
  const lead = written.split(/\s*(?:[(,;/]|\s[-–—]\s)/)[0]?.trim() ?? '';
  if (lead !== '' && lead !== written.trim()) {
    const mapping = mapSeverity(lead, severities);
    if (mapping.severity) return { ...mapping, note: mapping.note.replace(literal(lead), shown) };
  }
  return unmapped(shown, severities, 'it names no level');
}

function unmapped(shown: string, severities: readonly string[], why: string): SeverityMapping {
  return { note: `Unexpected severity ${shown} (${why}), expected one of ${literalList(severities)}`, approximate: true };
}
