/**
 * Fuzz property (b), issue 11 item 8: no credential the check knows survives
 * into the published page in any spelling. A token is written into a report in
 * a generated spelling (Markdown escapes, character references, invisible
 * characters, markup splitting it, YAML escapes in the frontmatter) and place
 * (prose, list, table, heading, link text or URL, image text, raw HTML text or
 * attribute, footnote, code); when `checkReports` accepts the report, the page
 * data the site stores (`toSiteReport`: title, summary, body HTML, timeline,
 * action items) must not show the token to a reader: HTML parsed as a browser
 * parses it, character references resolved, attribute values included, URLs
 * percent-decoded and invisible characters removed.
 *
 * It is written against the public API (`checkReports` and the renderer), not
 * the detectors, so it holds whatever the `secret` rule does inside.
 */
import type { Root as HastRoot, RootContent as HastContent } from 'hast';
import fc from 'fast-check';
import rehypeRaw from 'rehype-raw';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { checkReports } from '../../src/lib/check.ts';
import { corpusGraph } from '../../src/lib/graph.ts';
import { parseReport } from '../../src/lib/parse.ts';
import { completeBody, report } from '../../src/lib/rules/examples.ts';
import { syntheticToken } from '../../src/lib/rules/secret.ts';
import { toSiteReport, type SiteReport } from '../../src/lib/site/report.ts';
import { makeConfig } from '../helpers.ts';
import { fuzzParameters, FuzzTally, fuzzTimeout } from './runs.ts';

const config = makeConfig();
const now = new Date('2024-06-01T00:00:00Z');
const base62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Credentials of formats the check knows, made from a seed (never written out: push protection would flag them). */
const tokens: Record<string, (seed: number) => string> = {
  'GitHub token': (seed) => ['gh', 'p_', syntheticToken(36, seed)].join(''),
  'Stripe key': (seed) => ['sk', '_live_', syntheticToken(24, seed)].join(''),
  'Slack token': (seed) => ['xo', 'xb-', syntheticToken(12, seed, '0123456789'), '-', syntheticToken(24, seed + 1)].join(''),
  'AWS access key': (seed) => ['AK', 'IA', syntheticToken(16, seed, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')].join(''),
  'Google API key': (seed) => ['AI', 'za', syntheticToken(35, seed, `${base62}_-`)].join(''),
  'npm token': (seed) => ['np', 'm_', syntheticToken(36, seed)].join(''),
};

/** Characters a browser shows as nothing: format characters, joiners, variation selectors, fillers. */
const invisible = /\p{Cf}|\p{Variation_Selector}|\u034f|\u115f|\u1160|\u180e|\u3164/gu;
const invisibleCharacters = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u200e', '\u202a', '\u2066', '\u2061', '\u034f', '\ufe0f', '\u180e'];

/** One way of writing one character so that it reads the same on the page. */
const characterSpelling = fc.constantFrom('decimal', 'hex', 'named', 'escape');

function spellCharacter(character: string, how: string): string {
  const code = character.codePointAt(0)!;
  if (how === 'decimal') return `&#${code};`;
  if (how === 'hex') return `&#x${code.toString(16).toUpperCase()};`;
  if (how === 'named') return ({ _: '&lowbar;', '-': '&#45;', '.': '&period;' } as Record<string, string>)[character] ?? `&#${code};`;
  // A backslash escapes ASCII punctuation only; before a letter it is shown.
  return /[!-/:-@[-`{-~]/.test(character) ? `\\${character}` : character;
}

/** A spelling of a token as a Markdown body writes it, at generated positions. */
const oneSpelling = fc.oneof(
  fc.constant({ kind: 'plain', spell: (token: string) => token }),
  fc.tuple(characterSpelling, fc.array(fc.nat(), { minLength: 1, maxLength: 3 })).map(([how, positions]) => ({
    kind: `character reference or escape (${how})`,
    spell: (token: string) => {
      const at = new Set(positions.map((position) => position % token.length));
      // The separators (`_`, `-`) are what exports escape; they are always among the spelled ones.
      return [...token].map((character, index) => (at.has(index) || /[_-]/.test(character) ? spellCharacter(character, how) : character)).join('');
    },
  })),
  fc.tuple(fc.constantFrom(...invisibleCharacters), fc.nat()).map(([character, position]) => ({
    kind: `invisible character U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`,
    spell: (token: string) => {
      const at = 1 + (position % (token.length - 1));
      return `${token.slice(0, at)}${character}${token.slice(at)}`;
    },
  })),
  fc.tuple(fc.constantFrom('<!-- -->', '<span></span>', '<wbr>', '**', '`', '<b>', '[', '<code>'), fc.nat()).map(([markup, position]) => ({
    kind: `split by ${markup}`,
    spell: (token: string) => {
      const at = 1 + (position % (token.length - 1));
      const [head, rest] = [token.slice(0, at), token.slice(at)];
      if (markup === '**' || markup === '`') return `${head}${markup}${rest}${markup}`;
      if (markup === '<b>' || markup === '<code>') return `${head}${markup}${rest}${markup.replace('<', '</')}`;
      if (markup === '[') return `${head}[${rest}](#x)`;
      return `${head}${markup}${rest}`;
    },
  })),
  fc.nat().map((position) => ({
    kind: 'percent-encoded',
    spell: (token: string) => {
      const at = position % token.length;
      return `${token.slice(0, at)}%${token.charCodeAt(at).toString(16).toUpperCase()}${token.slice(at + 1)}`;
    },
  })),
  // A link's address reads character references first, then percent escapes: `&#37;67` is `%67`, then `g`.
  fc.tuple(fc.constantFrom('&#37;', '&#x25;', '&percnt;'), fc.nat()).map(([percent, position]) => ({
    kind: `percent-encoded with ${percent}`,
    spell: (token: string) => {
      const at = position % token.length;
      return `${token.slice(0, at)}${percent}${token.charCodeAt(at).toString(16).toUpperCase()}${token.slice(at + 1)}`;
    },
  })),
);

/** One spelling, or two applied in turn (an escaped separator and an invisible character). */
const markdownSpelling = fc.array(oneSpelling, { minLength: 1, maxLength: 2 }).map((spellings) => ({
  kind: spellings.map((spelling) => spelling.kind).join(' + '),
  spell: (token: string) => spellings.reduce((spelled, spelling) => spelling.spell(spelled), token),
}));

/** Where in a report the spelled token goes. */
const places: Record<string, (spelled: string) => string> = {
  prose: (spelled) => `The deploy bot logged in with ${spelled} and failed.`,
  'timeline entry': (spelled) => `- 10:20 Deploy bot used ${spelled}.`,
  'table cell': (spelled) => `| Time | Event |\n|---|---|\n| 10:20 | token ${spelled} |`,
  heading: (spelled) => `### Key ${spelled}`,
  'block quote': (spelled) => `> Quoted from the log: ${spelled}`,
  'link text': (spelled) => `See [the key ${spelled}](https://example.com/docs).`,
  'link URL': (spelled) => `See [the docs](https://example.com/?key=${spelled}).`,
  'link title': (spelled) => `See [the docs](https://example.com/ "key ${spelled}").`,
  'image text': (spelled) => `![key ${spelled}](shot.png)`,
  'raw HTML text': (spelled) => `<div>key ${spelled}</div>`,
  'raw HTML attribute': (spelled) => `<span title="key ${spelled}">hover</span>`,
  'raw HTML link': (spelled) => `<a href="https://example.com/?key=${spelled}">link</a>`,
  'link definition': (spelled) => `See [the docs][docs].\n\n[docs]: https://example.com/?key=${spelled}`,
  footnote: (spelled) => `Note.[^1]\n\n[^1]: The key was ${spelled}.`,
  'code span': (spelled) => `Run \`export TOKEN=${spelled}\`.`,
  'code block': (spelled) => `\`\`\`sh\nexport TOKEN=${spelled}\n\`\`\``,
  'nested list': (spelled) => `1. First\n   - nested ${spelled}`,
};

/**
 * Holes the property found, reported to the owner of the `secret` rule: the
 * property skips them, and the `it.fails` tests below show each one, so the
 * suite turns red (remove the entry then) once a hole is closed.
 */
const knownBodyHoles: readonly { what: string; matches: (place: string, spelling: string) => boolean }[] = [];

/** A spelling of a token in a YAML frontmatter value (the page shows the title). */
const yamlSpelling = fc.constantFrom(
  { kind: 'YAML plain', spell: (token: string) => token },
  {
    kind: 'YAML escape \\x',
    spell: (token: string) => `"${token.replace(/[_-]/g, (character) => `\\x${character.charCodeAt(0).toString(16).toUpperCase()}`)}"`,
  },
  {
    kind: 'YAML escape \\u',
    spell: (token: string) => `"${token.replace(/[_-]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`,
  },
  { kind: 'YAML invisible character', spell: (token: string) => `"${token.slice(0, 3)}\\u200B${token.slice(3)}"` },
  { kind: 'YAML soft hyphen', spell: (token: string) => `"${token.slice(0, 3)}\\u00AD${token.slice(3)}"` },
  { kind: 'YAML folded', spell: (token: string) => `>-\n  Token\n  ${token}` },
);

/** Known holes in frontmatter values (see `knownBodyHoles`): none since YAML escapes of invisible characters are dropped. */
const knownFrontmatterHoles: readonly string[] = [];

const parseHtml = unified().use(rehypeRaw);

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

const urlAttributes = new Set(['href', 'src', 'cite', 'poster']);

/** What a reader can see or copy of some HTML: its text (elements joined), and every attribute value, addresses percent-decoded. */
function visibleHtml(html: string): string[] {
  const tree = parseHtml.runSync({ type: 'root', children: [{ type: 'raw', value: html }] } as unknown as HastRoot) as HastRoot;
  const seen: string[] = [];
  let text = '';
  const walk = (node: HastRoot | HastContent) => {
    if (node.type === 'text') text += node.value;
    if (node.type === 'element') {
      for (const [name, value] of Object.entries(node.properties)) {
        // A browser shows a link's address decoded (status bar, copy); other attributes as they are.
        for (const item of Array.isArray(value) ? value : [value]) if (typeof item === 'string') seen.push(urlAttributes.has(name) ? safeDecode(item) : item);
      }
    }
    if ('children' in node) for (const child of node.children) walk(child);
  };
  walk(tree);
  seen.push(text);
  return seen;
}

/** Every string a page shows of a stored report (HTML parts read as a browser reads them). */
function visibleStrings(site: SiteReport): string[] {
  const found: string[] = [];
  const walk = (value: unknown, key: string) => {
    if (typeof value === 'string') found.push(...(key === 'html' ? visibleHtml(value) : [value]));
    else if (Array.isArray(value)) for (const item of value) walk(item, key);
    else if (value && typeof value === 'object') for (const [field, inner] of Object.entries(value)) walk(inner, field);
  };
  walk(site, '');
  return found.map((text) => text.replace(invisible, ''));
}

describe('fuzz: no credential reaches the page', () => {
  it('the plain tokens of every kind are found by the check (else the property below proves nothing)', () => {
    for (const [kind, make] of Object.entries(tokens)) {
      const text = report({ body: completeBody.replace('Rolled back release 42.', `Rolled back release 42 with ${make(1)}.`) });
      const diagnostics = checkReports([parseReport('postmortems/2024-03-01-api-down.md', text, config)], config, { now });
      expect(
        diagnostics.map((diagnostic) => diagnostic.ruleId),
        kind,
      ).toContain('secret');
    }
  });

  it(
    'shows no token of a report check accepts, however the body spells it',
    () => {
      const tally = new FuzzTally('credentials in the body');
      const holes: string[] = [];
      fc.assert(
        fc.property(
          fc.constantFrom(...Object.keys(tokens)),
          fc.nat(1_000_000),
          markdownSpelling,
          fc.constantFrom(...Object.keys(places)),
          (kind, seed, spelling, placeName) => {
            const where = places[placeName]!;
            if (knownBodyHoles.some((hole) => hole.matches(placeName, spelling.kind))) {
              tally.add('known hole, skipped');
              return;
            }
            const token = tokens[kind]!(seed);
            const body = completeBody.replace('## Action Items', `## Notes\n\n${where(spelling.spell(token))}\n\n## Action Items`);
            const parsed = parseReport('postmortems/2024-03-01-api-down.md', report({ body }), config);
            const diagnostics = checkReports([parsed], config, { now });
            if (diagnostics.some((diagnostic) => diagnostic.severity === 'error')) {
              tally.add(diagnostics.some((diagnostic) => diagnostic.ruleId === 'secret') ? 'refused by the secret rule' : 'refused by another rule');
              return;
            }
            const site = toSiteReport({ report: parsed, diagnostics, graph: corpusGraph([parsed], config), config })!;
            const shown = visibleStrings(site).some((text) => text.includes(token));
            tally.add(shown ? 'accepted, token shown' : 'accepted, token not shown');
            if (shown) holes.push(`${kind}, ${spelling.kind}, ${placeName}: ${where(spelling.spell('<TOKEN>'))}`);
            expect(shown, `${kind} spelled as ${spelling.kind} is accepted by check and shown on the page:\n${where(spelling.spell(token))}`).toBe(false);
          },
        ),
        fuzzParameters(300),
      );
      tally.print();
      expect(holes).toEqual([]);
    },
    fuzzTimeout(300, 100),
  );

  it(
    'shows no token of a report check accepts, however its frontmatter spells it',
    () => {
      const tally = new FuzzTally('credentials in the frontmatter');
      fc.assert(
        fc.property(fc.constantFrom(...Object.keys(tokens)), fc.nat(1_000_000), yamlSpelling, (kind, seed, spelling) => {
          if (knownFrontmatterHoles.includes(spelling.kind)) {
            tally.add('known hole, skipped');
            return;
          }
          const token = tokens[kind]!(seed);
          const parsed = parseReport('postmortems/2024-03-01-api-down.md', report({ title: spelling.spell(token) }), config);
          const diagnostics = checkReports([parsed], config, { now });
          if (diagnostics.some((diagnostic) => diagnostic.severity === 'error')) {
            tally.add(diagnostics.some((diagnostic) => diagnostic.ruleId === 'secret') ? 'refused by the secret rule' : 'refused by another rule');
            return;
          }
          const site = toSiteReport({ report: parsed, diagnostics, graph: corpusGraph([parsed], config), config })!;
          tally.add('accepted');
          expect(
            visibleStrings(site).some((text) => text.includes(token)),
            `${kind} spelled as ${spelling.kind} in the title is shown`,
          ).toBe(false);
        }),
        fuzzParameters(100),
      );
      tally.print();
    },
    fuzzTimeout(100, 100),
  );

  /** A report with `token` written by `write`, checked and rendered: whether check accepts it and the page shows the token. */
  function outcome(text: string, token: string) {
    const parsed = parseReport('postmortems/2024-03-01-api-down.md', text, config);
    const diagnostics = checkReports([parsed], config, { now });
    const accepted = !diagnostics.some((diagnostic) => diagnostic.severity === 'error');
    const site = toSiteReport({ report: parsed, diagnostics, graph: corpusGraph([parsed], config), config });
    return { accepted, shown: site !== undefined && visibleStrings(site).some((text) => text.includes(token)) };
  }

  const github = tokens['GitHub token']!(42);
  it('refuses `![key ghp_**…**](x.png)`: emphasis in image text that the alt attribute shows whole', () => {
    const spelled = `${github.slice(0, 6)}**${github.slice(6)}**`;
    const body = completeBody.replace('## Action Items', `## Notes\n\n${places['image text']!(spelled)}\n\n## Action Items`);
    expect(outcome(report({ body }), github)).not.toEqual({ accepted: true, shown: true });
  });

  it('refuses `<a href="…?t=&#37;67hp&#95;…">`: a percent escape spelled with a reference, which the address decodes after it', () => {
    const spelled = `&#37;${github.charCodeAt(0).toString(16)}${github.slice(1).replace('_', '&#95;')}`;
    for (const place of ['raw HTML link', 'link URL', 'link definition']) {
      const body = completeBody.replace('## Action Items', `## Notes\n\n${places[place]!(spelled)}\n\n## Action Items`);
      expect(outcome(report({ body }), github), place).not.toEqual({ accepted: true, shown: true });
    }
  });

  it('refuses `title: "ghp\\u200B…"`: a YAML escape that puts an invisible character inside a token', () => {
    expect(outcome(report({ title: `"${github.slice(0, 3)}\\u200B${github.slice(3)}"` }), github)).not.toEqual({ accepted: true, shown: true });
  });
});
