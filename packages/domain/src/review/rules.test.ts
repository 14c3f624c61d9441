import { describe, expect, it } from 'vitest';
import { checkClientDomain, domainMatches, domainOf, normalizeKeyword, titleHasKeyword } from './rules.ts';

describe('checkClientDomain', () => {
  it('normalizes a domain', () => {
    expect(checkClientDomain(' @Acme.COM ')).toEqual({ ok: true, domain: 'acme.com' });
    expect(checkClientDomain('eu.acme.co.uk')).toEqual({ ok: true, domain: 'eu.acme.co.uk' });
  });

  it.each(['acme', 'bob@acme.com', 'acme..com', '-acme.com', 'acme.c0m', 'http://acme.com', ''])('refuses %j as not a domain', (input) => {
    expect(checkClientDomain(input)).toMatchObject({ ok: false, message: expect.stringContaining('not a domain') });
  });

  it.each(['gmail.com', 'GMail.com', 'mail.yahoo.co.uk', 'outlook.com'])('refuses the free-mail domain %j', (input) => {
    expect(checkClientDomain(input)).toMatchObject({ ok: false, message: expect.stringContaining('free-mail') });
  });
});

describe('matching', () => {
  it('reads domains of addresses and matches subdomains', () => {
    expect(domainOf('Ann@EU.Acme.com')).toBe('eu.acme.com');
    expect(domainOf('nobody')).toBeUndefined();
    expect(domainMatches('eu.acme.com', 'acme.com')).toBe(true);
    expect(domainMatches('notacme.com', 'acme.com')).toBe(false);
  });

  it('matches keywords as whole words, case-insensitively', () => {
    expect(titleHasKeyword('Acme: Website redesign sync', normalizeKeyword('website  Redesign'))).toBe(true);
    expect(titleHasKeyword('Capital planning', 'api')).toBe(false);
    expect(titleHasKeyword('API review', 'api')).toBe(true);
  });
});
