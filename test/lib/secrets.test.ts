import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { syntheticToken } from '../../src/lib/rules/secret.ts';
import { detectSecrets, isCredentialValue, isPlaceholder, redactSecrets, secretKinds, shannonEntropy } from '../../src/lib/secrets.ts';
import { detectors } from '../../src/lib/secrets/detectors.ts';
import { secretSamples, type SecretSample } from '../fixtures/secrets/samples.ts';

describe('detectSecrets', () => {
  it.each(secretSamples.map((sample) => [sample.name, sample] as const))('finds a %s at its exact place', (_name, sample) => {
    const text = `Some prose first.\n\n${sample.line}\n\nAnd after.\n`;
    const findings = detectSecrets(text);
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding).toMatchObject({ kind: sample.kind, label: sample.label, excerpt: sample.excerpt });
    expect(text.slice(finding!.start, finding!.end)).toBe(sample.secret);
  });

  it('covers at least 15 kinds, each with a sample', () => {
    const sampled = new Set(secretSamples.map((sample) => sample.kind));
    expect(sampled.size).toBeGreaterThanOrEqual(15);
    expect([...sampled].sort()).toEqual(Object.keys(secretKinds).sort());
  });

  it('never puts the secret, or a long part of it, in the excerpt', () => {
    for (const sample of secretSamples) {
      const [finding] = detectSecrets(sample.line);
      const publicPrefix = finding!.excerpt.replace(/…$/, '');
      // What is left once the public parts (a known prefix, PEM armour lines) are taken away.
      const random = sample.secret.slice(sample.secret.startsWith(publicPrefix) ? publicPrefix.length : 0).replace(/-----(?:BEGIN|END) [A-Z ]+-----/g, '');
      for (let start = 0; start + 6 <= random.length; start++) {
        expect(finding!.excerpt, sample.name).not.toContain(random.slice(start, start + 6));
      }
      expect(finding!.excerpt.length, sample.name).toBeLessThan(40);
    }
  });

  it('prefers the specific kind over a generic one covering the same value', () => {
    const token = ['gh', 'p_', syntheticToken(36, 1)].join('');
    const findings = detectSecrets(`token=${token}\nhttps://x-access-token:${token}@github.com/acme/api.git`);
    expect(findings.map((finding) => finding.kind)).toEqual(['github-token', 'github-token']);
  });

  it('finds every secret on a line that holds several', () => {
    const key = ['AK', 'IA', syntheticToken(16, 2, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')].join('');
    const secret = syntheticToken(40, 3, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');
    const findings = detectSecrets(`AWS_ACCESS_KEY_ID=${key} AWS_SECRET_ACCESS_KEY=${secret}`);
    expect(findings.map((finding) => finding.kind)).toEqual(['aws-access-key-id', 'aws-secret-access-key']);
  });

  it('reads a private key joined with literal \\n, as in a service-account JSON file', () => {
    const lines = Array.from({ length: 4 }, (_, line) => syntheticToken(64, 40 + line, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'));
    const header = ['-----BEGIN ', 'PRIVATE KEY-----'].join('');
    const text = `{"private_key": "${header}\\n${lines.join('\\n')}\\n-----END PRIVATE KEY-----\\n", "client_email": "x"}`;
    const [finding, ...rest] = detectSecrets(text);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ kind: 'private-key', start: text.indexOf(header), end: text.indexOf('-----END PRIVATE KEY-----') + 25 });
  });

  it('reads a private key quoted in a Markdown block quote', () => {
    const lines = Array.from(
      { length: 3 },
      (_, line) => `> ${syntheticToken(64, 50 + line, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/')}`,
    );
    const text = ['> -----BEGIN OPENSSH ', 'PRIVATE KEY-----\n', lines.join('\n'), '\n> -----END OPENSSH PRIVATE KEY-----\n'].join('');
    const [finding] = detectSecrets(text);
    expect(finding).toMatchObject({ kind: 'private-key', excerpt: '-----BEGIN OPENSSH PRIVATE KEY-----…', start: 2 });
    expect(text.slice(finding!.end - 5, finding!.end)).toBe('Y-----'.slice(1));
  });

  describe('leaves alone', () => {
    const prose = [
      'Rotate every ghp_ and github_pat_ token; GitHub tokens start with `ghp_`, `gho_`, `ghs_`.',
      'PyPI tokens start with `pypi-` and npm tokens with `npm_`; see the pypi-announce list.',
      'Slack tokens look like `xoxb-…` and webhooks like https://hooks.slack.com/services/….',
      'Stripe keys (`sk_live_…`), OpenAI keys (`sk-…`), AWS keys (`AKIA…`), Google keys (`AIza…`).',
      'The -----BEGIN RSA PRIVATE KEY----- header was found in the logs, but no key followed it.',
      'The password was changed. The token: expired. Secret: rotated. password: Incorrect',
      'token: v2-rollout, secret: release-42, password: node-pool-2, api_key: us-east-1a',
      'Their user entered the wrong password; the token expired at 10:42.',
      'access_token="0d6a9bb5af126f73350a2afc058492765446aaad" was a commit-like hex string.',
      'token=1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a1b is a request id (a UUID).',
      'Mounting "default-token-ftskg" failed; secret_name: docker-push-secret',
      'PEERS="4202b41ccc3032011969005a215e1dbe36e3ba23@65.2.136.12:26656"',
      'git clone git@github.com:acme/api.git; ssh://git@github.com:22/acme/api',
      'curl -H "Authorization: Bearer $TOKEN" https://api.example.com',
      "headers={'Authorization': 'token ' + os.environ['CONFIGPROXY_AUTH_TOKEN']}",
      'password = settings.DATABASE_PASSWORD and token = os.environ["GH_TOKEN"] and secret: getSecret()',
      'ReadOnlyToken: MyApiTokenName, token: kube-system-default-token',
      'https://user:password@example.com and https://admin:<password>@db and postgres://app:${PGPASSWORD}@db',
      'export GITHUB_TOKEN=${{ secrets.GITHUB_TOKEN }}',
    ];
    it.each(prose)('%s', (text) => {
      expect(detectSecrets(text)).toEqual([]);
    });

    const placeholders = [
      ['gh', 'p_', 'x'.repeat(36)],
      ['gh', 'p_', '0'.repeat(36)],
      ['AK', 'IA', 'IOSFODNN7EXAMPLE'],
      ['aws_secret_access_key = ', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'],
      ['password=', 'changeme'],
      ['password: ', '<password>'],
      ['api_key: ', '${API_KEY}'],
      ['token: ', 'REDACTED'],
      ['secret=', '********'],
      ['DB_PASSWORD=', 'xxxxxxxxxxxx'],
      ['token: ', '[REDACTED]'],
      ['password: ', 'your-password-here'],
    ].map((parts) => parts.join(''));
    it.each(placeholders)('placeholder %s', (text) => {
      expect(detectSecrets(text)).toEqual([]);
    });
  });
});

/**
 * The ways a file can spell a credential that its page shows whole: each turns
 * the secret into another spelling of the same rendered text.
 */
const spellings: Record<string, (secret: string) => string | undefined> = {
  // Google Docs and Notion exports escape Markdown punctuation: `ghp\_…`.
  'Markdown escapes': (secret) => (/[!-/:-@[-`{-~]/.test(secret) ? secret.replace(/[!-/:-@[-`{-~]/g, (character) => `\\${character}`) : undefined),
  'a decimal character reference': (secret) => `&#${secret.codePointAt(0)};${secret.slice(1)}`,
  'a hexadecimal character reference': (secret) => {
    const middle = Math.floor(secret.length / 2);
    return `${secret.slice(0, middle)}&#x${secret.charCodeAt(middle).toString(16).toUpperCase()};${secret.slice(middle + 1)}`;
  },
  'a named character reference': (secret) =>
    secret.includes('_') ? secret.replaceAll('_', '&lowbar;') : secret.includes('.') ? secret.replace('.', '&period;') : undefined,
  'a zero width space': (secret) => `${secret.slice(0, 10)}\u200b${secret.slice(10)}`,
  'zero width joiners': (secret) => `${secret.slice(0, 5)}\u200c${secret.slice(5, 12)}\u200d${secret.slice(12)}`,
  'a word joiner': (secret) => `${secret.slice(0, 8)}\u2060${secret.slice(8)}`,
  'a byte order mark': (secret) => `${secret.slice(0, 3)}\ufeff${secret.slice(3)}`,
  'a soft hyphen': (secret) => `${secret.slice(0, 12)}\u00ad${secret.slice(12)}`,
  'an invisible character as a reference': (secret) => `${secret.slice(0, 6)}&ZeroWidthSpace;${secret.slice(6)}`,
  // In a link's address the references are read first, then the percent escape: `&#37;67` is `%67`, which is `g`.
  'a percent escape whose `%` is a character reference': (secret) =>
    /^[A-Za-z0-9._~-]/.test(secret) ? `&#37;${secret.charCodeAt(0).toString(16).toUpperCase()}${secret.slice(1)}` : undefined,
  'a percent escape whose digit is a character reference': (secret) => {
    const middle = Math.floor(secret.length / 2);
    const hex = secret.charCodeAt(middle).toString(16).toUpperCase();
    return /[A-Za-z0-9._~-]/.test(secret.charAt(middle))
      ? `${secret.slice(0, middle)}%&#${hex.charCodeAt(0)};${hex.slice(1)}${secret.slice(middle + 1)}`
      : undefined;
  },
  'a Markdown-escaped percent escape': (secret) => {
    const middle = Math.floor(secret.length / 2);
    const hex = secret.charCodeAt(middle).toString(16).toUpperCase();
    return /[A-Za-z0-9._~-]/.test(secret.charAt(middle)) ? `${secret.slice(0, middle)}\\%${hex}${secret.slice(middle + 1)}` : undefined;
  },
};

describe('detectSecrets, however the text spells a credential', () => {
  const cases = secretSamples.flatMap((sample) =>
    Object.entries(spellings).flatMap(([spelling, disguise]) => {
      const disguised = disguise(sample.secret);
      return disguised === undefined ? [] : [[`${sample.name} written with ${spelling}`, sample, disguised] as [string, SecretSample, string]];
    }),
  );

  it.each(cases)('finds a %s, placed on its spelling', (_name, sample, disguised) => {
    const line = sample.line.replace(sample.secret, disguised);
    const text = `Some prose first.\n\n${line}\n\nAnd after.\n`;
    const findings = detectSecrets(text);
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding).toMatchObject({ kind: sample.kind, label: sample.label, excerpt: sample.excerpt, disguised: true });
    // A Markdown escape before the first character is markup: the finding starts at the character it escapes.
    expect(text.slice(finding!.start, finding!.end)).toBe(disguised.replace(/^\\/, ''));
  });

  it('masks them in messages too', () => {
    const token = ['gh', 'p_', syntheticToken(36, 31)].join('');
    for (const disguise of Object.values(spellings)) {
      const disguised = disguise(token)!;
      const masked = redactSecrets(`token ${disguised} leaked`);
      expect(masked).toBe('token ghp_… leaked');
    }
  });

  it('reads a password with a raw `@` to the last `@` before the host, as URL parsers do', () => {
    const password = `p@ss${syntheticToken(12, 32)}`;
    for (const written of [password, password.replace('@', '&#64;'), password.replace('@', '&commat;')]) {
      const text = `DATABASE_URL=postgres://deploy:${written}@db.internal:5432/app`;
      const [finding, ...rest] = detectSecrets(text);
      expect(rest).toEqual([]);
      expect(finding).toMatchObject({ kind: 'url-credentials', excerpt: 'postgres://deploy:…@db.internal' });
      expect(text.slice(finding!.start, finding!.end)).toBe(written);
    }
  });

  it('does not decode a reference twice, nor an escaped one: `&amp;#95;` and `\\&#95;` show as written', () => {
    const body = syntheticToken(36, 33);
    expect(detectSecrets(`ghp&amp;#95;${body}`)).toEqual([]);
    expect(detectSecrets(`ghp\\&#95;${body}`)).toEqual([]);
  });

  it('leaves escaped prose about tokens alone', () => {
    const prose = [
      'Rotate the `DB\\_PASSWORD` secret and the api\\_key; the \\*\\*\\* in the logs was the token.',
      'The GITHUB\\_TOKEN secret expired; secret\\_name: docker\\-push\\-secret.',
      'Tokens start with `ghp&#95;` or `github&#95;pat&#95;`; see https://docs.example.com/tokens?page=2&amp;lang=en.',
      'token&#58; acme/infra#12 and password&#61;&lt;redacted&gt;',
      'password\\_reset\\_url: https://example.com/reset and token: ${{ secrets.DEPLOY\\_TOKEN }}',
      'The\u200b token\u200b was\u00ad rotated.',
    ];
    for (const text of prose) expect(detectSecrets(text), text).toEqual([]);
  });
});

describe('generic assignments in prose and action items (#8)', () => {
  it.each([
    '- [ ] Rotate the deploy token: acme/infra#12',
    '- [ ] Rotate the deploy token: acme/infra#12 (@alice, due: 2024-04-01)',
    '- [x] Move the database password to the vault: ops/vault#203',
    '- [ ] Revoke the API key: https://github.com/acme/infra/issues/12',
    '- [ ] Rotate secret: ENG-1234',
    '- [ ] New token: infra/deploy/token.yaml',
    '- [ ] Rotate the session token: acme/infra!34',
    '- [ ] token: #1234',
    'password: reset by alice@example.com',
    'secret: ops-team@example.com',
    'token: sha256:0d6a9bb5af126f73350a2afc058492765446aaad0d6a9bb5af126f73',
    'token: 2024-03-01T10:42:00Z',
    'token: v1.2.3-rc.1',
    'key: kube-system/default-token-abcde',
    'secret: secret/data/prod/api',
    'api_key: <redacted>',
    'password: ***',
    'token: xxxx-xxxx-xxxx',
    'token: ${TOKEN}',
  ])('%s', (text) => {
    expect(detectSecrets(text)).toEqual([]);
  });

  it('still reports a random value after the same labels', () => {
    const value = syntheticToken(24, 34, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+');
    for (const line of [`- [ ] Rotate the deploy token: ${value}`, `token: ${value}`, `password=${value}`]) {
      expect(
        detectSecrets(line).map((finding) => finding.kind),
        line,
      ).toEqual(['generic-assignment']);
    }
  });
});

describe('isPlaceholder', () => {
  it.each(['<token>', 'xxxx', '${TOKEN}', '$TOKEN', 'changeme', 'REDACTED', '***', '{{ secrets.X }}', '%s', '…', 'aaaaaaaa', 'example-key'])(
    'treats %s as a placeholder',
    (value) => expect(isPlaceholder(value)).toBe(true),
  );
  it('does not treat a random value as a placeholder', () => {
    expect(isPlaceholder(syntheticToken(24, 9))).toBe(false);
  });
});

describe('isCredentialValue', () => {
  it('accepts random values and refuses words, names, hex digests, references and short values', () => {
    expect(isCredentialValue(syntheticToken(20, 4))).toBe(true);
    expect(isCredentialValue('Tr0ub4dor&3x')).toBe(true);
    for (const value of ['expired', 'kube-secret-name', 'ReadOnlyToken', 'd34db33fd34db33fd34db33f', 'env.TOKEN', 'abc123', '12345678901', '/etc/secret']) {
      expect(isCredentialValue(value), value).toBe(false);
    }
  });
});

describe('shannonEntropy', () => {
  it('is 0 for one repeated character and log2(n) for n distinct ones', () => {
    expect(shannonEntropy('aaaa')).toBe(0);
    expect(shannonEntropy('abcd')).toBe(2);
    expect(shannonEntropy('')).toBe(0);
  });
});

describe('redactSecrets', () => {
  it('replaces each secret by its excerpt and keeps the rest', () => {
    const token = ['np', 'm_', syntheticToken(36, 5)].join('');
    expect(redactSecrets(`before ${token} after`)).toBe('before npm_… after');
  });
});

describe('performance', () => {
  it('scans long runs of token characters in linear time', () => {
    const text = `${'a_b-c.'.repeat(40_000)} ${'x'.repeat(200_000)} ${'password'.repeat(20_000)}`;
    const started = performance.now();
    detectSecrets(text);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  /** 5 MB of `unit`, repeated. */
  const fill = (unit: string) => unit.repeat(Math.ceil(5_000_000 / unit.length)).slice(0, 5_000_000);

  it.each([
    ['escapes', 'token\\_a\\_'],
    ['character references', 'ghp&#95;ab '],
    ['named references', 'a&lowbar;b&ZeroWidthSpace;'],
    ['invisible characters', 'a\u200b'],
    ['percent-encoding', '%5Fa'],
    ['percent escapes spelled with references', '&#37;6&#55;%&#54;7\\%5F&percnt;&#0000'],
    ['passwords with `@`', 'https://u:p@'],
    ['unclosed references', '&#x&#'],
  ])('reads 5 MB of %s in linear time', (_name, unit) => {
    const text = fill(unit);
    const started = performance.now();
    detectSecrets(text);
    // Under a second on an idle machine; the bound leaves room for a busy CI runner, not for a quadratic scan (minutes).
    expect(performance.now() - started).toBeLessThan(4_000);
  });

  it('keeps a text full of tokens linear in the number of findings', () => {
    const tokens = Array.from({ length: 20_000 }, (_, index) => ['np', 'm_', syntheticToken(36, index + 1)].join(''));
    const text = tokens.map((token) => `token=${token} ${token.replace('_', '\\_')}`).join('\n');
    const started = performance.now();
    expect(detectSecrets(text)).toHaveLength(40_000);
    expect(performance.now() - started).toBeLessThan(3_000);
  });
});

describe('properties', () => {
  const tokenish = fc.string({ unit: fc.constantFrom(...'ab01_-:=.@/ \n`"pwdtokensecret'.split('')), maxLength: 400 });

  it('findings are in bounds, ordered and never overlap, on any text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 400 }), tokenish), (text) => {
        const findings = detectSecrets(text);
        let previousEnd = 0;
        for (const finding of findings) {
          expect(finding.start).toBeGreaterThanOrEqual(previousEnd);
          expect(finding.end).toBeGreaterThan(finding.start);
          expect(finding.end).toBeLessThanOrEqual(text.length);
          previousEnd = finding.end;
        }
      }),
      { numRuns: 300 },
    );
  });

  it('redaction removes a token whatever surrounds it', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.string({ maxLength: 60 }), fc.integer({ min: 1, max: 2 ** 31 }), (before, after, seed) => {
        const token = ['gh', 'p_', syntheticToken(36, seed)].join('');
        expect(redactSecrets(`${before} ${token} ${after}`)).not.toContain(token.slice(4));
      }),
      { numRuns: 200 },
    );
  });
});

describe("detectors' needles (a text without one is not scanned with the pattern)", () => {
  /** The needles a match of `pattern` holds, as the scan looks for them. */
  const needlesIn = (match: string, detector: (typeof detectors)[number]) =>
    detector.needles.filter((needle) => (detector.pattern.ignoreCase ? match.toLowerCase() : match).includes(needle));

  it('are written as the scan compares them: lower case for a pattern that ignores case, which has no `u` flag', () => {
    for (const detector of detectors) {
      expect(detector.needles.length, detector.kind).toBeGreaterThan(0);
      expect(detector.pattern.unicode, detector.kind).toBe(false);
      if (detector.pattern.ignoreCase) for (const needle of detector.needles) expect(needle, detector.kind).toBe(needle.toLowerCase());
    }
  });

  it('are in every match of their pattern: every sample, and texts made of their characters', () => {
    const characters = [...new Set([...detectors.flatMap((detector) => detector.needles).join(''), ...'ab01AZ_-:=.@/ \n`"~+'])];
    const texts = [
      ...secretSamples.map((sample) => sample.line),
      // The other spellings a pattern allows that no sample uses.
      `Endpoint=sb://bus.example.net/;SharedAccessKeyName=root;SharedAccessKey=${'Ab1+'.repeat(11)}=`,
      `TWILIO_AUTH_TOKEN=${'0f'.repeat(16)} and SK${'a1'.repeat(16)}`,
      'xoxe.xoxp-1-ABCDEFGHIJKLMNOP xapp-1-ABCDEFGHIJKLMNOPQ glrt-abcdefghijklmnopqrstu GR1348941abcdefghijklmnopqrstu',
      ...fc.sample(fc.string({ unit: fc.constantFrom(...characters), minLength: 20, maxLength: 300 }), 400),
      ...fc
        .sample(fc.tuple(fc.constantFrom(...secretSamples.map((sample) => sample.line)), fc.string({ maxLength: 20 }), fc.nat()), 300)
        .map(([line, insert, at]) => line.slice(0, at % line.length) + insert + line.slice(at % line.length)),
    ];
    let matches = 0;
    for (const detector of detectors) {
      for (const text of texts) {
        for (const match of text.matchAll(new RegExp(detector.pattern.source, detector.pattern.flags))) {
          matches++;
          expect(needlesIn(match[0], detector), `${detector.kind} in ${JSON.stringify(match[0])}`).not.toEqual([]);
        }
      }
    }
    expect(matches).toBeGreaterThan(secretSamples.length);
  });
});
