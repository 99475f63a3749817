import type { ServerResponse } from 'node:http';
import type { Locale } from '../../i18n/index.js';
import { installPagesEn } from '../../i18n/installPagesEn.js';
import { installPagesNl } from '../../i18n/installPagesNl.js';

export type InstallWords = typeof installPagesNl;

const WORDS: Record<Locale, InstallWords> = { nl: installPagesNl, en: installPagesEn };

export function installWords(locale: Locale): InstallWords {
  return WORDS[locale];
}

/** Where a page links back to: the install page, in the other language or anew. */
export const INSTALL_PATH = '/slack/install';
export const REDIRECT_PATH = '/slack/oauth_redirect';

interface Page {
  locale: Locale;
  title: string;
  paragraphs: string[];
  /** The page's one button. */
  action?: { label: string; href: string };
  /** The install page offers itself in the other language; pages after Slack do not (their URL is used up). */
  languageLink?: boolean;
}

/**
 * A small page of Koers's own, all its text escaped: names in it (a workspace's) come from Slack. No
 * script, no resource from elsewhere, no framing, and no Referer with the redirect's `code` in it.
 */
export function renderPage(page: Page): string {
  const w = installWords(page.locale);
  const other: Locale = page.locale === 'nl' ? 'en' : 'nl';
  const body = [
    `<h1>${escapeHtml(page.title)}</h1>`,
    ...page.paragraphs.map((text) => `<p>${escapeHtml(text)}</p>`),
    ...(page.action
      ? [
          `<p><a class="button" href="${escapeHtml(page.action.href)}">${escapeHtml(page.action.label)}</a></p>`,
        ]
      : []),
    ...(page.languageLink
      ? [
          `<p class="language"><a href="${INSTALL_PATH}?lang=${other}" hreflang="${other}" lang="${other}">${escapeHtml(w.otherLanguage)}</a></p>`,
        ]
      : []),
  ].join('\n');
  return `<!DOCTYPE html>
<html lang="${page.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)} · Koers</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

const STYLE =
  'body{font-family:system-ui,sans-serif;margin:0;background:#f4f6f9;color:#1d1c1d}' +
  'main{max-width:34rem;margin:4rem auto;padding:2rem;background:#fff;border-radius:8px;box-shadow:0 1px 3px #0002}' +
  'h1{color:#1d4e89;font-size:1.5rem}' +
  '.button{display:inline-block;padding:.7rem 1.2rem;background:#1d4e89;color:#fff;border-radius:6px;text-decoration:none;font-weight:600}' +
  '.language{font-size:.9rem}';

/** The headers of every install page: these pages never need a script, a frame or a Referer. */
export function setPageHeaders(res: ServerResponse, locale: Locale): void {
  res.setHeader('Content-Language', locale);
  res.setHeader(
    'Content-Security-Policy',
    "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  );
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', 'no-store');
}

export function sendPage(res: ServerResponse, status: number, page: Page): void {
  setPageHeaders(res, page.locale);
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(renderPage(page));
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
