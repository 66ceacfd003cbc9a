import { describe, expect, it } from 'vitest';
import { configSchema, defaultConfig } from '../../src/lib/config.ts';
import { frontmatterKeys, frontmatterSchema } from '../../src/lib/schema.ts';
import { issueMessages, type Voice } from '../../src/lib/schema-messages.ts';
import { deprecatedSettings, expectedAt, objectKeysAt } from '../../src/lib/schema-shape.ts';
import { literalList } from '../../src/lib/text.ts';

const frontmatter = frontmatterSchema(defaultConfig());
const valid = {
  title: 'API down',
  date: '2024-03-01',
  status: 'reviewed',
  severity: 'sev2',
  impact: { start: '2024-03-01T10:00' },
  services: ['api'],
};

/** Every message the translator gives for `data` under `schema`, as `path: message` (`^` marks a message at a key). */
function messages(schema: typeof configSchema | typeof frontmatter, data: unknown, voice: Voice): string[] {
  const result = schema.safeParse(data, { reportInput: true });
  if (result.success) return [];
  return result.error.issues.flatMap((issue) =>
    issueMessages(issue, schema, voice).map(({ message, path, atKey }) => `${path.join('.')}${atKey ? '^' : ''}: ${message}`),
  );
}

describe('the translator, on the frontmatter schema (a report’s voice: the field is named)', () => {
  it.each<[string, Record<string, unknown>, string[]]>([
    ['a value outside an enum', { severity: 'critical' }, ['severity: Unexpected `critical` for `severity`, expected one of `sev1`, `sev2`, `sev3` or `sev4`']],
    ['a missing field, worded by its `expected` metadata', { title: undefined }, ['title: Missing `title`, expected a one-line title']],
    ['a mistyped field, worded by its `expected` metadata', { title: ['a'] }, ['title: Unexpected list for `title`, expected a one-line title']],
    [
      'a refinement’s message, which holds what is expected',
      { date: '07/01/2024' },
      ['date: Unexpected `07/01/2024` for `date`, expected a date written `YYYY-MM-DD`'],
    ],
    ['an empty list', { services: [] }, ['services: Unexpected empty list for `services`, expected a list of the affected services, such as `[api]`']],
    [
      'a zone abbreviation, answered with its zone (`timeZone` metadata)',
      { timezone: 'PDT' },
      ['timezone: Unexpected `PDT` for `timezone`, expected an IANA time zone: `America/Los_Angeles` for `PDT`, which also follows its daylight saving time'],
    ],
    [
      'a mistyped key, at the key, with the keys of the schema',
      { tag: ['x'] },
      [`tag^: Unexpected key \`tag\` (did you mean \`tags\`?), expected one of ${literalList(frontmatterKeys)}`],
    ],
    [
      'a mistyped key inside a list entry (every entry has the same keys)',
      { watch: [{ name: 'cert', expires: '2025-01-01', isue: 'acme/api#1' }] },
      ['watch.0.isue^: Unexpected key `isue` in `watch.0` (did you mean `issue`?), expected one of `name`, `expires` or `issue`'],
    ],
    [
      'a missing window, from a refinement that says it is missing',
      { impact: undefined },
      [': Missing `impact`, expected a window with at least `start` (required unless `status: draft` or `status: archived`)'],
    ],
    [
      'a mapping where a value is expected',
      { status: { a: 1 } },
      ['status: Unexpected mapping for `status`, expected one of `draft`, `in-review`, `reviewed`, `closed` or `archived`'],
    ],
  ])('%s', (_name, change, expected) => {
    expect(messages(frontmatter, { ...valid, ...change }, 'field')).toEqual(expected);
  });

  it('names the whole block when it is not a mapping', () => {
    expect(messages(frontmatter, ['a'], 'field')).toEqual([': Unexpected list for `frontmatter`, expected a mapping']);
  });
});

/** The keys of the configuration's top level, as the messages about an unexpected one list them. */
const configKeys = literalList(objectKeysAt(configSchema, [])!);

describe('the translator, on the configuration schema (a setting’s voice: the caller prints the path)', () => {
  it.each<[string, unknown, string[]]>([
    [
      'a mistyped top-level key, with the key meant and the keys of the schema',
      { serverities: ['p1'] },
      [`serverities^: Unexpected key \`serverities\` (did you mean \`severities\`?), expected one of ${configKeys}`],
    ],
    ['an unknown top-level key, with the keys of the schema', { colour: 'blue' }, [`colour^: Unexpected key \`colour\`, expected one of ${configKeys}`]],
    [
      'a mistyped nested key',
      { site: { titel: 'x' } },
      ['site.titel^: Unexpected key `titel` (did you mean `title`?), expected one of `title`, `url` or `base`'],
    ],
    [
      'a mistyped key inside a list entry (every entry has the same keys)',
      { factors: [{ id: 'dns', lable: 'DNS' }] },
      ['factors.0.lable^: Unexpected key `lable` (did you mean `label`?), expected one of `id`, `label` or `description`'],
    ],
    [
      'a value outside an enum, with the value meant',
      { preset: 'PagerDuty' },
      ['preset: Unexpected `PagerDuty`, expected one of `hindsight`, `pagerduty`, `google-sre` or `2i2c` (did you mean `pagerduty`?)'],
    ],
    [
      'a value of another type where an enum is expected',
      { preset: 5 },
      ['preset: Unexpected `5`, expected one of `hindsight`, `pagerduty`, `google-sre` or `2i2c`'],
    ],
    [
      'a URL, with the example its metadata gives',
      { site: { url: 'foo' } },
      ['site.url: Unexpected `foo`, expected an absolute URL such as `https://acme.github.io`'],
    ],
    [
      'a URL that is not a web address',
      { github: { url: 'mailto:a@b' } },
      ['github.url: Unexpected `mailto:a@b`, expected an `http://` or `https://` URL such as `https://github.acme.com`'],
    ],
    [
      'a zone abbreviation (`timeZone` metadata), answered with its zone',
      { timezone: 'PDT' },
      ['timezone: Unexpected `PDT`, expected an IANA time zone: `America/Los_Angeles` for `PDT`, which also follows its daylight saving time'],
    ],
    [
      'a zone that is not one',
      { timezone: 'Mars/Olympus' },
      ['timezone: Unexpected `Mars/Olympus`, expected an IANA time zone such as `UTC` or `America/Toronto`'],
    ],
    ['a mistyped value, with zod’s type', { review: { days: { sev1: 'a week' } } }, ['review.days.sev1: Unexpected string, expected number']],
    [
      'a refinement’s message, which holds what is expected',
      { review: { days: { sev1: -1 } } },
      ['review.days.sev1: Unexpected `-1`, expected 0 days or more'],
    ],
    [
      'a check across settings, whose message is whole',
      { review: { days: { sev01: 3 } } },
      ['review.days.sev01: Unexpected severity `sev01` (did you mean `sev1`?), expected one of the configured `severities`: `sev1`, `sev2`, `sev3` or `sev4`'],
    ],
    ['a bound zod words itself, in words', { repeats: { threshold: 2 } }, ['repeats.threshold: Unexpected `2`, expected at most 1']],
    ['a lower bound zod words itself', { github: { timeoutMs: 0 } }, ['github.timeoutMs: Unexpected `0`, expected 1 or more']],
    ['an empty list', { severities: [] }, ['severities: Unexpected empty list, expected a list of at least one entry']],
    ['an empty text', { content: '' }, ['content: Unexpected empty text, expected a text that is not empty']],
    ['a rule level outside the levels', { rules: { secret: 'warning' } }, ['rules.secret: Unexpected `warning`, expected one of `off`, `warn` or `error`']],
    [
      'a rule level inside a mapping',
      { rules: { secret: { level: 'warning' } } },
      ['rules.secret.level: Unexpected `warning`, expected one of `off`, `warn` or `error`'],
    ],
    [
      'a mistyped key of a rule without options, with its one key',
      { rules: { secret: { levle: 'warn' } } },
      ['rules.secret.levle^: Unexpected key `levle` (did you mean `level`?), expected only `level`'],
    ],
    [
      'an option of another rule, with the rule’s own keys',
      { rules: { 'possible-repeat': { windowDays: 3 } } },
      ['rules.possible-repeat.windowDays^: Unexpected key `windowDays`, expected only `level`'],
    ],
    [
      'a mistyped option, with the rule’s keys',
      { rules: { 'watch-expiry': { windowdays: 3 } } },
      ['rules.watch-expiry.windowdays^: Unexpected key `windowdays` (did you mean `windowDays`?), expected one of `level` or `windowDays`'],
    ],
    [
      'a rule setting that is neither a level nor a mapping, with both forms (a rule with options)',
      { rules: { 'watch-expiry': 5 } },
      ['rules.watch-expiry: Unexpected `5`, expected `off`, `warn` or `error`, or a mapping such as `{ level: warn, windowDays: 30 }`'],
    ],
    [
      'a rule setting that is neither a level nor a mapping, with both forms (a rule without options)',
      { rules: { 'possible-repeat': true } },
      ['rules.possible-repeat: Unexpected `true`, expected `off`, `warn` or `error`, or a mapping such as `{ level: warn }`'],
    ],
    [
      'a rule setting that is a list',
      { rules: { secret: ['warn'] } },
      ['rules.secret: Unexpected list, expected `off`, `warn` or `error`, or a mapping such as `{ level: warn }`'],
    ],
    [
      'a rule option above its bound',
      { rules: { 'watch-expiry': { windowDays: 5000 } } },
      ['rules.watch-expiry.windowDays: Unexpected `5000`, expected at most 3660 days (ten years)'],
    ],
    [
      'a rule option below its bound',
      { rules: { 'watch-expiry': { windowDays: -1 } } },
      ['rules.watch-expiry.windowDays: Unexpected `-1`, expected 0 days or more'],
    ],
    [
      'a rule option that is not a whole number',
      { rules: { 'watch-expiry': { windowDays: 1.5 } } },
      ['rules.watch-expiry.windowDays: Unexpected `1.5`, expected a whole number of days such as `30`'],
    ],
    [
      'a rule option of the wrong type, worded by its `expected` metadata',
      { rules: { 'watch-expiry': { windowDays: 'a month' } } },
      ['rules.watch-expiry.windowDays: Unexpected string, expected a whole number of days such as `30`'],
    ],
    [
      'the deprecated `github.watchWindowDays` above its bound, as its new place says it',
      { github: { watchWindowDays: 5000 } },
      ['github.watchWindowDays: Unexpected `5000`, expected at most 3660 days (ten years)'],
    ],
    [
      'the deprecated `github.watchWindowDays` below its bound',
      { github: { watchWindowDays: -1 } },
      ['github.watchWindowDays: Unexpected `-1`, expected 0 days or more'],
    ],
    [
      'the deprecated `github.watchWindowDays` of the wrong type, worded by its `expected` metadata',
      { github: { watchWindowDays: 'x' } },
      ['github.watchWindowDays: Unexpected string, expected a whole number of days such as `30`'],
    ],
    [
      '`rules` that is not a mapping',
      { rules: 'off' },
      ['rules: Unexpected string, expected a mapping of rule ids to settings, such as `{ possible-repeat: off }`'],
    ],
  ])('%s', (_name, data, expected) => {
    expect(messages(configSchema, data, 'setting')).toEqual(expected);
  });
});

describe('reading a schema', () => {
  it('reads the keys of an object through wrappers, transforms, unions and the schema of its other keys', () => {
    expect(objectKeysAt(configSchema, [])).toContain('rules');
    expect(objectKeysAt(configSchema, ['rules', 'watch-expiry'])).toEqual(['level', 'windowDays']);
    expect(objectKeysAt(configSchema, ['rules', 'possible-repeat'])).toEqual(['level']);
    expect(objectKeysAt(frontmatter, ['watch', 3])).toEqual(['name', 'expires', 'issue']);
    expect(objectKeysAt(frontmatter, ['title'])).toBeUndefined();
    expect(expectedAt(configSchema, ['rules', 'watch-expiry', 'windowDays'])).toBe('a whole number of days such as `30`');
  });

  it('finds the settings the schema marks deprecated, with where they moved', () => {
    expect(deprecatedSettings(configSchema, { github: { watchWindowDays: 14, url: 'https://github.com' }, rules: { secret: 'off' } })).toEqual([
      { path: ['github', 'watchWindowDays'], value: 14, movedTo: ['rules', 'watch-expiry', 'windowDays'] },
    ]);
    expect(deprecatedSettings(configSchema, { rules: { 'watch-expiry': { windowDays: 14 } } })).toEqual([]);
    expect(deprecatedSettings(configSchema, 'not a mapping')).toEqual([]);
  });
});
