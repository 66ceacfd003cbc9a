import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, validateConfig } from '../../src/lib/config-errors.ts';
import { editDistance, closestMatch, suggestName } from '../../src/lib/distance.ts';
import { loadConfig } from '../../src/lib/node/config.ts';
import { configProblem, makeProject } from '../helpers.ts';

/** The warnings `loadConfig` gives for a configuration file holding `text`, and the configuration. */
async function load(text: string) {
  return loadConfig(await makeProject({ 'hindsight.config.yaml': text }));
}

/** The message `loadConfig` throws for a configuration file holding `text`. */
async function loadProblem(text: string): Promise<string> {
  const root = await makeProject({ 'hindsight.config.yaml': text });
  const error = await loadConfig(root).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return (error as Error).message;
}

describe('configuration errors', () => {
  it('suggests the key that was meant for a mistyped top-level key', () => {
    expect(configProblem({ presets: 'pagerduty' })).toContain('- **(top level)**: Unexpected key `presets` (did you mean `preset`?)');
    expect(configProblem({ serverities: ['p1'] })).toContain('Unexpected key `serverities` (did you mean `severities`?)');
    expect(configProblem({ colour: 'blue' })).toMatch(
      /- \*\*\(top level\)\*\*: Unexpected key `colour`, expected one of `content`, `severities`, .* or `site`$/m,
    );
  });

  it('suggests nested keys too', () => {
    expect(configProblem({ github: { repo: 'acme/api' } })).toContain('- **github**: Unexpected key `repo`, expected one of `url`, `repository`,');
    expect(configProblem({ site: { titel: 'Incidents' } })).toContain('- **site**: Unexpected key `titel` (did you mean `title`?)');
  });

  it('suggests the preset whatever its case', () => {
    expect(configProblem({ preset: 'PagerDuty' })).toContain(
      '- **preset**: Unexpected `PagerDuty`, expected one of `hindsight`, `pagerduty`, `google-sre` or `2i2c` (did you mean `pagerduty`?)',
    );
  });

  it('explains what a URL setting needs instead of "Invalid URL"', () => {
    const message = configProblem({ site: { url: 'foo' } });
    expect(message).toContain('- **site.url**: Unexpected `foo`, expected an absolute URL such as `https://acme.github.io`');
    expect(message).not.toContain('Invalid URL');
  });

  it('refuses a `site.url` that is a URL but not a web address, saying so', () => {
    for (const url of ['mailto:a@b', 'file:///srv/site', 'javascript:alert(1)', 'ftp://acme.example']) {
      expect(configProblem({ site: { url } })).toContain(
        `- **site.url**: Unexpected \`${url}\`, expected an \`http://\` or \`https://\` URL such as \`https://acme.github.io\``,
      );
    }
    expect(configProblem({ github: { url: 'mailto:a@b' } })).toContain(
      '- **github.url**: Unexpected `mailto:a@b`, expected an `http://` or `https://` URL such as `https://github.acme.com`',
    );
    expect(parseConfig({ site: { url: 'http://localhost:4321' } }).site.url).toBe('http://localhost:4321');
  });

  it('reads the sanity range of dates, with defaults, and refuses a bad one', () => {
    expect(parseConfig({}).dates).toEqual({ earliest: '1970-01-01', latestYearsAhead: 10 });
    expect(parseConfig({ dates: { earliest: '1990-01-01' } }).dates).toEqual({ earliest: '1990-01-01', latestYearsAhead: 10 });
    const message = configProblem({ dates: { earliest: '1990-02-30', latestYearsAhead: 1000, latest: '2100-01-01' } });
    expect(message).toContain('- **dates**: Unexpected key `latest`, expected one of `earliest` or `latestYearsAhead`');
    expect(message).toContain('- **dates.earliest**: Unexpected `1990-02-30`, expected a real day written `YYYY-MM-DD`, such as `1970-01-01`');
    expect(message).toContain('- **dates.latestYearsAhead**: Unexpected `1000`, expected at most 100');
  });

  it('prints where a YAML error is, and the offending line, without a dangling colon', async () => {
    const message = await loadProblem('preset: hindsight\nsite: {title: x\n');
    expect(message).toMatch(/^Invalid YAML in hindsight.config.yaml:\n- .+ at line \d+, column \d+/);
    expect(
      message
        .split('\n')
        .slice(1)
        .filter((line) => /:\s*$/.test(line)),
    ).toEqual([]);
    const tabs = await loadProblem('preset: hindsight\n\tcontent: docs\n');
    expect(tabs).toContain('at line 2, column 1\n    \tcontent: docs');
  });
});

describe('rule settings under `rules:`', () => {
  it('takes a level alone or a mapping of a level and the rule’s options, and holds a mapping either way', () => {
    expect(parseConfig({ rules: { 'possible-repeat': 'off', secret: { level: 'warn' }, link: {} } }).rules).toEqual({
      'possible-repeat': { level: 'off' },
      secret: { level: 'warn' },
      link: {},
      'watch-expiry': { windowDays: 30 },
    });
    expect(parseConfig({ rules: { 'watch-expiry': { level: 'warn', windowDays: 14 } } }).rules['watch-expiry']).toEqual({ level: 'warn', windowDays: 14 });
    expect(parseConfig({ rules: { 'watch-expiry': 'off' } }).rules['watch-expiry']).toEqual({ level: 'off', windowDays: 30 });
  });

  it('checks each rule’s options with its own schema, naming the file, line and column', async () => {
    expect(await loadProblem('rules:\n  possible-repeat: off\n  watch-expiry: { level: warn, windowDays: -1 }\n')).toBe(
      'Invalid configuration in hindsight.config.yaml:\n- **rules.watch-expiry.windowDays** (hindsight.config.yaml:3:44): Unexpected `-1`, expected 0 days or more',
    );
    expect(await loadProblem('rules:\n  watch-expiry:\n    windowDays: a month\n')).toBe(
      'Invalid configuration in hindsight.config.yaml:\n- **rules.watch-expiry.windowDays** (hindsight.config.yaml:3:17): Unexpected string, expected a whole number of days such as `30`',
    );
    // An option of another rule is not one of this rule's: the key is pointed at, with the rule's own keys.
    expect(await loadProblem('rules:\n  secret: { level: warn, windowDays: 3 }\n')).toBe(
      'Invalid configuration in hindsight.config.yaml:\n- **rules.secret** (hindsight.config.yaml:2:26): Unexpected key `windowDays`, expected only `level`',
    );
    expect(await loadProblem('rules:\n  secret: { levle: warn }\n')).toContain(
      '- **rules.secret** (hindsight.config.yaml:2:13): Unexpected key `levle` (did you mean `level`?), expected only `level`',
    );
    expect(await loadProblem('rules:\n  secret: warning\n')).toContain(
      '- **rules.secret** (hindsight.config.yaml:2:11): Unexpected `warning`, expected one of `off`, `warn` or `error`',
    );
    expect(await loadProblem('rules:\n  watch-expiry: 5\n')).toContain(
      '- **rules.watch-expiry** (hindsight.config.yaml:2:17): Unexpected `5`, expected `off`, `warn` or `error`, or a mapping such as `{ level: warn, windowDays: 30 }`',
    );
    // Without a file (a library caller's data), the same lines without a place.
    expect(configProblem({ rules: { 'watch-expiry': { windowDays: 2.5 } } })).toBe(
      'Invalid configuration in hindsight.config.yaml:\n- **rules.watch-expiry.windowDays**: Unexpected `2.5`, expected a whole number of days such as `30`',
    );
  });

  it('still reads the deprecated `github.watchWindowDays`, with a warning naming its file, line and new place', async () => {
    const old = await load('github:\n  url: https://github.com\n  watchWindowDays: 14\n');
    expect(old.config.rules['watch-expiry']).toEqual({ windowDays: 14 });
    expect(old.config.github).not.toHaveProperty('watchWindowDays');
    expect(old.warnings).toEqual([
      'hindsight.config.yaml:3:3: Unexpected deprecated setting `github.watchWindowDays`, expected `rules: { watch-expiry: { windowDays: 14 } }`: the setting moved there, and the old place still works for now',
    ]);
    const both = await load('rules:\n  watch-expiry: { windowDays: 7 }\ngithub:\n  watchWindowDays: 14\n');
    expect(both.config.rules['watch-expiry'].windowDays).toBe(7);
    expect(both.warnings).toEqual([
      'hindsight.config.yaml:4:3: Unexpected deprecated setting `github.watchWindowDays` beside `rules.watch-expiry.windowDays`, which wins, expected `rules.watch-expiry.windowDays` alone; remove `github.watchWindowDays`',
    ]);
    expect((await load('rules:\n  watch-expiry: { windowDays: 7 }\n')).warnings).toEqual([]);
    expect(validateConfig({ github: { watchWindowDays: 3 } }).warnings).toEqual([
      'hindsight.config.yaml: Unexpected deprecated setting `github.watchWindowDays`, expected `rules: { watch-expiry: { windowDays: 3 } }`: the setting moved there, and the old place still works for now',
    ]);
  });
});

describe('every configuration message reads "Unexpected X, expected Y"', () => {
  it.each<[string, unknown, string]>([
    [
      'a rule option above its bound',
      { rules: { 'watch-expiry': { windowDays: 5000 } } },
      '- **rules.watch-expiry.windowDays**: Unexpected `5000`, expected at most 3660 days (ten years)',
    ],
    [
      'a rule option below its bound',
      { rules: { 'watch-expiry': { windowDays: -1 } } },
      '- **rules.watch-expiry.windowDays**: Unexpected `-1`, expected 0 days or more',
    ],
    [
      'the deprecated window above its bound',
      { github: { watchWindowDays: 5000 } },
      '- **github.watchWindowDays**: Unexpected `5000`, expected at most 3660 days (ten years)',
    ],
    ['the deprecated window below its bound', { github: { watchWindowDays: -1 } }, '- **github.watchWindowDays**: Unexpected `-1`, expected 0 days or more'],
    [
      'the deprecated window of the wrong type',
      { github: { watchWindowDays: 'x' } },
      '- **github.watchWindowDays**: Unexpected string, expected a whole number of days such as `30`',
    ],
    [
      'the deprecated window not a whole number',
      { github: { watchWindowDays: 1.5 } },
      '- **github.watchWindowDays**: Unexpected `1.5`, expected a whole number of days such as `30`',
    ],
    [
      'a rule setting that is neither a level nor a mapping',
      { rules: { 'possible-repeat': 5 } },
      '- **rules.possible-repeat**: Unexpected `5`, expected `off`, `warn` or `error`, or a mapping such as `{ level: warn }`',
    ],
    [
      'an option of another rule',
      { rules: { 'possible-repeat': { windowDays: 3 } } },
      '- **rules.possible-repeat**: Unexpected key `windowDays`, expected only `level`',
    ],
    [
      'a review deadline above its bound',
      { review: { days: { sev1: 5000 } } },
      '- **review.days.sev1**: Unexpected `5000`, expected at most 3660 days (ten years)',
    ],
    [
      'a tracker pattern that is not a regular expression',
      { trackers: [{ name: 'Jira', pattern: '([a-z]' }] },
      '- **trackers.0.pattern**: Unexpected `([a-z]`, expected a valid regular expression',
    ],
    [
      'an internal domain that is a URL',
      { publish: { internalDomains: ['https://corp.acme.com/'] } },
      '- **publish.internalDomains.0**: Unexpected `https://corp.acme.com/`, expected a domain such as `corp.acme.com` or `*.internal`',
    ],
    [
      'a repository without its owner',
      { github: { repository: 'api' } },
      '- **github.repository**: Unexpected `api`, expected a repository written `owner/repo`, such as `acme/api`',
    ],
    [
      'a site base without its `/`',
      { site: { base: 'postmortems' } },
      '- **site.base**: Unexpected `postmortems`, expected a path that starts with `/`, such as `/postmortems/`',
    ],
    [
      'a factor id in capitals',
      { factors: ['Deploy'] },
      '- **factors.0.id**: Unexpected `Deploy`, expected lower-case words joined by `-`, such as `expired-credential`',
    ],
    [
      'a zone that is not one',
      { timezone: 'Mars/Olympus' },
      '- **timezone**: Unexpected `Mars/Olympus`, expected an IANA time zone such as `UTC` or `America/Toronto`',
    ],
    ['a zone that is not a text', { timezone: 5 }, '- **timezone**: Unexpected number, expected an IANA time zone such as `UTC` or `America/Toronto`'],
    ['a threshold above zod’s bound', { repeats: { threshold: 1.5 } }, '- **repeats.threshold**: Unexpected `1.5`, expected at most 1'],
    ['a timeout below zod’s bound', { github: { timeoutMs: 0 } }, '- **github.timeoutMs**: Unexpected `0`, expected 1 or more'],
    ['no severities', { severities: [] }, '- **severities**: Unexpected empty list, expected a list of at least one entry'],
    ['an empty content folder', { content: '' }, '- **content**: Unexpected empty text, expected a text that is not empty'],
  ])('%s', (_name, data, line) => {
    const message = configProblem(data);
    expect(message.split('\n').slice(1)).toEqual([line]);
  });
});

describe('edit distance', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('preset', 'presets')).toBe(1);
    expect(editDistance('serverities', 'severities')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('suggests only close candidates, alphabetically first on ties', () => {
    expect(closestMatch('titel', ['title', 'base', 'url'])).toBe('title');
    expect(closestMatch('colour', ['title', 'base', 'url'])).toBeUndefined();
    expect(closestMatch('ab', ['ac', 'aa'])).toBe('aa');
  });
});

describe('suggestions for mistyped names', () => {
  it('suggests a rule id that was meant', () => {
    expect(configProblem({ rules: { 'timline-order': 'warn' } })).toContain(
      '- **rules.timline-order**: Unexpected rule `timline-order` (did you mean `timeline-order`?), expected one of',
    );
    expect(configProblem({ rules: { 'Possible-Repeat': 'off' } })).toContain('Unexpected rule `Possible-Repeat` (did you mean `possible-repeat`?)');
  });

  it('names the IANA zone a zone abbreviation stands for', () => {
    expect(configProblem({ timezone: 'PDT' })).toContain(
      '- **timezone**: Unexpected `PDT`, expected an IANA time zone: `America/Los_Angeles` for `PDT`, which also follows its daylight saving time',
    );
    expect(configProblem({ timezone: 'Mars/Olympus' })).toMatch(
      /- \*\*timezone\*\*: Unexpected `Mars\/Olympus`, expected an IANA time zone such as `UTC` or `America\/Toronto`$/m,
    );
  });

  it('reads `-` and spaces as `_` and ignores case (suggestName)', () => {
    expect(suggestName('repeat-of', ['repeat_of', 'related'])).toBe('repeat_of');
    expect(suggestName('Tags', ['tags'])).toBe('tags');
    expect(suggestName('tag', ['tags', 'date', 'title'])).toBe('tags');
    expect(suggestName('tags', ['tags'])).toBeUndefined();
    expect(suggestName('slack', ['tags', 'title'])).toBeUndefined();
  });
});
