import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/lib/config-errors.ts';
import { configProblem } from '../../helpers.ts';

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
    expect(configProblem({ publish: { defaultVisibility: 'customers' } })).toContain('publish.defaultVisibility');
    expect(configProblem({ publish: { defaultVisibility: 'customers' } })).toMatch(/internal.*public/);
    expect(configProblem({ publish: { internalDomains: ['https://corp.acme.com/'] } })).toContain(
      '- **publish.internalDomains.0**: Unexpected `https://corp.acme.com/`, expected a domain such as `corp.acme.com` or `*.internal`',
    );
    expect(configProblem({ publish: { internalSection: ['Notes'] } })).toContain('internalSections');
  });
});
