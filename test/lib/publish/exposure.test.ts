import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findExposures, internalDomainOf, ipv6Groups, isHarmlessEmail, isPrivateIpv4, isPrivateIpv6 } from '../../../src/lib/publish/exposure.ts';

const defaults = ['*.internal', '*.intranet', '*.corp', '*.lan', '*.home.arpa'];
/** `kind value` of each finding, for compact assertions. */
const found = (text: string, domains: readonly string[] = defaults) => findExposures(text, domains).map((exposure) => `${exposure.kind} ${exposure.value}`);

describe('private IP addresses', () => {
  it.each(['10.0.0.1', '10.255.255.255', '172.16.0.1', '172.31.255.254', '192.168.1.10', '100.64.0.1', '100.127.255.255'])('reports %s', (address) => {
    expect(found(`The pod at ${address} restarted.`)).toEqual([`ip ${address}`]);
  });

  it.each([
    ['public addresses', '8.8.8.8 and 172.15.0.1 and 172.32.0.1 and 100.63.0.1 and 100.128.0.1 and 192.169.0.1'],
    ['documentation ranges', '192.0.2.10, 198.51.100.7 and 203.0.113.254'],
    ['loopback and link-local', '127.0.0.1 and 169.254.169.254'],
    ['versions', 'v10.1.2.3, version-10.1.2.3 and Windows 10.0.19041.1 (build 10.0.17763.1)'],
    ['numbers that are not addresses', '10.0.0.256, 010.1.2.3 and 10.1.2'],
  ])('leaves %s alone', (_name, text) => {
    expect(found(text)).toEqual([]);
  });

  it('finds addresses in URLs, with ports, in CIDR ranges and at the end of a sentence', () => {
    expect(found('http://10.1.2.3:8080/metrics, 192.168.0.0/16 and ssh to 172.20.1.1.')).toEqual(['ip 10.1.2.3', 'ip 192.168.0.0', 'ip 172.20.1.1']);
  });

  it('reports IPv6 unique local and link-local addresses, not others', () => {
    expect(found('fd12:3456:789a:1::1, fc00::/7, [fe80::1%eth0]:22 and FE80:0:0:0:0:0:0:1')).toEqual([
      'ip fd12:3456:789a:1::1',
      'ip fc00::',
      'ip fe80::1',
      'ip FE80:0:0:0:0:0:0:1',
    ]);
    expect(found('2001:db8::1, ::1, 2606:4700::6810:84e5, fe:80:12:34:56:78 (a MAC address) and 12:30:45')).toEqual([]);
  });

  it('classifies by range', () => {
    expect(isPrivateIpv4([172, 16, 0, 0])).toBe(true);
    expect(isPrivateIpv4([172, 32, 0, 0])).toBe(false);
    expect(isPrivateIpv6(ipv6Groups('fdff::')!)).toBe(true);
    expect(isPrivateIpv6(ipv6Groups('febf::')!)).toBe(true);
    expect(isPrivateIpv6(ipv6Groups('fec0::')!)).toBe(false);
    expect(ipv6Groups('1:2:3:4:5:6:7')).toBeUndefined();
    expect(ipv6Groups('1::2::3')).toBeUndefined();
    expect(ipv6Groups('1:2:3:4:5:6:7:8')).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});

describe('e-mail addresses', () => {
  it('reports personal addresses', () => {
    expect(found('Paged alice@acme.com and bob.smith+oncall@mail.acme.co.uk.')).toEqual(['email alice@acme.com', 'email bob.smith+oncall@mail.acme.co.uk']);
  });

  it.each([
    'noreply@github.com',
    'no-reply@accounts.google.com',
    'do-not-reply@acme.com',
    'git@github.com:acme/api.git',
    'security@pypi.org',
    'binder-team@googlegroups.com',
    'abuse@acme.com',
    'ops@example.com',
    'a@b.example',
    'x@y.test',
  ])('leaves %s alone', (text) => expect(found(text)).toEqual([]));

  it('is not fooled by peer addresses, package scopes or image digests', () => {
    expect(found('4202b41c@65.2.136.12, @acme/api, image@sha256:abc and user@localhost')).toEqual([]);
  });

  it('reports an address at an internal domain once, as an address, with its domain', () => {
    expect(findExposures('Mail oncall@ops.corp or security@ops.corp', defaults)).toEqual([
      { kind: 'email', value: 'oncall@ops.corp', start: 5, end: 20, domain: '*.corp' },
    ]);
    expect(isHarmlessEmail('security@ops.corp')).toBe(true);
  });
});

describe('internal host names', () => {
  it('reports hosts under the default domains', () => {
    expect(found('See https://grafana.ops.internal/d/1 and db1.lan; nas.home.arpa.')).toEqual([
      'host grafana.ops.internal',
      'host db1.lan',
      'host nas.home.arpa',
    ]);
  });

  it('matches a configured domain and the hosts below it, any case; `*.` only below', () => {
    const domains = ['corp.acme.com', '*.internal'];
    expect(found('corp.acme.com, Grafana.Corp.Acme.com and internal', domains)).toEqual(['host corp.acme.com', 'host Grafana.Corp.Acme.com']);
    expect(found('acme.com, notcorp.acme.com and corp.acme.community', domains)).toEqual([]);
    expect(internalDomainOf('db.corp.acme.com.', domains)).toBe('corp.acme.com');
  });

  it('finds nothing without domains', () => {
    expect(found('grafana.ops.internal', [])).toEqual([]);
  });
});

describe('properties', () => {
  it('never throws, and every finding is the text at its offsets', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789.:abcdef@-x '.split('')), maxLength: 80 }), (text) => {
        for (const exposure of findExposures(text, defaults)) expect(text.slice(exposure.start, exposure.end)).toBe(exposure.value);
      }),
      { numRuns: 500 },
    );
  });
});
