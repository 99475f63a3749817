import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns/format';
import { runCalendarCommand } from './calendar/calendarCli.js';
import {
  type BaseConfig,
  ConfigError,
  loadBaseConfig,
  loadCalendarConfig,
  loadDotEnv,
  loadPosterConfig,
} from './config.js';
import { type DatabaseHandle, openDatabase } from './db/client.js';
import { DataDirBusyError } from './db/dataDirLock.js';
import { feedbackForExport } from './db/feedbackRepository.js';
import { forgetLibrary, forgetUser } from './db/privacyRepository.js';
import { hasChanges, type ImportSummary, importProgramme, loadProgramme } from './db/programmeRepository.js';
import { subscribe, subscribedChannels, unsubscribe } from './db/subscriptionRepository.js';
import { answerCommand } from './domain/answers.js';
import { parseCommand } from './domain/command.js';
import { reminderKey } from './domain/deliveryKeys.js';
import {
  exportFeedback,
  FEEDBACK_EXPORT_FORMATS,
  type FeedbackExportFormat,
} from './domain/feedbackExport.js';
import { feedbackPhases } from './domain/feedbackForm.js';
import { parseProgrammeFile, serializeProgrammeFile } from './domain/programmeFile.js';
import { planProgrammeReminders } from './domain/reminderPlan.js';
import { LOCALES, type Locale } from './i18n/index.js';
import { createLogger } from './logger.js';
import { presentAnswer } from './present/answerDocument.js';
import { layoutAsText } from './present/textLayout.js';
import { createWorker } from './scheduler/index.js';
import { runTick } from './scheduler/reminderWorker.js';

const USAGE = `Usage: npm run koers -- <command> [options]

Commands:
  migrate                 apply the database migrations
  import FILE.yml [--prune]
                          load a programme file (upsert; --prune also removes what the file lacks)
  export FILE.yml         write the programme to a file ('-' for standard output)
  status [QUERY]          every project by status, or one project
  partners [QUERY]        every library with its projects, or one library
  timeline                the phases and the next deadline
  reminders preview [--from ISO] [--to ISO]
                          the planned reminders with their due instants and channels
  reminders run --at ISO [--dry-run]
                          one scheduler tick as if the clock read that instant; prints what it sent
  subscribe CHANNEL_ID [--digest]
                          subscribe a channel to the reminders (or the weekly digest)
  unsubscribe CHANNEL_ID [--digest]
  forget user USER_ID     delete what Koers stores about a Slack user (see SECURITY.md)
  forget library CODE     delete a library with its feedback and members' choices
  export-feedback --phase ID [--format csv|json] [--out FILE]
                          the feedback that counts on a feedback phase (each user's newest), as CSV
                          (default) or JSON, to standard output or FILE
  calendar url            the calendar feed's address (PUBLIC_URL/calendar/<token>.ics), made on first use
  calendar rotate         a new address for the feed; the old one answers 404 from then on

Options:
  --lang nl|en            language of the answers (default: DEFAULT_LOCALE)
  --at ISO-DATE           answer as if today were this day (timeline)

The database is DATABASE_URL when set, else the embedded one in DATA_DIR (see README.md).`;

/** Thrown for a mistake of the operator's; printed without a stack trace. */
class UsageError extends Error {}

async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      prune: { type: 'boolean', default: false },
      lang: { type: 'string' },
      at: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      digest: { type: 'boolean', default: false },
      phase: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...rest] = positionals;
  if (!command || values.help || command === 'help') {
    console.log(USAGE);
    return command || values.help ? 0 : 1;
  }

  loadDotEnv();
  const config = loadBaseConfig();
  const locale = chooseLocale(values.lang, config);
  const now = values.at ? parseInstant(values.at) : new Date();

  switch (command) {
    case 'migrate':
      return withDatabase(config, async (database) => {
        console.log(`Migrations applied (${database.kind}: ${database.location}).`);
        return 0;
      });
    case 'import':
      return withDatabase(config, (database) =>
        importFile(database, requireFile(rest), values.prune ?? false),
      );
    case 'export':
      return withDatabase(config, (database) => exportFile(database, requireFile(rest)));
    case 'status':
    case 'partners':
    case 'timeline':
      return withDatabase(config, async (database) => {
        const programme = await loadProgramme(database.db);
        const answer = answerCommand(programme, parseCommand([command, ...rest].join(' ')), now);
        process.stdout.write(layoutAsText(presentAnswer(answer, locale, programme?.info ?? null)));
        // Scripts can tell "no answer" (no programme, nothing found) from an answer.
        return answer.kind === 'noProgramme' || answer.kind === 'notFound' ? 1 : 0;
      });
    case 'reminders': {
      const [action] = rest;
      if (action === 'preview') {
        const from = values.from ? parseInstant(values.from) : null;
        const to = values.to ? parseInstant(values.to) : null;
        return withDatabase(config, (database) => previewReminders(database, config, { from, to }));
      }
      if (action === 'run') {
        if (!values.at) throw new UsageError('reminders run needs --at ISO (the instant the tick runs as).');
        const at = parseInstant(values.at);
        const dryRun = values['dry-run'] ?? false;
        return withDatabase(config, (database) => runReminders(database, config, at, dryRun));
      }
      throw new UsageError(`reminders needs "preview" or "run".\n\n${USAGE}`);
    }
    case 'subscribe':
    case 'unsubscribe': {
      const [channelId] = rest;
      if (!channelId || !/^[CG][A-Z0-9]+$/.test(channelId)) {
        throw new UsageError(`${command} needs a channel id such as C012AB3CD.`);
      }
      const topic = values.digest ? 'digest' : 'reminders';
      return withDatabase(config, async (database) => {
        const changed =
          command === 'subscribe'
            ? await subscribe(database.db, channelId, topic, null)
            : await unsubscribe(database.db, channelId, topic);
        const verb = command === 'subscribe' ? 'subscribed to' : 'unsubscribed from';
        console.log(changed ? `${channelId} ${verb} the ${topic}.` : `${channelId}: nothing to change.`);
        return 0;
      });
    }
    case 'forget': {
      const [what, id] = rest;
      if ((what !== 'user' && what !== 'library') || !id) {
        throw new UsageError(`forget needs "user USER_ID" or "library CODE".\n\n${USAGE}`);
      }
      return withDatabase(config, async (database) => {
        const report =
          what === 'user' ? await forgetUser(database.db, id) : await forgetLibrary(database.db, id);
        if (!report) {
          console.error(`There is no library ${id}.`);
          return 1;
        }
        console.log(`Forgot ${what} ${id}:`);
        for (const [item, count] of Object.entries(report)) console.log(`  ${item}: ${count}`);
        return 0;
      });
    }
    case 'export-feedback': {
      if (!values.phase) throw new UsageError(`export-feedback needs --phase ID.\n\n${USAGE}`);
      const phaseId = values.phase;
      const fileFormat = FEEDBACK_EXPORT_FORMATS.find((candidate) => candidate === (values.format ?? 'csv'));
      if (!fileFormat) throw new UsageError(`--format must be one of ${FEEDBACK_EXPORT_FORMATS.join(', ')}.`);
      return withDatabase(config, (database) =>
        exportFeedbackFile(database, phaseId, fileFormat, values.out),
      );
    }
    case 'calendar': {
      const [action] = rest;
      if (action !== 'url' && action !== 'rotate') {
        throw new UsageError(`calendar needs "url" or "rotate".\n\n${USAGE}`);
      }
      const calendarConfig = loadCalendarConfig();
      return withDatabase(config, (database) => runCalendarCommand(database.db, calendarConfig, action));
    }
    default:
      throw new UsageError(`Unknown command "${command}".\n\n${USAGE}`);
  }
}

async function withDatabase(config: BaseConfig, work: (database: DatabaseHandle) => Promise<number>) {
  const database = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    embedded: 'join',
  });
  try {
    await database.migrate();
    return await work(database);
  } finally {
    await database.close();
  }
}

async function importFile(database: DatabaseHandle, path: string, prune: boolean): Promise<number> {
  const parsed = parseProgrammeFile(readText(path));
  if (!parsed.ok) {
    console.error(
      `${path} was not imported; nothing was changed:\n${parsed.errors.map((e) => `  - ${e}`).join('\n')}`,
    );
    return 1;
  }
  const summary = await importProgramme(database.db, parsed.programme, { prune });
  console.log(describeImport(path, summary));
  return 0;
}

function describeImport(path: string, summary: ImportSummary): string {
  if (!hasChanges(summary)) return `${path}: imported, no changes.`;
  const counts = (name: string, c: { added: number; changed: number; removed: number }) =>
    `${name}: ${c.added} added, ${c.changed} changed, ${c.removed} removed`;
  return [
    `${path}: imported.`,
    `  programme: ${summary.programmeChanged ? 'changed' : 'unchanged'}`,
    `  ${counts('libraries', summary.libraries)}`,
    `  ${counts('projects', summary.projects)}`,
    `  ${counts('phases', summary.phases)}`,
    `  status updates: ${summary.updatesAdded} added`,
  ].join('\n');
}

async function exportFile(database: DatabaseHandle, path: string): Promise<number> {
  const programme = await loadProgramme(database.db);
  if (!programme) {
    console.error('There is no programme to export yet: import one first.');
    return 1;
  }
  const text = serializeProgrammeFile(programme);
  if (path === '-') process.stdout.write(text);
  else {
    writeFileSync(path, text);
    console.log(`Programme written to ${path}.`);
  }
  return 0;
}

async function exportFeedbackFile(
  database: DatabaseHandle,
  phaseId: string,
  fileFormat: FeedbackExportFormat,
  out: string | undefined,
): Promise<number> {
  const programme = await loadProgramme(database.db, { updatesPerProject: 0 });
  if (!programme) {
    console.error('There is no programme yet: import one first.');
    return 1;
  }
  const phases = feedbackPhases(programme);
  if (!phases.some((phase) => phase.id === phaseId)) {
    const known = phases.map((phase) => `  ${phase.id}  ${phase.title}`).join('\n');
    console.error(
      known
        ? `There is no feedback phase "${phaseId}". The feedback phases:\n${known}`
        : `There is no feedback phase "${phaseId}": the programme has no feedback phases.`,
    );
    return 1;
  }
  const submissions = await feedbackForExport(database.db, phaseId);
  const names = new Map(programme.libraries.map((library) => [library.code, library.name]));
  const text = exportFeedback(submissions, names, fileFormat);
  if (out === undefined || out === '-') process.stdout.write(text);
  else {
    writeFileSync(out, text);
    console.log(`${submissions.length} answers on ${phaseId} written to ${out} (${fileFormat}).`);
  }
  return 0;
}

async function previewReminders(
  database: DatabaseHandle,
  config: BaseConfig,
  range: { from: Date | null; to: Date | null },
): Promise<number> {
  const programme = await loadProgramme(database.db, { updatesPerProject: 0 });
  if (!programme) {
    console.error('There is no programme yet: import one first.');
    return 1;
  }
  const channels = await subscribedChannels(database.db, 'reminders');
  const plan = planProgrammeReminders(programme, config.REMINDER_HOUR).filter(
    (reminder) => (!range.from || reminder.dueAt >= range.from) && (!range.to || reminder.dueAt <= range.to),
  );
  console.log(
    `${plan.length} reminders; channels: ${channels.length > 0 ? channels.join(', ') : '(none subscribed)'}`,
  );
  for (const reminder of plan) {
    const local = formatInTimeZone(reminder.dueAt, programme.info.timezone);
    console.log(
      `${local}  ${reminder.dueAt.toISOString()}  ${reminderKey(reminder).padEnd(32)} → ${reminder.targetDay}`,
    );
  }
  return 0;
}

async function runReminders(
  database: DatabaseHandle,
  config: BaseConfig,
  at: Date,
  dryRun: boolean,
): Promise<number> {
  const slack = loadPosterConfig();
  const worker = createWorker({
    db: database.db,
    logger: createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL),
    botToken: slack.SLACK_BOT_TOKEN,
    slackApiUrl: slack.SLACK_API_URL,
    hour: config.REMINDER_HOUR,
    graceMs: config.REMINDER_GRACE_HOURS * 60 * 60 * 1000,
    defaultLocale: config.DEFAULT_LOCALE,
  });
  const report = await runTick(worker, at, { dryRun });
  const prefix = dryRun ? 'would send' : 'sent';
  for (const sent of report.sent)
    console.log(`${prefix}: ${sent.key} → ${sent.channelId}${dryRun ? '' : ` (ts ${sent.ts})`}`);
  for (const skipped of report.skipped)
    console.log(`skipped: ${skipped.key} → ${skipped.channelId}: ${skipped.reason}`);
  for (const failed of report.failed)
    console.log(`failed: ${failed.key} → ${failed.channelId}: ${failed.error}`);
  for (const retry of report.retrying)
    console.log(`retry later: ${retry.key} → ${retry.channelId}: ${retry.error}`);
  console.log(
    `${report.sent.length} ${prefix}, ${report.skipped.length} skipped, ${report.failed.length} failed, ${report.retrying.length} to retry.`,
  );
  return report.failed.length > 0 ? 1 : 0;
}

function formatInTimeZone(instant: Date, timezone: string): string {
  return format(new TZDate(instant.getTime(), timezone), "EEE yyyy-MM-dd HH:mm 'local'");
}

function requireFile(rest: string[]): string {
  const [path] = rest;
  if (!path) throw new UsageError(`This command needs a file name.\n\n${USAGE}`);
  return path;
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(
      `Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}

function chooseLocale(flag: string | undefined, config: BaseConfig): Locale {
  if (flag === undefined) return config.DEFAULT_LOCALE;
  const locale = LOCALES.find((candidate) => candidate === flag);
  if (!locale) throw new UsageError(`--lang must be one of ${LOCALES.join(', ')}.`);
  return locale;
}

function parseInstant(text: string): Date {
  const instant = new Date(text);
  if (Number.isNaN(instant.getTime()))
    throw new UsageError(`--at must be an ISO date or instant, not "${text}".`);
  return instant;
}

try {
  process.exitCode = await run(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError || error instanceof ConfigError || error instanceof DataDirBusyError) {
    console.error(error.message);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  } else if ((error as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    process.exitCode = 2;
  } else {
    console.error(`koers: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}
