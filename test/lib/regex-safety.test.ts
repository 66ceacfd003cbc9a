import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maxTrackerUrlLength, parseReference } from '../../src/lib/references.ts';
import { regexHazard, trackerPatternProblem } from '../../src/lib/regex-safety.ts';
import { completeBody, report } from '../../src/lib/rules/examples.ts';
import { configProblem, makeConfig, makeProject, runCli } from '../helpers.ts';

/** The pattern of issue #10: 95 s on a URL with 32 letters and an `x`. */
const issuePattern = String.raw`^https://jira\.example\.com/browse/([A-Za-z]+-?)*\d+$`;

describe('tracker patterns that backtrack catastrophically', () => {
  it('are refused when the configuration loads, naming the pattern, the part and why', () => {
    expect(configProblem({ trackers: [{ name: 'Jira', pattern: issuePattern }] })).toBe(
      [
        'Invalid configuration in hindsight.config.yaml:',
        '- **trackers.0.pattern**: Unexpected repetition `[A-Za-z]+` inside the repetition `([A-Za-z]+-?)*` in ' +
          '`^https://jira\\.example\\.com/browse/([A-Za-z]+-?)*\\d+$`, expected a pattern that runs in time proportional to ' +
          "the URL's length (this one can backtrack for minutes on a URL of a few dozen characters); repeat each part once, " +
          'as in `[A-Za-z0-9-]+` rather than `([A-Za-z0-9]+-?)*`',
      ].join('\n'),
    );
  });

  it('says which tracker when several are configured, and explains a polynomial one', () => {
    const message = configProblem({
      trackers: [
        { name: 'Jira', pattern: String.raw`^https://acme\.atlassian\.net/browse/[A-Z]+-\d+$` },
        { name: 'Linear', pattern: String.raw`^https://linear\.app/.*\d+.*$` },
      ],
    });
    expect(message).toContain('- **trackers.1.pattern**: Unexpected repetitions `.*` and `\\d+` that can match the same text one after the other');
    expect(message).toContain('slows down with the square of a long URL');
    expect(message).not.toContain('trackers.0');
  });

  it('makes `check` exit 2 at once instead of running for minutes', async () => {
    const url = `https://jira.example.com/browse/${'a'.repeat(32)}x`;
    const root = await makeProject({
      'hindsight.config.yaml': `trackers:\n  - name: Jira\n    pattern: '${issuePattern}'\n`,
      'postmortems/2024-03-01-api-down.md': report({ body: completeBody.replace('acme/api#101', url) }),
    });
    const started = performance.now();
    const result = await runCli(['check'], root);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      '- **trackers.0.pattern** (hindsight.config.yaml:3:14): Unexpected repetition `[A-Za-z]+` inside the repetition `([A-Za-z]+-?)*`',
    );
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it.each([
    ['(a+)+$', 'exponential'],
    ['^(\\w+\\s?)*$', 'exponential'],
    ['^https://x/(a{1,2})*$', 'exponential'],
    ['^https://x/([^/]+/?)+$', 'exponential'],
    ['^https://([a-z0-9-]+\\.?)+example\\.com/\\d+$', 'exponential'],
    ['^https://x/(a|a)*$', 'exponential'],
    ['^https://x/(\\w|\\d)+$', 'exponential'],
    ['^https://x/(ab|abab)*$', 'exponential'],
    ['^https://x/(?:a|b|ab)*c$', 'exponential'],
    ['^https://x/(?:(?:a+))+$', 'exponential'],
    ['\\d+\\d+x', 'polynomial'],
    ['^https://a/.*\\d+.*$', 'polynomial'],
    ['^https://x/.*/issues/.*$', 'polynomial'],
    ['^https://x/[a-z]+-?[a-z]+$', 'polynomial'],
    ['^https://x/\\w*\\d\\w*$', 'polynomial'],
    ['^https://x/(a+)\\1$', 'polynomial'],
  ])('flags %s (%s)', (pattern, growth) => {
    expect(regexHazard(pattern)?.growth).toBe(growth);
  });

  it.each([
    '^https://acme\\.atlassian\\.net/browse/[A-Z]+-\\d+$',
    '^https://acme\\.atlassian\\.net/browse/(?<key>[A-Z][A-Z0-9_]+-\\d+)(?:\\?.*)?$',
    '^https://linear\\.app/acme/issue/([A-Z]+-\\d+)(/[a-z0-9-]+)?$',
    '^https://linear\\.app/[^/]+/issue/(?<key>[A-Z]+-\\d+)',
    '^https://app\\.shortcut\\.com/[^/]+/story/(\\d+)(/.*)?$',
    '^https://gitlab\\.example\\.com/(?:[\\w.-]+/)+-/issues/\\d+$',
    '^https://(?:www\\.)?pivotaltracker\\.com/(?:n/)?projects/\\d+/stories/\\d+$',
    '^https://([a-z0-9-]+\\.)+example\\.com/issues/\\d+$',
    '^https://x/(?:[a-z]+/)*issue/\\d+$',
    '^https://x/\\d+(?:\\.\\d+)*$',
    '^https://x/.*-\\d+$',
    '^https://x/(?:/[a-z]+|/\\d+)*$',
    '^https://x/(ab|ac)*$',
    '^(?i:https://JIRA\\.example\\.com/browse/)[A-Z]+-\\d+$',
    '^https://x/\\p{L}+-\\d+$',
  ])('accepts %s', (pattern) => {
    expect(regexHazard(pattern)).toBeUndefined();
    expect(() => makeConfig({ trackers: [{ name: 'Tracker', pattern }] })).not.toThrow();
  });

  it('reads any pattern that compiles without throwing', () => {
    const pieces = [
      'a',
      '.',
      '\\d',
      '\\w',
      '[a-z]',
      '[^/]',
      '/',
      '-',
      '\\.',
      '(?:',
      '(',
      ')',
      '|',
      '*',
      '+',
      '?',
      '{2}',
      '{1,3}',
      '{2,}',
      '^',
      '$',
      '\\b',
      '(?=',
      '(?<!',
      '(?<n>',
      '[',
      ']',
      '\\',
      '\\p{L}',
      '\\k<n>',
      '\\1',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 14 }), (parts) => {
        const pattern = parts.join('');
        try {
          new RegExp(pattern, 'u');
        } catch {
          return;
        }
        expect(() => regexHazard(pattern)).not.toThrow();
      }),
      { numRuns: 2_000 },
    );
  });

  it('leaves invalid patterns to the "valid regular expression" check', () => {
    expect(trackerPatternProblem('([a-z]')).toBeUndefined();
    expect(configProblem({ trackers: [{ name: 'Jira', pattern: '([a-z]' }] })).toContain(
      '- **trackers.0.pattern**: Unexpected `([a-z]`, expected a valid regular expression',
    );
  });
});

describe('tracker patterns on long values', () => {
  it(`are not tried past ${maxTrackerUrlLength} characters, so an accepted pattern stays fast`, () => {
    // Quadratic on a run of letters (the engine retries at every start), and accepted: the cap bounds it.
    const config = makeConfig({ trackers: [{ name: 'Wiki', pattern: '[a-z]+x' }] });
    const long = `https://wiki.example.com/${'a'.repeat(20_000)}x`;
    const started = performance.now();
    expect(parseReference(long, config)).toBeUndefined();
    expect(parseReference(`https://wiki.example.com/${'a'.repeat(1_900)}x`, config)?.tracker).toBe('Wiki');
    expect(performance.now() - started).toBeLessThan(500);
  });
});
