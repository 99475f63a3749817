import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { runCalendarCommand } from './calendar/calendarCli.js';
import {
  type BaseConfig,
  ConfigError,
  loadBaseConfig,
  loadCalendarConfig,
  loadPosterConfig,
  localeSetting,
} from './config.js';
import { type DatabaseHandle, openDatabase } from './db/client.js';
import { DataDirBusyError } from './db/dataDirLock.js';
import { feedbackForExport } from './db/feedbackRepository.js';
import { forgetLibrary, forgetUser } from './db/privacyRepository.js';
import { checkImport, importProgramme, loadProgramme } from './db/programmeRepository.js';
import { renameProject } from './db/projectRename.js';
import { subscribe, subscribedChannels, unsubscribe } from './db/subscriptionRepository.js';
import { answerCommand } from './domain/answers.js';
import { isChannelId } from './domain/channels.js';
import { parseCommand } from './domain/command.js';
import { reminderKey } from './domain/deliveryKeys.js';
import { exportFeedback, FEEDBACK_EXPORT_FORMATS, feedbackExportRows } from './domain/feedbackExport.js';
import { phaseToExport } from './domain/feedbackForm.js';
import { libraryNames, type Phase } from './domain/programme.js';
import { DIFF_ENTITIES, diffHasChanges, type ProgrammeDiff } from './domain/programmeDiff.js';
import { parseProgrammeFile, serializeProgrammeFile } from './domain/programmeFile.js';
import { decodeProgrammeFile } from './domain/programmeFileBytes.js';
import { planProgrammeReminders } from './domain/reminderPlan.js';
import { formatInstant, LOCALES, type Locale, messages, skipReasonText } from './i18n/index.js';
import type { Catalogue } from './i18n/nl.js';
import { createLogger } from './logger.js';
import { presentAnswer } from './present/answerDocument.js';
import { toWorkbook } from './present/feedbackWorkbook.js';
import { layoutAsText } from './present/textLayout.js';
import { createWorker } from './scheduler/index.js';
import { runTick } from './scheduler/reminderWorker.js';

/**
 * Where a run of the CLI reads its variables and writes its words: the process's own in `src/cli.ts`,
 * strings in the tests that check what a command prints (without a process per command).
 */
export interface CliIo {
  env: Record<string, string | undefined>;
  stdout: { write(text: string | Uint8Array): unknown };
  stderr: { write(text: string): unknown };
  /** Where `reminders run` logs; the process's stdout when not given. */
  logTo?: NodeJS.WritableStream;
  /** Reads `.env` into `env` first (the process does; a test builds its variables from scratch). */
  loadDotEnv?: () => void;
}

type CliMessages = Catalogue['cli'];

/** Thrown for a mistake of the operator's; printed without a stack trace, with a pointer to the usage. */
class UsageError extends Error {
  constructor(
    message: string,
    readonly showUsage = false,
  ) {
    super(message);
  }
}

const EXPORT_FILE_FORMATS = [...FEEDBACK_EXPORT_FORMATS, 'xlsx'] as const;

/** Excel reads a CSV as UTF-8 only when it starts with this; other programs skip it. */
const UTF8_BOM = '\uFEFF';

/**
 * `npm run koers -- ARGV`: runs one command and returns its exit code. Every mistake of the operator's
 * is worded here (in the CLI's language, without a stack trace); nothing is thrown.
 */
export async function runKoersCli(argv: string[], io: CliIo): Promise<number> {
  /** The CLI's language: --lang, else DEFAULT_LOCALE, else Dutch. */
  let m: CliMessages = messages('nl').cli;
  const log = (text: string) => {
    io.stdout.write(`${text}\n`);
  };
  const warn = (text: string) => {
    io.stderr.write(`${text}\n`);
  };

  async function run(argv: string[]): Promise<number> {
    io.loadDotEnv?.();
    // A mistake in the options, or in the configuration, is reported before either is read: in the
    // language asked for with --lang, else in DEFAULT_LOCALE's if that at least is right.
    const langFlag = argv[argv.indexOf('--lang') + 1];
    const asked = argv.includes('--lang') ? LOCALES.find((locale) => locale === langFlag) : undefined;
    m = messages(asked ?? localeSetting(io.env) ?? 'nl').cli;
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        prune: { type: 'boolean', default: false },
        check: { type: 'boolean', default: false },
        lang: { type: 'string' },
        at: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        digest: { type: 'boolean', default: false },
        phase: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
        bom: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    const config = loadBaseConfig(io.env, m.config);
    const locale = chooseLocale(values.lang, config);
    m = messages(locale).cli;

    const [command, ...rest] = positionals;
    if (!command || values.help || command === 'help') {
      log(m.usage);
      return command || values.help ? 0 : 1;
    }
    const now = values.at ? parseInstant(values.at) : new Date();

    switch (command) {
      case 'migrate':
        return withDatabase(config, async (database) => {
          log(m.migrated(database.kind, database.location, database.throughPid));
          return 0;
        });
      case 'import':
        return withDatabase(config, (database) =>
          importFile(database, requireFile(rest), {
            prune: values.prune ?? false,
            check: values.check ?? false,
          }),
        );
      case 'export':
        return withDatabase(config, (database) => exportFile(database, requireFile(rest)));
      case 'rename-project': {
        const [from, to] = rest;
        if (!from || !to) throw new UsageError(m.renameNeeds);
        return withDatabase(config, (database) => renameProjectSlug(database, from, to));
      }
      case 'status':
      case 'partners':
      case 'timeline':
        return withDatabase(config, async (database) => {
          const programme = await loadProgramme(database.db);
          const answer = answerCommand(programme, parseCommand([command, ...rest].join(' ')), now);
          io.stdout.write(layoutAsText(presentAnswer(answer, locale, programme?.info ?? null)));
          // Scripts can tell "no answer" (no programme, nothing found) from an answer.
          return answer.kind === 'noProgramme' || answer.kind === 'notFound' ? 1 : 0;
        });
      case 'reminders': {
        const [action] = rest;
        if (action === 'preview') {
          const from = values.from ? parseInstant(values.from) : null;
          const to = values.to ? parseInstant(values.to) : null;
          return withDatabase(config, (database) => previewReminders(database, config, locale, { from, to }));
        }
        if (action === 'run') {
          if (!values.at) throw new UsageError(m.runNeedsAt);
          const at = parseInstant(values.at);
          const dryRun = values['dry-run'] ?? false;
          return withDatabase(config, (database) => runReminders(database, config, locale, at, dryRun));
        }
        throw new UsageError(m.remindersNeedsAction);
      }
      case 'subscribe':
      case 'unsubscribe': {
        const [channelId] = rest;
        if (!channelId || !isChannelId(channelId)) throw new UsageError(m.channelIdNeeded(command));
        const digest = values.digest ?? false;
        const topic = digest ? 'digest' : 'reminders';
        return withDatabase(config, async (database) => {
          const changed =
            command === 'subscribe'
              ? await subscribe(database.db, channelId, topic, null)
              : await unsubscribe(database.db, channelId, topic);
          const done = command === 'subscribe' ? m.subscribedTo : m.unsubscribedFrom;
          log(changed ? done(channelId, digest) : m.nothingToChange(channelId));
          return 0;
        });
      }
      case 'forget': {
        const [what, id] = rest;
        if ((what !== 'user' && what !== 'library') || !id) throw new UsageError(m.forgetNeeds);
        // A user id is U… (W… in Enterprise Grid); anything else is a slip that would forget nobody.
        if (what === 'user' && !/^[UW][A-Z0-9]{2,}$/.test(id)) throw new UsageError(m.notAUserId(id));
        return withDatabase(config, async (database) => {
          const report =
            what === 'user' ? await forgetUser(database.db, id) : await forgetLibrary(database.db, id);
          if (!report) {
            warn(m.noSuchLibrary(id));
            return 1;
          }
          log(what === 'user' ? m.forgotUser(id) : m.forgotLibrary(id));
          for (const [item, count] of Object.entries(report))
            log(`  ${m.forgetItems[item] ?? item}: ${count}`);
          return 0;
        });
      }
      case 'export-feedback': {
        const fileFormat = EXPORT_FILE_FORMATS.find((candidate) => candidate === (values.format ?? 'csv'));
        if (!fileFormat) throw new UsageError(m.formatMustBe(EXPORT_FILE_FORMATS.join(', ')));
        if (fileFormat === 'xlsx' && (values.out === undefined || values.out === '-'))
          throw new UsageError(m.workbookNeedsOut);
        if (values.bom && fileFormat !== 'csv') throw new UsageError(m.bomIsForCsv);
        const bom = values.bom ?? false;
        return withDatabase(config, (database) =>
          exportFeedbackFile(database, values.phase, { fileFormat, bom, out: values.out }),
        );
      }
      case 'calendar': {
        const [action] = rest;
        if (action !== 'url' && action !== 'rotate') throw new UsageError(m.calendarNeeds);
        const calendarConfig = loadCalendarConfig(io.env, m.config);
        return withDatabase(config, (database) =>
          runCalendarCommand(database.db, calendarConfig, action, m, { log, warn }),
        );
      }
      default:
        throw new UsageError(m.unknownCommand(command), true);
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

  async function importFile(
    database: DatabaseHandle,
    path: string,
    options: { prune: boolean; check: boolean },
  ): Promise<number> {
    const decoded = decodeProgrammeFile(readBytes(path));
    const parsed = decoded.ok
      ? parseProgrammeFile(decoded.text, m.programmeFile)
      : { ok: false as const, errors: [m.encoding(decoded.problem)] };
    if (!parsed.ok) {
      warn(`${m.notImported(path)}\n${parsed.errors.map((e) => `  - ${e}`).join('\n')}`);
      return 1;
    }
    const diff = options.check
      ? await checkImport(database.db, parsed.programme, options)
      : await importProgramme(database.db, parsed.programme, options);
    log(describeDiff(path, diff, options.check));
    return 0;
  }

  function describeDiff(path: string, diff: ProgrammeDiff, check: boolean): string {
    const renames = diff.likelyRenames.map(
      (rename) => `! ${m.likelyRename(rename.from, rename.to, rename.name)}`,
    );
    if (!diffHasChanges(diff)) {
      return [check ? m.checkedNoChanges(path) : m.importedNoChanges(path), ...renames].join('\n');
    }
    const lines = [check ? m.checked(path) : m.imported(path)];
    if (diff.programme.length > 0) lines.push(`  ${m.programmeChanged(diff.programme.join(', '))}`);
    const fieldName = (field: string) =>
      field === 'order' ? m.orderField : field === 'project' ? m.projectField : field;
    for (const entity of DIFF_ENTITIES) {
      const { added, changed, removed } = diff[entity];
      lines.push(
        `  ${m.entity[entity]}: ${m.counts(added.length, changed.length, removed.length, diff.prune)}`,
      );
      // The names are what a check is for; an import lists them too, so its output says what it did.
      for (const entry of added) lines.push(`    + ${entry.label} (${m.added})`);
      for (const entry of changed)
        lines.push(`    ~ ${entry.label} (${m.changed}: ${entry.fields.map(fieldName).join(', ')})`);
      for (const entry of removed) lines.push(`    - ${entry.label} (${diff.prune ? m.removed : m.absent})`);
    }
    return [...lines, ...renames].join('\n');
  }

  async function exportFile(database: DatabaseHandle, path: string): Promise<number> {
    const programme = await loadProgramme(database.db);
    if (!programme) {
      warn(m.noProgrammeToExport);
      return 1;
    }
    const text = serializeProgrammeFile(programme);
    if (path === '-') io.stdout.write(text);
    else {
      writeFileSync(path, text);
      log(m.exported(path));
    }
    return 0;
  }

  async function renameProjectSlug(database: DatabaseHandle, from: string, to: string): Promise<number> {
    const result = await renameProject(database.db, from, to);
    switch (result.kind) {
      case 'renamed':
        log(m.renamed(from, to));
        return 0;
      case 'invalidSlug':
        warn(m.renameInvalidSlug(to));
        return 1;
      case 'unknownProject':
        warn(m.renameUnknownProject(from));
        return 1;
      case 'slugTaken':
        warn(m.renameSlugTaken(to));
        return 1;
    }
  }

  async function exportFeedbackFile(
    database: DatabaseHandle,
    requestedPhase: string | undefined,
    {
      fileFormat,
      bom,
      out,
    }: { fileFormat: (typeof EXPORT_FILE_FORMATS)[number]; bom: boolean; out?: string },
  ): Promise<number> {
    const programme = await loadProgramme(database.db, { updatesPerProject: 0 });
    if (!programme) {
      warn(m.noProgramme);
      return 1;
    }
    // The same choice as in Slack: the phase named, or the only one there is.
    const choice = phaseToExport(programme, requestedPhase ?? '');
    const listed = (phases: Phase[]) => phases.map((phase) => `  ${phase.id}  ${phase.title}`).join('\n');
    if (choice.kind !== 'phase') {
      warn(
        choice.kind === 'noFeedbackPhases'
          ? m.noFeedbackPhases
          : choice.kind === 'choose'
            ? m.chooseFeedbackPhase(listed(choice.phases))
            : m.unknownFeedbackPhase(requestedPhase ?? '', listed(choice.phases)),
      );
      return 1;
    }
    const phaseId = choice.phase.id;
    const submissions = await feedbackForExport(database.db, phaseId);
    const names = libraryNames(programme);
    const content =
      fileFormat === 'xlsx'
        ? await toWorkbook(feedbackExportRows(submissions, names), phaseId)
        : `${bom ? UTF8_BOM : ''}${exportFeedback(submissions, names, fileFormat)}`;
    if (out === undefined || out === '-') io.stdout.write(content);
    else {
      writeFileSync(out, content);
      log(m.feedbackWritten(submissions.length, phaseId, out, fileFormat));
    }
    return 0;
  }

  async function previewReminders(
    database: DatabaseHandle,
    config: BaseConfig,
    locale: Locale,
    range: { from: Date | null; to: Date | null },
  ): Promise<number> {
    const programme = await loadProgramme(database.db, { updatesPerProject: 0 });
    if (!programme) {
      warn(m.noProgramme);
      return 1;
    }
    const channels = await subscribedChannels(database.db, 'reminders');
    const plan = planProgrammeReminders(programme, config.REMINDER_HOUR).filter(
      (reminder) =>
        (!range.from || reminder.dueAt >= range.from) && (!range.to || reminder.dueAt <= range.to),
    );
    log(m.remindersPlanned(plan.length, channels.length > 0 ? channels.join(', ') : m.noChannels));
    for (const reminder of plan) {
      const local = formatInstant(reminder.dueAt.toISOString(), programme.info.timezone, locale);
      log(
        `${local}  ${reminder.dueAt.toISOString()}  ${reminderKey(reminder).padEnd(32)} → ${reminder.targetDay}`,
      );
    }
    return 0;
  }

  async function runReminders(
    database: DatabaseHandle,
    config: BaseConfig,
    locale: Locale,
    at: Date,
    dryRun: boolean,
  ): Promise<number> {
    // A dry run posts nothing, so it needs no token: only a real run reads (and insists on) one.
    const slack = dryRun
      ? { SLACK_BOT_TOKEN: '', SLACK_API_URL: config.SLACK_API_URL }
      : loadPosterConfig(io.env, m.config);
    const worker = createWorker({
      db: database.db,
      logger: createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL, io.logTo),
      botToken: slack.SLACK_BOT_TOKEN,
      slackApiUrl: slack.SLACK_API_URL,
      hour: config.REMINDER_HOUR,
      graceMs: config.REMINDER_GRACE_HOURS * 60 * 60 * 1000,
      defaultLocale: config.DEFAULT_LOCALE,
    });
    const report = await runTick(worker, at, { dryRun });
    const sentWord = dryRun ? m.wouldSend : m.sent;
    for (const sent of report.sent)
      log(`${sentWord}: ${sent.key} → ${sent.channelId}${dryRun ? '' : ` (ts ${sent.ts})`}`);
    for (const skipped of report.skipped)
      log(
        `${m.skipped}: ${skipped.key} → ${skipped.channelId}: ${skipReasonText(skipped.reason, locale) ?? skipped.reason}`,
      );
    for (const failed of report.failed)
      log(`${m.failed}: ${failed.key} → ${failed.channelId}: ${failed.error}`);
    for (const retry of report.retrying)
      log(`${m.retryLater}: ${retry.key} → ${retry.channelId}: ${retry.error}`);
    log(
      m.tickSummary(
        report.sent.length,
        report.skipped.length,
        report.failed.length,
        report.retrying.length,
        dryRun,
      ),
    );
    return report.failed.length > 0 ? 1 : 0;
  }

  function requireFile(rest: string[]): string {
    const [path] = rest;
    if (!path) throw new UsageError(m.needsFile);
    return path;
  }

  function readBytes(path: string): Uint8Array {
    try {
      return readFileSync(path);
    } catch (error) {
      throw new UsageError(
        m.cannotRead(path, readProblem((error as NodeJS.ErrnoException).code) ?? (error as Error).message),
      );
    }
  }

  function readProblem(code: string | undefined): string | undefined {
    return code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR' ? m.readProblems[code] : undefined;
  }

  function chooseLocale(flag: string | undefined, config: BaseConfig): Locale {
    if (flag === undefined) return config.DEFAULT_LOCALE;
    const locale = LOCALES.find((candidate) => candidate === flag);
    if (!locale) throw new UsageError(m.langMustBe(LOCALES.join(', ')));
    return locale;
  }

  function parseInstant(text: string): Date {
    const instant = new Date(text);
    if (Number.isNaN(instant.getTime())) throw new UsageError(m.atMustBe(text));
    return instant;
  }

  /** parseArgs's own message (English) turned into the CLI's words: the option and what is wrong with it. */
  function optionMistake(error: unknown): string | null {
    if (!(error instanceof Error)) return null;
    const { code, message } = error as NodeJS.ErrnoException;
    const option = /'(-[^' ]+)/.exec(message)?.[1] ?? message;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return m.unknownOption(option);
    if (code !== 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return null;
    return /argument missing/.test(message) ? m.optionNeedsValue(option) : m.optionTakesNoValue(option);
  }

  try {
    return await run(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      warn(`${error.message}\n${error.showUsage ? `\n${m.usage}` : m.seeUsage}`);
      return 2;
    } else if (error instanceof ConfigError) {
      warn(m.configProblems(error.problems));
      return 1;
    } else if (error instanceof DataDirBusyError) {
      warn(m.dataDirBusy(error.dataDir, error.holderPid));
      return 1;
    } else if (optionMistake(error) !== null) {
      warn(`${optionMistake(error)}\n\n${m.usage}`);
      return 2;
    } else {
      warn(m.unexpectedError((error as Error).message));
      return 1;
    }
  }
}
