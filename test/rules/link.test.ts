import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { looksLikeUrl, redactUrl, urlProblem } from '../../src/lib/links.ts';
import { completeBody, report } from '../../src/lib/rules/examples.ts';
import link from '../../src/lib/rules/link.ts';
import { syntheticToken } from '../../src/lib/rules/secret.ts';
import { brief, checkFiles } from '../helpers.ts';

const path = 'postmortems/2024-03-01-api-down.md';
const check = (text: string) => checkFiles({ [path]: text }, { rule: link });
/** The example report with `extra` as the Resolution section's text, on line 30. */
const withResolution = (extra: string) => report({ body: completeBody.replace('Rolled back release 42.', extra) });
/** `line:column` of each diagnostic, for position-only assertions. */
const places = (text: string) => check(text).map((diagnostic) => `${diagnostic.place.start.line}:${diagnostic.place.start.column}`);

const truncated = (shown: string, where: string) =>
  `Unexpected truncated URL \`${shown}\` ${where}, expected a complete URL with a host, such as \`https://example.com/page\``;
const malformed = (shown: string, where: string, reason: string) =>
  `Unexpected malformed URL \`${shown}\` ${where} (${reason}), expected a URL such as \`https://example.com/page\``;

describe('link', () => {
  describe('reports', () => {
    it("a truncated URL in a link, with rule id, severity and the URL's exact place", () => {
      const [diagnostic, ...rest] = check(withResolution('See [the graph](https://).'));
      expect(rest).toEqual([]);
      expect(diagnostic).toMatchObject({
        ruleId: 'link',
        severity: 'error',
        file: path,
        url: '/rules/link/',
        place: { start: { line: 30, column: 17 }, end: { line: 30, column: 25 } },
        message: truncated('https://', 'in a link'),
      });
    });

    it('`http://` with no host, in every kind of link', () => {
      const text = withResolution('A [link](http://), an image ![graph](http:///graph.png), an autolink <https://>, a [reference][ref].\n\n[ref]: https://');
      expect(check(text).map(brief)).toEqual([
        `30:10: ${truncated('http://', 'in a link')}`,
        `30:38: ${malformed('http:///graph.png', 'in an image', 'three `/` after `http:`')}`,
        `30:71: ${truncated('https://', 'in an autolink')}`,
        `32:8: ${truncated('https://', 'in a link definition')}`,
      ]);
    });

    it('empty link targets and image sources', () => {
      expect(check(withResolution('See [the runbook]() and [the graph](<>) and ![a chart]( ).')).map(brief)).toEqual([
        '30:18: Unexpected empty link target in a link, expected a URL or a relative path',
        '30:37: Unexpected empty link target in a link, expected a URL or a relative path',
        '30:55: Unexpected empty image source in an image, expected a URL or a relative path',
      ]);
    });

    it('bare URLs that are cut off or broken by a placeholder', () => {
      expect(check(withResolution('Open https:// then https://<your-hub>/hub/admin and log in.')).map(brief)).toEqual([
        `30:6: ${truncated('https://', 'in the text')}`,
        `30:20: ${truncated('https://', 'in the text')}`,
      ]);
    });

    it('malformed URLs', () => {
      const text = withResolution(
        [
          '[a](http:/example.com/a)',
          '[b](https//example.com/b)',
          'https://grafana..example.com/d/1',
          '[d](https://example.com:/d)',
          '[e](https://https://example.com/e)',
          '[f](<https://exa mple.com/f>)',
          '[g](https://example.com:99999/g)',
          '[h](https:example.com)',
        ].join('\n'),
      );
      expect(check(text).map(brief)).toEqual([
        `30:5: ${malformed('http:/example.com/a', 'in a link', 'a single `/` after `http:`')}`,
        `31:5: ${malformed('https//example.com/b', 'in a link', 'no `:` after the scheme')}`,
        `32:1: ${malformed('https://grafana..example.com/d/1', 'in an autolink', 'an empty or invalid part in the host `grafana..example.com`')}`,
        `33:5: ${malformed('https://example.com:/d', 'in a link', 'an empty port after `:`')}`,
        `34:5: ${malformed('https://https://example.com/e', 'in a link', 'the scheme is written twice')}`,
        `35:6: ${malformed('https://exa mple.com/f', 'in a link', 'it contains white space')}`,
        `36:5: ${malformed('https://example.com:99999/g', 'in a link', 'not a valid host or port')}`,
        `37:5: ${malformed('https:example.com', 'in a link', 'no `//` after `https:`')}`,
      ]);
    });

    it('`javascript:`, `vbscript:` and `data:` links and images, however they are spelled', () => {
      const text = withResolution(
        '[a](javascript:alert(1)) [b](JavaScript:void(0)) [c](java&#x09;script:alert(1)) [d](vbscript:msgbox) ![e](data:image/svg+xml;base64,PHN2Zz4=) <javascript:alert(1)>',
      );
      const unsafe = (scheme: string, where: string) =>
        `Unexpected \`${scheme}:\` URL ${where}, expected an \`https:\` URL or a relative path (scripts and inline data do not belong in a report)`;
      expect(check(text).map(brief)).toEqual([
        `30:5: ${unsafe('javascript', 'in a link')}`,
        `30:30: ${unsafe('javascript', 'in a link')}`,
        `30:54: ${unsafe('javascript', 'in a link')}`,
        `30:85: ${unsafe('vbscript', 'in a link')}`,
        `30:107: ${unsafe('data', 'in an image')}`,
        `30:144: ${unsafe('javascript', 'in an autolink')}`,
      ]);
    });

    it('finds the URL after labels with brackets, code and escapes, and before titles', () => {
      const text = withResolution('[a [b] c](https://) [`]`](https://) [x\\]](https://) [t](https:// "title") [u](<https://> "t")');
      expect(places(text)).toEqual(['30:11', '30:27', '30:43', '30:57', '30:80']);
    });

    it('URL-like frontmatter values anywhere in the YAML, at their YAML node', () => {
      const text = report({
        extra: [
          'related: [https://, "http:/github.com/acme/api/issues/2"]',
          'watch:',
          '  - name: API TLS certificate',
          '    expires: 2025-03-01',
          '    issue: https://github..com/acme/api/issues/7',
          '',
        ].join('\n'),
      });
      expect(check(text).map(brief)).toEqual([
        `10:11: ${truncated('https://', 'for `related.0`')}`,
        `10:21: ${malformed('http:/github.com/acme/api/issues/2', 'for `related.1`', 'a single `/` after `http:`')}`,
        `14:12: ${malformed('https://github..com/acme/api/issues/7', 'for `watch.0.issue`', 'an empty or invalid part in the host `github..com`')}`,
      ]);
    });

    it('a URL in a frontmatter field the schema does not know (that field gets its own `frontmatter` message)', () => {
      expect(check(report({ extra: 'links:\n  dashboard: https://\n' })).map(brief)).toEqual([`11:14: ${truncated('https://', 'for `links.dashboard`')}`]);
    });

    it('never quotes a password from a URL', () => {
      const password = syntheticToken(16, 31);
      const [diagnostic] = check(withResolution(`[db](postgres://admin:${password}@)`));
      expect(diagnostic!.message).toBe(truncated('postgres://admin:…@', 'in a link'));
      expect(JSON.stringify(diagnostic)).not.toContain(password);
    });
  });

  describe('passes', () => {
    it('a complete report', () => {
      expect(check(report())).toEqual([]);
    });

    it('full URLs, relative links, anchors, mail, phone and paths', () => {
      const text = withResolution(
        [
          'See https://status.example.com/incidents/42, www.example.com, <https://grafana.example.com/d/api?from=now-6h&to=now>,',
          'http://localhost:8080/metrics, http://10.15.251.161:8081, https://[::1]:8443/health and',
          '[Wikipedia](https://en.wikipedia.org/wiki/Fail-safe_(engineering)), [previous](./2024-01-10-api-down.md),',
          '[timeline](#timeline), [runbook](/runbooks/api), [on-call](mailto:oncall@example.com), [phone](tel:+15551234567),',
          '[title](https://example.com "A title"), [bucket](s3://acme-logs/2024/), ![graph](../assets/graph.png) and',
          'https://example.com/... (ellipsis after a full URL). A URL in code is not a link: `https://` and',
          '',
          '```',
          'curl https://',
          '```',
          '',
          '[ref]: https://example.com/ref',
        ].join('\n'),
      );
      expect(check(text).map(brief)).toEqual([]);
    });

    it('valid URLs in the frontmatter, and values that only mention a scheme', () => {
      const text = report({
        title: 'Outage of the https proxy',
        extra: 'related: [https://github.com/acme/api/issues/7, acme/api#8]\nresolution_prs: [https://github.com/acme/api/pull/9]\n',
      });
      expect(check(text)).toEqual([]);
    });
  });
});

describe('one bad frontmatter URL, one message', () => {
  it('the `frontmatter` rule leaves malformed URLs to `link`, and the data is still refused', () => {
    const text = report({
      extra:
        'related: [https://, "https:github.com/acme/api/issues/1"]\nresolution_prs: [http:/github.com/acme/api/pull/2]\nwatch:\n  - name: cert\n    expires: 2025-03-01\n    issue: https://\n',
    });
    const diagnostics = checkFiles({ [path]: text });
    const relevant = diagnostics.filter((diagnostic) => ['link', 'frontmatter', 'reference'].includes(diagnostic.ruleId));
    expect(relevant.map((diagnostic) => `${diagnostic.ruleId} ${diagnostic.place.start.line}:${diagnostic.place.start.column}`)).toEqual([
      'link 10:11',
      'link 10:21',
      'link 11:18',
      'link 15:12',
    ]);
  });

  it('the `frontmatter` rule still reports a value that is not a URL problem', () => {
    const diagnostics = checkFiles({ [path]: report({ extra: 'related: ["ftp://example.com/x"]\n' }) });
    expect(diagnostics.filter((diagnostic) => diagnostic.ruleId !== 'link').map(brief)).toEqual([
      '10:11: Unexpected `ftp://example.com/x` for `related.0`, expected a report id, an issue URL or `owner/repo#123`',
    ]);
    expect(diagnostics.filter((diagnostic) => diagnostic.ruleId === 'link')).toEqual([]);
  });
});

describe('urlProblem', () => {
  it.each([
    ['', 'empty'],
    ['  ', 'empty'],
    ['https://', 'truncated'],
    ['http://', 'truncated'],
    ['https://…', 'truncated'],
    ['https://...', 'truncated'],
    ['mailto:', 'truncated'],
    ['s3://', 'truncated'],
    ['http:/x.com', 'malformed'],
    ['https//x.com', 'malformed'],
    ['JAVASCRIPT:alert(1)', 'unsafe'],
    [' data:text/html,<b>', 'unsafe'],
  ])('%j is %s', (url, kind) => {
    expect(urlProblem(url)?.kind).toBe(kind);
  });

  it.each(['./a.md', '#timeline', '/runbooks/db', 'mailto:a@example.com', 'https://example.com', 'http://localhost:3000/x', 'file:///etc/hosts', 'C:\\logs'])(
    'accepts %j',
    (url) => expect(urlProblem(url)).toBeUndefined(),
  );

  it('accepts unsafe schemes when asked to (frontmatter values are not rendered as links)', () => {
    expect(urlProblem('javascript:alert(1)', { allowUnsafe: true })).toBeUndefined();
  });
});

describe('looksLikeUrl and redactUrl', () => {
  it('recognises URL-like values only', () => {
    expect(['https://x', 'http:/x', 'https//x', 's3://bucket'].map(looksLikeUrl)).toEqual([true, true, true, true]);
    expect(['acme/api#1', '2024-03-01-api-down', 'the https proxy', 'mailto:x@y.z'].map(looksLikeUrl)).toEqual([false, false, false, false]);
  });

  it('hides passwords and tokens', () => {
    const password = syntheticToken(12, 32);
    expect(redactUrl(`https://deploy:${password}@ci.example.com/x`)).toBe('https://deploy:…@ci.example.com/x');
    const token = ['np', 'm_', syntheticToken(36, 33)].join('');
    expect(redactUrl(`https://registry.example.com/?t=${token}`)).toBe('https://registry.example.com/?t=npm_…');
  });
});

describe('properties', () => {
  it('never throws, and an absolute http(s) URL it accepts is one the URL parser accepts', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 80 }),
          fc.webUrl().map((url) => url.replace(/[a-z.]/g, (c) => (c === '.' ? '..' : c))),
        ),
        (url) => {
          const problem = urlProblem(url);
          if (!problem && /^https?:/i.test(url.trim())) expect(URL.canParse(url.trim())).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('accepts the URLs fast-check considers valid web URLs', () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (url) => {
        expect(urlProblem(url)).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });
});

describe('link on archived reports', () => {
  it('stays an error: a broken link is broken in history too', () => {
    const text = report({ status: 'archived', body: completeBody.replace('Rolled back release 42.', 'See https:// for details.') });
    expect(check(text).map((diagnostic) => diagnostic.severity)).toEqual(['error']);
  });
});
