/**
 * Credential detectors for the `secret` rule.
 *
 * Each detector is a regular expression for one kind of credential plus checks
 * that keep prose from matching: token formats with a fixed prefix must have a
 * random-looking body, "in context" formats need their label next to them, and
 * generic `password=` / `token:` assignments need a high-entropy value that is
 * not a placeholder (`<token>`, `xxxx`, `${TOKEN}`, `changeme`, `REDACTED`, `***`).
 *
 * A finding never carries the secret: only where it is and a redacted excerpt
 * made of the public part of the format (`ghp_…`), so nothing printed or stored
 * can be used to rebuild the value.
 *
 * Every pattern is anchored on a left boundary (a lookbehind) so that a scan of a
 * long run of token characters stays linear.
 *
 * A text is scanned as written and as a reader sees it (see `text-view.ts`):
 * `ghp\_…`, `ghp&#95;…` or a zero width space inside a token hide it from a scan
 * of the file, not from the rendered page. Findings in a view are placed back in
 * the text, so positions always point at the file.
 */
// The parts: `secrets/detectors.ts` holds the formats, `secrets/values.ts` the tests of a
// value's randomness; this module scans texts with them and keeps the public API.
import { detectors, prefixed, privateKeyBlock, secretKinds, type Detector, type SecretKind } from './secrets/detectors.ts';
import { editedLines, identityView, resolvedView, type TextView } from './text-view.ts';
import { allMatches } from './matches.ts';

export { secretKinds, type SecretKind } from './secrets/detectors.ts';
export { isCredentialValue, isPlaceholder, shannonEntropy } from './secrets/values.ts';

/** One credential found in a text. Holds no part of the secret value. */
export interface SecretFinding {
  /** Which detector found it. */
  kind: SecretKind;
  /** What it is, for messages: "GitHub personal access token". */
  label: string;
  /** Offset of the secret's first character. */
  start: number;
  /** Offset just past its last character. */
  end: number;
  /** A redacted excerpt: only the public part of the format, then `…` (`ghp_…`, `DB_PASSWORD=…`). */
  excerpt: string;
  /**
   * Whether the file spells it differently from how it reads: a Markdown escape,
   * an HTML character reference, an invisible character or markup inside it.
   */
  disguised?: boolean;
}

/** The kind order also decides overlaps: a specific format wins over a generic one covering it. */
const priority = new Map(detectors.map((detector, position) => [detector.kind, position]));

/** Whether `text` holds one of a detector's needles, so that its pattern may match (`lowered`: the text in lower case, made once). */
function mayMatch(detector: Detector, text: string, lowered: () => string): boolean {
  const haystack = detector.pattern.ignoreCase ? lowered() : text;
  return detector.needles.some((needle) => haystack.includes(needle));
}

/** Every match the `detectors` accept in `text`, overlapping or not, with offsets into `text`. */
function scan(text: string, detectors: readonly Detector[]): SecretFinding[] {
  const candidates: SecretFinding[] = [];
  let lowerCase: string | undefined;
  // A pattern that ignores case matches ASCII letters only with ASCII letters (it has no `u` flag), so its needles are in the lower-case text.
  const lowered = () => (lowerCase ??= text.toLowerCase());
  for (const detector of detectors) {
    if (!mayMatch(detector, text, lowered)) continue;
    for (const match of allMatches(text, detector.pattern)) {
      const candidate = detector.kind === 'private-key' ? privateKeyBlock(text, match) : (detector.accept ?? prefixed())(match);
      if (!candidate) continue;
      candidates.push({
        kind: detector.kind,
        label: candidate.label ?? secretKinds[detector.kind],
        start: candidate.start,
        end: candidate.end,
        excerpt: candidate.excerpt,
      });
    }
  }
  return candidates;
}

/** The detectors of credentials written on one line, and that of private keys, whose blocks span lines. */
const lineDetectors = detectors.filter((detector) => detector.kind !== 'private-key');

const blockDetectors = detectors.filter((detector) => detector.kind === 'private-key');

/**
 * Keeps one finding per stretch of text: the most specific kind wins
 * (`token=ghp_…` is a GitHub token, not a generic assignment), then the longer
 * one (so that masking covers all of it), then the one found in a reading view
 * (its excerpt reads as the page does, and it knows the file disguises it).
 * Kind by kind, each a sweep over sorted lists, so that a text full of tokens
 * stays linear in the number of findings.
 */
function resolveOverlaps(candidates: SecretFinding[]): SecretFinding[] {
  const byKind = new Map<number, SecretFinding[]>();
  for (const candidate of candidates) {
    const rank = priority.get(candidate.kind) ?? 0;
    const group = byKind.get(rank);
    if (group) group.push(candidate);
    else byKind.set(rank, [candidate]);
  }
  let kept: SecretFinding[] = [];
  for (const rank of [...byKind.keys()].sort((left, right) => left - right)) {
    const group = (byKind.get(rank) ?? []).sort(
      (left, right) => left.start - right.start || right.end - left.end || Number(right.disguised ?? false) - Number(left.disguised ?? false),
    );
    const accepted: SecretFinding[] = [];
    let cursor = 0;
    let acceptedEnd = -1;
    for (const candidate of group) {
      if (candidate.start < acceptedEnd) continue;
      // Kept findings do not overlap, so their ends rise with their starts: skip those that end before this one starts.
      while (cursor < kept.length && (kept[cursor]?.end ?? 0) <= candidate.start) cursor++;
      const next = kept[cursor];
      if (next && next.start < candidate.end) continue;
      accepted.push(candidate);
      acceptedEnd = candidate.end;
    }
    kept = mergeByStart(kept, accepted);
  }
  return kept;
}

/** Two lists sorted by start, merged into one. */
function mergeByStart(left: SecretFinding[], right: SecretFinding[]): SecretFinding[] {
  if (right.length === 0) return left;
  const merged: SecretFinding[] = [];
  let leftIndex = 0;
  let rightIndex = 0;
  while (leftIndex < left.length || rightIndex < right.length) {
    const fromLeft = left[leftIndex];
    const fromRight = right[rightIndex];
    if (fromLeft && (!fromRight || fromLeft.start <= fromRight.start)) {
      merged.push(fromLeft);
      leftIndex++;
    } else if (fromRight) {
      merged.push(fromRight);
      rightIndex++;
    }
  }
  return merged;
}

/**
 * Finds every credential in views of a source text, in order of position, each
 * placed in the source. Overlapping matches (the same token seen in two views,
 * or a generic assignment around a known format) keep the most specific kind. A
 * finding whose source spelling differs from the view is marked `disguised`.
 *
 * @param source the text the views were derived from
 * @param views views of it (the source itself, the text as rendered, …)
 */
export function detectSecretsInViews(source: string, views: readonly TextView[]): SecretFinding[] {
  const candidates: SecretFinding[] = [];
  const place = (view: TextView, found: readonly SecretFinding[]) => {
    for (const finding of found) {
      const start = view.sourceStart(finding.start);
      const end = Math.max(start + 1, view.sourceEnd(finding.end));
      const disguised = source.slice(start, end) !== view.text.slice(finding.start, finding.end);
      candidates.push({ ...finding, start, end, ...(disguised ? { disguised } : {}) });
    }
  };
  for (const view of views) {
    // A view reads like its source except on the lines it changed: only those can hold a credential the source hides.
    const lines = editedLines(view);
    if (lines === view) {
      place(view, scan(view.text, detectors));
    } else {
      place(lines, scan(lines.text, lineDetectors));
      place(view, scan(view.text, blockDetectors));
    }
  }
  return resolveOverlaps(candidates);
}

/**
 * Finds every credential in `text`, in order of position: as written, and as a
 * reader sees it (Markdown escapes, HTML character references, percent-encoded
 * characters resolved, invisible characters removed). Overlapping matches keep
 * the most specific kind: `token=ghp_…` is a GitHub token, not a generic
 * assignment.
 */
export function detectSecrets(text: string): SecretFinding[] {
  const resolved = resolvedView(text);
  return detectSecretsInViews(text, resolved.text === text ? [identityView(text)] : [identityView(text), resolved]);
}

/** Replaces every credential in `text` with its redacted excerpt, for quoting text in a message. */
export function redactSecrets(text: string): string {
  const findings = detectSecrets(text);
  let result = '';
  let position = 0;
  for (const finding of findings) {
    result += text.slice(position, finding.start) + finding.excerpt;
    position = finding.end;
  }
  return result + text.slice(position);
}
