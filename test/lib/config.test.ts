import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/lib/config-errors.ts';
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
