import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../../src/lib/config-errors.ts';

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

describe('`publish` in hindsight.config.yaml', () => {
  it('has defaults: internal reports, an `Internal notes` section, private-use domains', () => {
    expect(parseConfig({}).publish).toEqual({
      defaultVisibility: 'internal',
      internalSections: ['Internal notes'],
      internalDomains: ['*.internal', '*.intranet', '*.corp', '*.lan', '*.home.arpa'],
    });
  });

  it('takes a list of domains that replaces the default one', () => {
    expect(parseConfig({ publish: { internalDomains: ['corp.acme.com', '*.internal'], defaultVisibility: 'public' } }).publish).toMatchObject({
      defaultVisibility: 'public',
      internalDomains: ['corp.acme.com', '*.internal'],
    });
  });

  it('refuses a visibility, a domain or a key it does not know, saying what it expects', () => {
    expect(problem({ publish: { defaultVisibility: 'customers' } })).toContain('publish.defaultVisibility');
    expect(problem({ publish: { defaultVisibility: 'customers' } })).toMatch(/internal.*public/);
    expect(problem({ publish: { internalDomains: ['https://corp.acme.com/'] } })).toContain(
      '- **publish.internalDomains.0**: Unexpected `https://corp.acme.com/`, expected a domain such as `corp.acme.com` or `*.internal`',
    );
    expect(problem({ publish: { internalSection: ['Notes'] } })).toContain('internalSections');
  });
});
