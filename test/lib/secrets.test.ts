import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { syntheticToken } from '../../src/lib/rules/secret.ts';
import { detectSecrets, isCredentialValue, isPlaceholder, redactSecrets, secretKinds, shannonEntropy } from '../../src/lib/secrets.ts';
import { secretSamples } from '../fixtures/secrets/samples.ts';

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
      const random = sample.secret
        .slice(sample.secret.startsWith(publicPrefix) ? publicPrefix.length : 0)
        .replace(/-----(?:BEGIN|END) [A-Z ]+-----/g, '');
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
    const lines = Array.from({ length: 3 }, (_, line) => `> ${syntheticToken(64, 50 + line, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/')}`);
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
