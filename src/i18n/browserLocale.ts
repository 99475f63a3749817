import { LOCALES, type Locale } from './index.js';

/**
 * The language of a page Koers serves to a browser (the install pages): `?lang=` when it names one we
 * speak, else the first of ours in the browser's Accept-Language by preference (`q`), else the fallback.
 */
export function localeFromBrowser(
  lang: string | null | undefined,
  acceptLanguage: string | undefined,
  fallback: Locale,
): Locale {
  const asked = ours(lang);
  if (asked) return asked;
  const preferred = (acceptLanguage ?? '')
    .split(',')
    .map((part, order) => {
      const [tag = '', ...parameters] = part.trim().split(';');
      const q = parameters.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((value) => value !== undefined);
      return { locale: ours(tag), weight: q === undefined ? 1 : Number(q), order };
    })
    .filter((entry) => entry.locale && entry.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.order - b.order);
  return preferred[0]?.locale ?? fallback;
}

function ours(tag: string | null | undefined): Locale | undefined {
  const language = tag?.trim().slice(0, 2).toLowerCase();
  return LOCALES.find((locale) => locale === language);
}
