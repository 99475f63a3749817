import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import ICAL from 'ical.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { importProgramme } from '../../src/db/programmeRepository.js';
import { parseProgrammeFile } from '../../src/domain/programmeFile.js';
import { EXAMPLE_PROGRAMME_FILE } from '../../src/koers.js';
import { createLogger } from '../../src/logger.js';
import { rotateCalendarAddress } from '../../src/usecases/calendarAddress.js';
import { describeOnBothDatabases, type TestDatabase } from '../support/databases.js';
import { type KoersUnderTest, SIGNING_SECRET, startKoersUnderTest } from '../support/koersUnderTest.js';
import { expectEverySlackPayloadValid } from '../support/payloads.js';
import { askProject } from '../support/slackRequests.js';

/*
 * The programme's calendar feed as a calendar client sees it: fetched over HTTP from the running app,
 * its address taken from `/project agenda`, and read with an independent parser (ical.js) as well as
 * checked line by line against the rules clients are strict about.
 */

const PUBLIC_URL = 'https://koers.example.org';
const EXAMPLE = readFileSync(EXAMPLE_PROGRAMME_FILE, 'utf8');

/** The example with each `from` replaced by its `to`; each must occur exactly once. */
function exampleWith(...edits: [from: string, to: string][]): string {
  return edits.reduce((text, [from, to]) => {
    if (text.split(from).length !== 2) throw new Error(`"${from}" is not in the example exactly once`);
    return text.replace(from, to);
  }, EXAMPLE);
}

async function importText(database: TestDatabase, text: string, prune = false): Promise<void> {
  const parsed = parseProgrammeFile(text);
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  await importProgramme(database.handle.db, parsed.programme, { prune, now: new Date() });
}

interface FeedEvent {
  uid: string;
  summary: string;
  description: string;
  start: string;
  end: string;
  allDay: boolean;
  sequence: number;
  lastModified: string;
  /** Each alarm's action and the local wall-clock time it goes off (the event is floating). */
  alarms: { action: string; at: string }[];
}

function parseFeed(text: string): { calendar: ICAL.Component; events: FeedEvent[] } {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const events = calendar.getAllSubcomponents('vevent').map((component) => {
    const event = new ICAL.Event(component);
    return {
      uid: event.uid,
      summary: event.summary,
      description: event.description,
      start: event.startDate.toString(),
      end: event.endDate.toString(),
      allDay: event.startDate.isDate,
      sequence: event.sequence,
      lastModified: String(component.getFirstPropertyValue('last-modified')),
      alarms: component.getAllSubcomponents('valarm').map((alarm) => {
        const at = event.startDate.clone();
        at.isDate = false;
        at.addDuration(alarm.getFirstPropertyValue('trigger') as ICAL.Duration);
        return { action: String(alarm.getFirstPropertyValue('action')), at: at.toString() };
      }),
    };
  });
  return { calendar, events };
}

describeOnBothDatabases('the calendar feed', (database) => {
  let app: KoersUnderTest;
  let logs = '';
  /** The feed's path, as `/project agenda` gave it. */
  let feedPath: string;

  /** The answer the user ends up with: in the ack, or, when that took too long, via the response_url. */
  async function ask(text: string, userId = 'UNL') {
    const answer = await askProject({ ...app, signingSecret: SIGNING_SECRET }, text, userId);
    expect(answer.status).toBe(200);
    expect((answer.ack as { response_type: string }).response_type).toBe('ephemeral');
    return answer.text;
  }

  function feedPathIn(answer: string): string {
    const url = new RegExp(`${PUBLIC_URL}(/calendar/[A-Za-z0-9_-]+\\.ics)`).exec(answer);
    if (!url?.[1]) throw new Error(`no feed address in: ${answer}`);
    return url[1];
  }

  function fetchFeed(path = feedPath, init: RequestInit = {}) {
    return fetch(`${app.baseUrl}${path}`, init);
  }

  async function feedEvents() {
    const response = await fetchFeed();
    expect(response.status).toBe(200);
    return parseFeed(await response.text()).events;
  }

  beforeAll(async () => {
    const destination = new Writable({
      write(chunk, _encoding, done) {
        logs += String(chunk);
        done();
      },
    });
    app = await startKoersUnderTest(database(), {
      config: { PUBLIC_URL },
      logger: createLogger('trace', destination),
    });
    app.slack.setUserLocale('UEN', 'en-US');
    feedPath = feedPathIn(await ask('agenda'));
  });
  afterAll(async () => {
    if (app) expectEverySlackPayloadValid(app.slack);
    await app?.stop();
  });

  describe('/project agenda', () => {
    it('gives the https and webcal addresses and how to subscribe in Outlook, Google and Apple, in Dutch', async () => {
      const text = await ask('agenda');
      expect(feedPathIn(text)).toBe(feedPath);
      expect(text).toContain(`${PUBLIC_URL}${feedPath}`);
      expect(text).toContain(`webcal://koers.example.org${feedPath}`);
      // Links Slack makes clickable, not code (nothing inside backticks is a link in Slack).
      expect(text).toContain(`<webcal://koers.example.org${feedPath}|webcal://koers.example.org${feedPath}>`);
      expect(text).toContain(`<${PUBLIC_URL}${feedPath}|${PUBLIC_URL}${feedPath}>`);
      expect(text).not.toContain(`\`webcal://`);
      expect(text).toContain('De tijdlijn in je agenda');
      expect(text).toMatch(/Outlook\*: Agenda → Agenda toevoegen/);
      expect(text).toMatch(/Google Agenda\*: Andere agenda's/);
      expect(text).toMatch(/Apple Agenda\*: Archief → Nieuw agenda-abonnement/);
    });

    it('answers `/project calendar` in English for a user whose Slack is in English', async () => {
      const text = await ask('calendar', 'UEN');
      expect(text).toContain(`${PUBLIC_URL}${feedPath}`);
      expect(text).toContain(`webcal://koers.example.org${feedPath}`);
      expect(text).toContain('The timeline in your calendar');
      expect(text).toMatch(/Outlook\*: Calendar → Add calendar → Subscribe from web/);
      expect(text).toMatch(/Google Calendar\*: Other calendars → \+ → From URL/);
      expect(text).toMatch(/Apple Calendar\*: File → New Calendar Subscription/);
      expect(text).not.toContain('Abonneer');
    });

    it('is listed in the help', async () => {
      expect(await ask('help')).toContain('/project agenda');
      expect(await ask('help', 'UEN')).toContain('/project calendar');
    });
  });

  describe('the example programme', () => {
    it('answers with one calendar named after the programme', async () => {
      const response = await fetchFeed();
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
      const { calendar } = parseFeed(await response.text());
      expect(calendar.name).toBe('vcalendar');
      expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Meerjaren innovatieprogramma 2018-2020');
      expect(String(calendar.getFirstPropertyValue('prodid'))).toMatch(/Koers/);
      expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    });

    it('gives its five phases as all-day events on the right days', async () => {
      const events = await feedEvents();
      expect(events.map(({ summary, start, end, allDay }) => ({ summary, start, end, allDay }))).toEqual([
        {
          summary: 'Provinciaal Directieoverleg (PDO): vaststelling strategische kaders',
          start: '2017-06-08',
          end: '2017-06-09',
          allDay: true,
        },
        {
          summary: 'Gesprekken over visie met Bibliotheken',
          start: '2017-06-15',
          end: '2017-07-16',
          allDay: true,
        },
        {
          summary: 'Concept-visie voor feedback naar Bibliotheken',
          start: '2017-09-15',
          end: '2017-09-16',
          allDay: true,
        },
        {
          summary: 'Feedback op visie retour aan BiSC',
          start: '2017-09-15',
          end: '2017-09-30',
          allDay: true,
        },
        {
          summary: 'Deadline aanvraag meerjaren innovatieprogramma 2018-2020',
          start: '2017-10-31',
          end: '2017-11-01',
          allDay: true,
        },
      ]);
    });

    it("describes each phase: the plan's own label, the kind, what is expected, and how to give feedback", async () => {
      const events = await feedEvents();
      const concept = events.find((event) => event.summary.startsWith('Concept-visie'));
      expect(concept?.description).toContain('In het plan: medio september');
      expect(concept?.description).toContain('Soort: gesprekken');
      expect(concept?.description).toContain(
        'Plan het gesprek met BiSC (Bibliotheek Service Centrum Utrecht) in, als dat nog niet is gebeurd.',
      );
      const feedback = events.find((event) => event.summary.startsWith('Feedback op visie'));
      expect(feedback?.description).toContain('In het plan: eind september');
      expect(feedback?.description).toContain('/project feedback feedback-visie');
    });

    it("turns the phase's reminders into display alarms at the reminder hour, on the days Slack posts them", async () => {
      const events = await feedEvents();
      const pdo = events.find((event) => event.start === '2017-06-08');
      // reminders: [P7D, P1D] before Thursday 8 June, at 09:00.
      expect(pdo?.alarms).toEqual([
        { action: 'DISPLAY', at: '2017-06-01T09:00:00' },
        { action: 'DISPLAY', at: '2017-06-07T09:00:00' },
      ]);
      const feedback = events.find((event) => event.summary.startsWith('Feedback op visie'));
      // A feedback phase counts down to its last day, Friday 29 September; P7D falls on Friday the 22nd.
      expect(feedback?.alarms.map((alarm) => alarm.at)).toEqual([
        '2017-09-15T09:00:00',
        '2017-09-22T09:00:00',
        '2017-09-28T09:00:00',
        '2017-09-29T09:00:00',
      ]);
    });

    it('follows the rules clients are strict about: CRLF, lines of at most 75 octets, DTSTAMP in UTC, escaped text', async () => {
      const text = await (await fetchFeed()).text();
      expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
      expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
      const lines = text.split('\r\n').slice(0, -1);
      for (const line of lines) expect(Buffer.byteLength(line, 'utf8'), line).toBeLessThanOrEqual(75);
      expect(lines.some((line) => line.startsWith(' '))).toBe(true);
      const unfolded = text.replace(/\r\n /g, '');
      const stamps = unfolded.split('\r\n').filter((line) => line.startsWith('DTSTAMP'));
      expect(stamps).toHaveLength(5);
      for (const stamp of stamps) expect(stamp).toMatch(/^DTSTAMP:\d{8}T\d{6}Z$/);
      for (const modified of unfolded.split('\r\n').filter((line) => line.startsWith('LAST-MODIFIED')))
        expect(modified).toMatch(/^LAST-MODIFIED:\d{8}T\d{6}Z$/);
      expect(unfolded).toContain(
        'Plan het gesprek met BiSC (Bibliotheek Service Centrum Utrecht) in\\, als dat nog niet is gebeurd.',
      );
      // Every value is a date or a UTC instant: nothing needs a time zone.
      expect(unfolded).not.toMatch(/TZID|BEGIN:VTIMEZONE/);
    });

    it('leaves the subscribers free: a month-long phase does not mark them busy', async () => {
      const text = (await (await fetchFeed()).text()).replace(/\r\n /g, '');
      expect(text.match(/^TRANSP:TRANSPARENT$/gm)).toHaveLength(5);
    });
  });

  describe('polling', () => {
    it('answers HEAD with the headers of GET and no body', async () => {
      const get = await fetchFeed();
      const body = await get.arrayBuffer();
      const head = await fetchFeed(feedPath, { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(await head.text()).toBe('');
      expect(head.headers.get('etag')).toBe(get.headers.get('etag'));
      expect(head.headers.get('content-length')).toBe(String(body.byteLength));
      expect(head.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    });

    it('gives an ETag and a Cache-Control, and answers 304 to If-None-Match while nothing changed', async () => {
      const first = await fetchFeed();
      const etag = first.headers.get('etag');
      expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
      expect(first.headers.get('cache-control')).toMatch(/max-age=\d+/);
      const again = await fetchFeed(feedPath, { headers: { 'if-none-match': etag ?? '' } });
      expect(again.status).toBe(304);
      expect(again.headers.get('etag')).toBe(etag);
      expect(await again.text()).toBe('');
      const weak = await fetchFeed(feedPath, { headers: { 'if-none-match': `"other", W/${etag}` } });
      expect(weak.status).toBe(304);
      const stale = await fetchFeed(feedPath, { headers: { 'if-none-match': '"an-older-version"' } });
      expect(stale.status).toBe(200);
    });
  });

  describe('when the programme changes', () => {
    afterEach(async () => {
      await importText(database(), EXAMPLE, true);
    });

    it('a phase moved by re-import keeps its UID, with a higher SEQUENCE and a new LAST-MODIFIED; the ETag changes', async () => {
      const before = await fetchFeed();
      const etag = before.headers.get('etag') ?? '';
      const deadlineBefore = parseFeed(await before.text()).events.find(
        (event) => event.start === '2017-10-31',
      );
      await importText(
        database(),
        exampleWith(
          ['date: 2017-10-31', 'date: 2017-11-07'],
          [
            'title: Deadline aanvraag meerjaren innovatieprogramma 2018-2020',
            'title: "Deadline aanvraag; meerjaren, innovatieprogramma 2018-2020"',
          ],
        ),
      );
      const after = await fetchFeed(feedPath, { headers: { 'if-none-match': etag } });
      expect(after.status).toBe(200);
      expect(after.headers.get('etag')).not.toBe(etag);
      const text = await after.text();
      const events = parseFeed(text).events;
      const moved = events.find((event) => event.uid === deadlineBefore?.uid);
      expect(moved?.start).toBe('2017-11-07');
      expect(moved?.summary).toBe('Deadline aanvraag; meerjaren, innovatieprogramma 2018-2020');
      expect(moved?.sequence).toBeGreaterThan(deadlineBefore?.sequence ?? Number.POSITIVE_INFINITY);
      expect(moved?.lastModified).not.toBe(deadlineBefore?.lastModified);
      expect(events).toHaveLength(5);
      // Semicolons and commas in text are escaped in the raw feed.
      expect(text.replace(/\r\n /g, '')).toContain(
        'SUMMARY:Deadline aanvraag\\; meerjaren\\, innovatieprogramma 2018-2020',
      );
      // The phases that did not change kept their revision.
      const pdoBefore = parseFeed(await (await fetchFeed()).text()).events.find(
        (e) => e.start === '2017-06-08',
      );
      expect(pdoBefore?.sequence).toBe(0);
    });

    it('a phase removed from the programme is gone from the feed', async () => {
      const withoutConcept = exampleWith([
        `  # "Medio september: concept-visie voor feedback naar Bibliotheken"
  - id: concept-visie
    title: Concept-visie voor feedback naar Bibliotheken
    date: 2017-09-15
    label: medio september
    kind: consultation
    reminders: [P7D, P0D]
`,
        '',
      ]);
      await importText(database(), withoutConcept, true);
      const events = await feedEvents();
      expect(events).toHaveLength(4);
      expect(events.some((event) => event.summary.startsWith('Concept-visie'))).toBe(false);
      expect(events.some((event) => event.uid.startsWith('concept-visie'))).toBe(false);
    });

    it('a phase on the day the clocks change stays on that day, whatever the server time zone', async () => {
      const serverZone = process.env.TZ;
      // 29 October 2017: the clocks went back in Amsterdam. The reminder P1D falls on the Saturday before,
      // so it moves to Friday.
      await importText(database(), exampleWith(['date: 2017-10-31', 'date: 2017-10-29']));
      try {
        for (const zone of ['Europe/Amsterdam', 'America/Sao_Paulo', 'Pacific/Kiritimati']) {
          process.env.TZ = zone;
          const deadline = (await feedEvents()).find((event) =>
            event.summary.startsWith('Deadline aanvraag'),
          );
          expect(deadline, zone).toMatchObject({ start: '2017-10-29', end: '2017-10-30', allDay: true });
          expect(deadline?.alarms.map((alarm) => alarm.at)).toEqual([
            '2017-10-13T09:00:00',
            '2017-10-20T09:00:00',
            '2017-10-27T09:00:00',
            '2017-10-27T09:00:00',
          ]);
        }
      } finally {
        if (serverZone === undefined) delete process.env.TZ;
        else process.env.TZ = serverZone;
      }
    });
  });

  describe('the token', () => {
    it('a wrong or malformed token gets 404, not 401', async () => {
      const wrong = feedPath.replace(
        /\/calendar\/(.)/,
        (_, first: string) => `/calendar/${first === 'A' ? 'B' : 'A'}`,
      );
      expect(wrong).not.toBe(feedPath);
      for (const path of [wrong, '/calendar/short.ics', '/calendar/', feedPath.replace('.ics', '')]) {
        const response = await fetchFeed(path);
        expect(response.status, path).toBe(404);
        expect(await response.text()).not.toContain('BEGIN:VCALENDAR');
      }
    });

    it('after a rotation the old address gets 404 and the new one, shown by /project agenda, works', async () => {
      const old = feedPath;
      const rotated = await rotateCalendarAddress(database().handle.db, {
        key: SIGNING_SECRET,
        publicUrl: PUBLIC_URL,
      });
      expect(rotated.kind).toBe('address');
      expect((await fetchFeed(old)).status).toBe(404);
      feedPath = feedPathIn(await ask('agenda'));
      expect(feedPath).not.toBe(old);
      expect((await fetchFeed()).status).toBe(200);
    });

    it('is never logged', async () => {
      await fetchFeed();
      await fetchFeed('/calendar/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics');
      const token = /\/calendar\/([^.]+)\.ics/.exec(feedPath)?.[1] ?? '';
      expect(token).toHaveLength(43);
      expect(logs).not.toContain(token);
      expect(logs).not.toContain('AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    });
  });
});
