import { describe, expect, it } from 'vitest';
import { localeFromBrowser } from '../../src/i18n/browserLocale.js';

describe("a browser page's language", () => {
  it('is ?lang= when it names one of ours, whatever the browser prefers', () => {
    expect(localeFromBrowser('en', 'nl-NL,nl;q=0.9', 'nl')).toBe('en');
    expect(localeFromBrowser('de', 'en-US', 'nl')).toBe('en');
  });

  it("is the browser's most preferred of ours, by q", () => {
    expect(localeFromBrowser(null, 'de-DE,en;q=0.8,nl;q=0.9', 'en')).toBe('nl');
    expect(localeFromBrowser(null, 'fr, en-GB;q=0.5', 'nl')).toBe('en');
    expect(localeFromBrowser(null, 'en;q=0, nl;q=0.1', 'en')).toBe('nl');
  });

  it('falls back to the default without a usable header', () => {
    expect(localeFromBrowser(undefined, undefined, 'nl')).toBe('nl');
    expect(localeFromBrowser(null, 'fr-FR,de;q=0.5', 'nl')).toBe('nl');
    expect(localeFromBrowser(null, ';;;,=,q=', 'nl')).toBe('nl');
  });
});
