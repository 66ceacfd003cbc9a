import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, validateConfig } from '../../src/lib/config-errors.ts';
import { editDistance, closestMatch, suggestName } from '../../src/lib/distance.ts';
import { loadConfig } from '../../src/lib/node/config.ts';
import { makeProject } from '../helpers.ts';

/** The message `parseConfig` throws for `data`. */
function problem(data: unknown): string {
  try {
    parseConfig(data);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

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
    expect(problem({ presets: 'pagerduty' })).toContain('- **(top level)**: Unexpected key `presets` (did you mean `preset`?)');
    expect(problem({ serverities: ['p1'] })).toContain('Unexpected key `serverities` (did you mean `severities`?)');
    expect(problem({ colour: 'blue' })).toMatch(/- \*\*\(top level\)\*\*: Unexpected key `colour`$/m);
  });

  it('suggests nested keys too', () => {
    expect(problem({ github: { repo: 'acme/api' } })).toContain('- **github**: Unexpected key `repo`');
    expect(problem({ site: { titel: 'Incidents' } })).toContain('- **site**: Unexpected key `titel` (did you mean `title`?)');
  });

  it('suggests the preset whatever its case', () => {
    expect(problem({ preset: 'PagerDuty' })).toContain(
      '- **preset**: Unexpected `PagerDuty`, expected one of `hindsight`, `pagerduty`, `google-sre`, `2i2c` (did you mean `pagerduty`?)',
    );
  });

  it('explains what a URL setting needs instead of "Invalid URL"', () => {
    const message = problem({ site: { url: 'foo' } });
    expect(message).toContain('- **site.url**: Unexpected `foo`, must be an absolute URL such as `https://acme.github.io`');
    expect(message).not.toContain('Invalid URL');
  });

  it('refuses a `site.url` that is a URL but not a web address, saying so', () => {
    for (const url of ['mailto:a@b', 'file:///srv/site', 'javascript:alert(1)', 'ftp://acme.example']) {
      expect(problem({ site: { url } })).toContain(
        `- **site.url**: Unexpected \`${url}\`, must be an \`http://\` or \`https://\` URL such as \`https://acme.github.io\``,
      );
    }
    expect(problem({ github: { url: 'mailto:a@b' } })).toContain(
      '- **github.url**: Unexpected `mailto:a@b`, must be an `http://` or `https://` URL such as `https://github.acme.com`',
    );
    expect(parseConfig({ site: { url: 'http://localhost:4321' } }).site.url).toBe('http://localhost:4321');
  });

  it('reads the sanity range of dates, with defaults, and refuses a bad one', () => {
    expect(parseConfig({}).dates).toEqual({ earliest: '1970-01-01', latestYearsAhead: 10 });
    expect(parseConfig({ dates: { earliest: '1990-01-01' } }).dates).toEqual({ earliest: '1990-01-01', latestYearsAhead: 10 });
    const message = problem({ dates: { earliest: '1990-02-30', latestYearsAhead: 1000, latest: '2100-01-01' } });
    expect(message).toContain('- **dates**: Unexpected key `latest`');
    expect(message).toContain('- **dates.earliest**: must be a real day written `YYYY-MM-DD`, such as `1970-01-01`');
    expect(message).toContain('- **dates.latestYearsAhead**:');
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
      'Invalid configuration in hindsight.config.yaml:\n- **rules.watch-expiry.windowDays** (hindsight.config.yaml:3:44): must be 0 days or more',
    );
    expect(await loadProblem('rules:\n  watch-expiry:\n    windowDays: a month\n')).toBe(
      'Invalid configuration in hindsight.config.yaml:\n- **rules.watch-expiry.windowDays** (hindsight.config.yaml:3:17): Unexpected string, expected a whole number of days such as `30`',
    );
    // An option of another rule is not one of this rule's: the key is pointed at, with the rule's own keys.
    expect(await loadProblem('rules:\n  secret: { level: warn, windowDays: 3 }\n')).toBe(
      'Invalid configuration in hindsight.config.yaml:\n- **rules.secret** (hindsight.config.yaml:2:26): Unexpected key `windowDays`',
    );
    expect(await loadProblem('rules:\n  secret: { levle: warn }\n')).toContain(
      '- **rules.secret** (hindsight.config.yaml:2:13): Unexpected key `levle` (did you mean `level`?)',
    );
    expect(await loadProblem('rules:\n  secret: warning\n')).toContain(
      '- **rules.secret** (hindsight.config.yaml:2:11): Unexpected `warning`, expected one of `off`, `warn`, `error`',
    );
    // Without a file (a library caller's data), the same lines without a place.
    expect(problem({ rules: { 'watch-expiry': { windowDays: 2.5 } } })).toBe(
      'Invalid configuration in hindsight.config.yaml:\n- **rules.watch-expiry.windowDays**: Unexpected number, expected a whole number of days such as `30`',
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
    expect(problem({ rules: { 'timline-order': 'warn' } })).toContain(
      '- **rules.timline-order**: Unexpected rule `timline-order` (did you mean `timeline-order`?), expected one of',
    );
    expect(problem({ rules: { 'Possible-Repeat': 'off' } })).toContain('Unexpected rule `Possible-Repeat` (did you mean `possible-repeat`?)');
  });

  it('names the IANA zone a zone abbreviation stands for', () => {
    expect(problem({ timezone: 'PDT' })).toContain(
      '- **timezone**: must be an IANA time zone such as `UTC` or `America/Toronto` (`America/Los_Angeles` for `PDT`)',
    );
    expect(problem({ timezone: 'Mars/Olympus' })).toMatch(/- \*\*timezone\*\*: must be an IANA time zone such as `UTC` or `America\/Toronto`$/m);
  });

  it('reads `-` and spaces as `_` and ignores case (suggestName)', () => {
    expect(suggestName('repeat-of', ['repeat_of', 'related'])).toBe('repeat_of');
    expect(suggestName('Tags', ['tags'])).toBe('tags');
    expect(suggestName('tag', ['tags', 'date', 'title'])).toBe('tags');
    expect(suggestName('tags', ['tags'])).toBeUndefined();
    expect(suggestName('slack', ['tags', 'title'])).toBeUndefined();
  });
});
