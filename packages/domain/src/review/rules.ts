/**
 * The organization's suggestion rules: a client's email domains and a project's title keywords.
 * Normalized here, once, so the API, the suggestions and the auto-convert read the same values.
 */

/**
 * Mailbox providers anyone can sign up to: an attendee at gmail.com says nothing about which client
 * a meeting is for, so these are refused as client domains. Subdomains count (`mail.yahoo.co.uk`).
 */
export const FREE_MAIL_DOMAINS: ReadonlySet<string> = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'hotmail.co.uk',
  'live.com',
  'msn.com',
  'yahoo.com',
  'yahoo.co.uk',
  'ymail.com',
  'aol.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'proton.me',
  'protonmail.com',
  'pm.me',
  'gmx.com',
  'gmx.de',
  'gmx.net',
  'web.de',
  'mail.com',
  'yandex.com',
  'yandex.ru',
  'mail.ru',
  'zoho.com',
  'fastmail.com',
  'hey.com',
  'tutanota.com',
  'qq.com',
  '163.com',
]);

// A hostname of at least two labels (letters, digits, inner dashes), the last alphabetic (a TLD).
const DOMAIN = /^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export type DomainCheck = { ok: true; domain: string } | { ok: false; message: string };

/** `@Acme.COM ` → `acme.com`; refuses what is not a domain and free-mail domains. */
export function checkClientDomain(input: string): DomainCheck {
  const domain = input.trim().toLowerCase().replace(/^@/, '').replace(/\.$/, '');
  if (!DOMAIN.test(domain)) return { ok: false, message: `"${input}" is not a domain like acme.com` };
  const labels = domain.split('.');
  for (let i = 0; i < labels.length - 1; i += 1) {
    if (FREE_MAIL_DOMAINS.has(labels.slice(i).join('.')))
      return { ok: false, message: `${domain} is a free-mail domain: anyone can have an address there, so it cannot identify a client` };
  }
  return { ok: true, domain };
}

/** The domain of an email address, lower-case, or undefined. */
export const domainOf = (email: string): string | undefined => {
  const at = email.lastIndexOf('@');
  return at > 0 ? email.slice(at + 1).toLowerCase() : undefined;
};

/** True when `domain` is `rule` or one of its subdomains (eu.acme.com matches acme.com). */
export const domainMatches = (domain: string, rule: string): boolean => domain === rule || domain.endsWith(`.${rule}`);

/** Keywords compare case-insensitively with collapsed spaces. */
export const normalizeKeyword = (keyword: string): string => keyword.trim().replace(/\s+/g, ' ').toLowerCase();

/** Whether a title contains the keyword as whole words ("api" is not in "capital"). */
export function titleHasKeyword(title: string, keyword: string): boolean {
  const haystack = ` ${title.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ')} `;
  const needle = ` ${keyword.replace(/[^\p{L}\p{N}]+/gu, ' ').trim()} `;
  return needle.trim().length > 0 && haystack.includes(needle);
}
