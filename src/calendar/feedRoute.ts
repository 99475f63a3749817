import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readCalendarFeed, readPhaseRevisions } from '../db/calendarFeedRepository.js';
import type { Database } from '../db/client.js';
import { withDeadline } from '../db/deadline.js';
import type { ProgrammeStore } from '../db/programmeStore.js';
import { isCalendarToken, TOKEN_PATTERN } from '../domain/calendarToken.js';
import type { HttpRoute } from '../http/route.js';
import type { Locale } from '../i18n/index.js';
import type { Logger } from '../logger.js';

/** A programme's feed: its database and snapshot. */
export interface FeedSource {
  db: Database;
  programmes: ProgrammeStore;
}

export interface CalendarFeedOptions {
  /**
   * The programme a path names: with a bot token the one (`/calendar/<token>.ics`, no workspace), with
   * OAuth the workspace's of `/calendar/<team>/<token>.ics`; null when there is none.
   */
  feedOf(workspace: string | undefined): Promise<FeedSource | null>;
  reminderHour: number;
  /** The language of the events' descriptions (DEFAULT_LOCALE). */
  locale: Locale;
  logger: Logger;
  now: () => Date;
}

const FEED_PATH = /^\/calendar\/(?:([A-Z0-9]{1,32})\/)?([^/]*)\.ics$/;
/** Clients may reuse the feed for five minutes, then ask again with If-None-Match (a cheap 304). */
const CACHE_CONTROL = 'private, max-age=300';

/**
 * `GET`/`HEAD /calendar/<token>.ics`. Any path under /calendar/ is this route's: a wrong, old or malformed
 * token gets the same 404 as an unknown path, so the route tells nothing about which tokens exist. The path
 * holds the token, so it is never logged.
 */
export function calendarFeedRoute(options: CalendarFeedOptions): HttpRoute {
  return (req, res, path) => {
    if (!path.startsWith('/calendar/') || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
    const [, workspace, token] = FEED_PATH.exec(path) ?? [];
    void answerFeed(options, req, res, workspace, token).catch((error: unknown) => {
      // The error never carries the path; the database or composing failed, not the caller.
      options.logger.error({ err: error }, 'calendar feed failed');
      if (!res.headersSent) {
        res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '60' });
      }
      res.end('Calendar temporarily unavailable');
    });
    return true;
  };
}

async function answerFeed(
  options: CalendarFeedOptions,
  req: IncomingMessage,
  res: ServerResponse,
  workspace: string | undefined,
  token: string | undefined,
): Promise<void> {
  const source = token && TOKEN_PATTERN.test(token) ? await options.feedOf(workspace) : null;
  const stored = source ? await withDeadline(readCalendarFeed(source.db)) : null;
  if (!token || !source || !stored || !isCalendarToken(token, stored.tokenHash)) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
    return;
  }
  // Revisions before the programme: should an import land in between, a client sees the new days with the
  // old SEQUENCE and, at its next poll, the higher one; the other order could show a higher SEQUENCE with
  // the old days, and then the new days under a SEQUENCE it already has, which a client may ignore.
  const revisions = await withDeadline(readPhaseRevisions(source.db));
  const programme = await source.programmes.current();
  if (!programme) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('No programme yet');
    return;
  }
  // The iCalendar writer loads on the first poll, not at every start: most instances are never polled.
  const { composeCalendarFeed } = await import('./feed.js');
  const body = Buffer.from(
    composeCalendarFeed({
      programme,
      revisions,
      uidNamespace: stored.uidNamespace,
      reminderHour: options.reminderHour,
      locale: options.locale,
      now: options.now(),
    }),
    'utf8',
  );
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  const headers = {
    etag,
    'cache-control': CACHE_CONTROL,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  };
  if (matchesEtag(req.headers['if-none-match'], etag)) {
    res.writeHead(304, headers).end();
    return;
  }
  res.writeHead(200, {
    ...headers,
    'content-type': 'text/calendar; charset=utf-8',
    'content-length': body.length,
    'content-disposition': 'inline; filename="koers.ics"',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** If-None-Match compares weakly (RFC 9110 §13.1.2): `W/"x"` matches `"x"`; `*` matches any. */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((candidate) => {
    const tag = candidate.trim();
    return tag === '*' || tag.replace(/^W\//, '') === etag;
  });
}
