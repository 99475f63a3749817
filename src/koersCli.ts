import { closeSync, existsSync, fstatSync, openSync, readSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { LogLevel, WebClient } from '@slack/web-api';
import { runCalendarCommand } from './calendar/calendarCli.js';
import {
  type BaseConfig,
  ConfigError,
  dataDirGiven,
  loadBaseConfig,
  loadCalendarConfig,
  loadInstallationKeys,
  loadPosterConfig,
  localeSetting,
  PLAYGROUND_DATA_DIR,
} from './config.js';
import { type DatabaseHandle, openDatabase } from './db/client.js';
import { DataDirBusyError, dataDirHolder } from './db/dataDirLock.js';
import { databaseUnreachable } from './db/deliveryRepository.js';
import {
  installationNames,
  purgeInstallation,
  type StoredBotToken,
  storedBotToken,
} from './db/installationRepository.js';
import { forgetLibrary, forgetUser } from './db/privacyRepository.js';
import { checkImport, loadProgramme } from './db/programmeRepository.js';
import { renameProject } from './db/projectRename.js';
import { subscribedChannels } from './db/subscriptionRepository.js';
import { tokenCipher } from './db/tokenCipher.js';
import { answerCommand } from './domain/answers.js';
import { isChannelId } from './domain/channels.js';
import { parseCommand, suggestCommandWord } from './domain/command.js';
import { reminderKey } from './domain/deliveryKeys.js';
import {
  exportUserIds,
  FEEDBACK_EXPORT_FORMATS,
  toCsv,
  toJson,
  withUserNames,
} from './domain/feedbackExport.js';
import type { Phase, Programme } from './domain/programme.js';
import { DIFF_ENTITIES, diffHasChanges, type ProgrammeDiff } from './domain/programmeDiff.js';
import { parseProgrammeFile, serializeProgrammeFile } from './domain/programmeFile.js';
import {
  type DecodedProgrammeFile,
  decodeProgrammeFile,
  MAX_PROGRAMME_FILE_BYTES,
  programmeFileSizeProblem,
} from './domain/programmeFileBytes.js';
import { planProgrammeReminders, quietPeriodNamed } from './domain/reminderPlan.js';
import { hasExpired } from './domain/tokenRenewal.js';
import { calendarSegmentOf, installKeyOfTeamOption, workspaceSchemaOf } from './domain/workspaces.js';
import { formatInstant, LOCALES, type Locale, messages, skipReasonText } from './i18n/index.js';
import type { Catalogue } from './i18n/nl.js';
import { createLogger } from './logger.js';
import { FIRST_TEAM } from './playground/personas.js';
import { presentAnswer } from './present/answerDocument.js';
import { toWorkbook } from './present/feedbackWorkbook.js';
import { diffLines } from './present/programmeDiffLines.js';
import { layoutAsText } from './present/textLayout.js';
import { createWorker, dryRunTick, type WouldPost } from './scheduler/index.js';
import { runTick, type TickReport } from './scheduler/reminderWorker.js';
import { slackUserNames } from './slack/userNames.js';
import { changeProgramme } from './usecases/changeProgramme.js';
import { changeSubscription } from './usecases/changeSubscription.js';
import { feedbackRowsOf } from './usecases/exportFeedback.js';
import { listPendingIdeas } from './usecases/listIdeas.js';
import { listProgrammeChanges } from './usecases/listProgrammeChanges.js';

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

/** Every command `run` knows, for the "did you mean" of a mistyped one. */
const CLI_COMMANDS = [
  'migrate',
  'import',
  'export',
  'rename-project',
  'changes',
  'status',
  'partners',
  'timeline',
  'reminders',
  'subscribe',
  'unsubscribe',
  'forget',
  'export-feedback',
  'calendar',
  'ideas',
  'purge',
  'help',
] as const;

/** The options every command reads from; each command takes the ones it knows. */
const CLI_OPTIONS = {
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
  force: { type: 'boolean', default: false },
  team: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

/** One command as typed: the words after it, the options, and what the configuration says. */
interface CommandCall {
  rest: string[];
  values: ReturnType<typeof parseArgs<{ options: typeof CLI_OPTIONS; allowPositionals: true }>>['values'];
  config: BaseConfig;
  locale: Locale;
  /** `--at`, else the clock. */
  now: Date;
}

/** An installation (OAuth) as the CLI names it: `Name (T0123)`. */
interface Workspace {
  key: string;
  name: string;
  /** Its bot token, for a command that posts (`reminders run`); read only when asked for. */
  botToken?: StoredBotToken;
}

/** Thrown for a mistake of the operator's; printed without a stack trace, with a pointer to the usage. */
class UsageError extends Error {
  constructor(
    message: string,
    readonly showUsage = false,
  ) {
    super(message);
  }
}

/**
 * `npm run koers -- ARGV`: runs one command and returns its exit code. Every mistake of the operator's
 * is worded here (in the CLI's language, without a stack trace); nothing is thrown.
 */
export async function runKoersCli(argv: string[], io: CliIo): Promise<number> {
  /** The CLI's language: --lang, else DEFAULT_LOCALE, else Dutch. */
  let m: CliMessages = messages('nl').cli;
  /** `--team`: with OAuth, the installation whose programme every command works on. */
  let teamOption: string | undefined;
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
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: CLI_OPTIONS });
    const config = besideRunningPlayground(loadBaseConfig(io.env, m.config));
    teamOption = values.team;
    const locale = chooseLocale(values.lang, config);
    m = messages(locale).cli;

    const [command, ...rest] = positionals;
    if (!command || values.help || command === 'help') {
      log(m.usage);
      return command || values.help ? 0 : 1;
    }
    const now = values.at ? parseInstant(values.at) : new Date();
    const call: CommandCall = { rest, values, config, locale, now };
    switch (command) {
      case 'migrate':
        return withDatabase(
          config,
          async (database, _where, workspace) => {
            const label = workspace && labelOf(workspace);
            log(m.migrated(database.kind, database.location, database.throughPid, label));
            return 0;
          },
          { programme: false },
        );
      case 'purge':
        return purgeCommand(call);
      case 'import':
        return importCommand(call);
      case 'changes':
        return withDatabase(config, async (database) => {
          log(await describeChanges(database, locale));
          return 0;
        });
      case 'export':
        return withDatabase(config, (database) =>
          exportFile(database, requireFile(rest), values.force ?? false),
        );
      case 'rename-project': {
        const [from, to] = rest;
        if (!from || !to) throw new UsageError(m.renameNeeds);
        return withDatabase(config, (database) => renameProjectSlug(database, from, to));
      }
      case 'status':
      case 'partners':
      case 'timeline':
        return answerQuery(command, call);
      case 'reminders':
        return remindersCommand(call);
      case 'subscribe':
      case 'unsubscribe':
        return subscriptionCommand(command, call);
      case 'forget':
        return forgetCommand(call);
      case 'export-feedback':
        return exportFeedbackCommand(call);
      case 'ideas':
        return withDatabase(config, (database) => listIdeas(database, locale));
      case 'calendar': {
        const [action] = rest;
        if (action !== 'url' && action !== 'rotate') throw new UsageError(m.calendarNeeds);
        const calendarConfig = loadCalendarConfig(io.env, m.config);
        return withDatabase(config, (database, _where, workspace) =>
          runCalendarCommand(
            database.db,
            { ...calendarConfig, ...(workspace && { workspace: calendarSegmentOf(workspace.key) }) },
            action,
            m,
            { log, warn },
          ),
        );
      }
      default:
        throw new UsageError(m.unknownCommand(command, suggestCommandWord(command, CLI_COMMANDS)), true);
    }
  }

  /** `import FILE`: the file first, so a file that is no programme is named before any database is opened. */
  async function importCommand({ rest, values, config }: CommandCall): Promise<number> {
    const path = requireFile(rest);
    const parsed = parseProgrammeFileAt(path);
    if (!parsed.ok) {
      warn(`${m.notImported(path)}\n${parsed.errors.map((e) => `  - ${e}`).join('\n')}`);
      return 1;
    }
    const check = values.check ?? false;
    return withDatabase(
      config,
      (database, where) =>
        importFile(database, path, parsed.programme, { prune: values.prune ?? false, check, where }),
      { createNothing: check },
    );
  }

  /** `status`, `partners`, `timeline`: the answer `/project` gives, as plain text. */
  function answerQuery(
    command: 'status' | 'partners' | 'timeline',
    { rest, config, locale, now }: CommandCall,
  ) {
    return withDatabase(config, async (database) => {
      const programme = await loadProgramme(database.db);
      const answer = answerCommand(programme, parseCommand([command, ...rest].join(' ')), now);
      io.stdout.write(layoutAsText(presentAnswer(answer, locale, programme?.info ?? null)));
      // Scripts can tell "no answer" (no programme, nothing found) from an answer.
      return answer.kind === 'noProgramme' || answer.kind === 'notFound' ? 1 : 0;
    });
  }

  function remindersCommand({ rest, values, config, locale }: CommandCall): Promise<number> {
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
      return withDatabase(
        config,
        (database, _where, workspace) => runReminders(database, config, locale, at, dryRun, workspace),
        // A real run posts: for an installed workspace with the token stored for it.
        { botToken: !dryRun },
      );
    }
    throw new UsageError(m.remindersNeedsAction);
  }

  function subscriptionCommand(
    command: 'subscribe' | 'unsubscribe',
    { rest, values, config }: CommandCall,
  ): Promise<number> {
    const [channelId] = rest;
    if (!channelId || !isChannelId(channelId)) throw new UsageError(m.channelIdNeeded(command));
    const digest = values.digest ?? false;
    const topic = digest ? 'digest' : 'reminders';
    return withDatabase(config, async (database) => {
      const outcome = await changeSubscription(
        operatorContext(database),
        { userId: operatorId(), channelId, topic, change: command },
        // The CLI asks Slack nothing (it needs no token): the operator names a channel Koers is in.
        async () => true,
      );
      if (outcome.kind !== 'done') throw new Error(`subscribing ${channelId} was ${outcome.kind}`);
      const done = command === 'subscribe' ? m.subscribedTo : m.unsubscribedFrom;
      log(outcome.changed ? done(channelId, digest) : m.nothingToChange(channelId));
      return 0;
    });
  }

  function forgetCommand({ rest, config }: CommandCall): Promise<number> {
    const [what, id] = rest;
    if ((what !== 'user' && what !== 'library') || !id) throw new UsageError(m.forgetNeeds);
    // A user id is U… (W… in Enterprise Grid); anything else is a slip that would forget nobody.
    if (what === 'user' && !/^[UW][A-Z0-9]{2,}$/.test(id)) throw new UsageError(m.notAUserId(id));
    return withDatabase(config, async (database) => {
      const report =
        what === 'user'
          ? await forgetUser(database.db, id, new Date())
          : await forgetLibrary(database.db, id, new Date());
      if (!report) {
        warn(m.noSuchLibrary(id));
        return 1;
      }
      log(what === 'user' ? m.forgotUser(id) : m.forgotLibrary(id));
      for (const [item, count] of Object.entries(report)) log(`  ${m.forgetItems[item] ?? item}: ${count}`);
      return 0;
    });
  }

  function exportFeedbackCommand({ values, config }: CommandCall): Promise<number> {
    const fileFormat = EXPORT_FILE_FORMATS.find((candidate) => candidate === (values.format ?? 'csv'));
    if (!fileFormat) throw new UsageError(m.formatMustBe(EXPORT_FILE_FORMATS.join(', ')));
    if (fileFormat === 'xlsx' && (values.out === undefined || values.out === '-'))
      throw new UsageError(m.workbookNeedsOut);
    if (values.bom && fileFormat !== 'csv') throw new UsageError(m.bomIsForCsv);
    const bom = values.bom ?? false;
    return withDatabase(config, (database) =>
      exportFeedbackFile(database, config, values.phase, {
        fileFormat,
        bom,
        out: values.out,
        force: values.force ?? false,
      }),
    );
  }

  /** Who runs the CLI, as the change history and the subscriptions name them. */
  function operatorId(): string {
    return `cli:${io.env.USER || io.env.USERNAME || 'operator'}`;
  }

  /** What a use case needs, for the operator: who may run the CLI may do what an admin may. */
  function operatorContext(database: DatabaseHandle) {
    return {
      db: database.db,
      now: () => new Date(),
      actorFor: async (userId: string) => ({ userId, isAdmin: true, libraryCode: null }),
    };
  }

  /** `ideas`: what waits for the admins' decision, and what Koers gave up sending. */
  async function listIdeas(database: DatabaseHandle, locale: Locale): Promise<number> {
    const result = await listPendingIdeas(database.db, 'operator');
    if (result.kind === 'refused') return 1;
    const timezone = (await loadProgramme(database.db, { updatesPerProject: 0 }))?.info.timezone ?? 'UTC';
    log(m.pendingIdeas(result.ideas.length));
    for (const idea of result.ideas) {
      const when = formatInstant(idea.createdAt.toISOString(), timezone, locale);
      log(m.pendingIdea(idea.id, idea.title, idea.proposedBy, when));
    }
    if (result.undelivered.length > 0) {
      log(m.undelivered(result.undelivered.length));
      for (const message of result.undelivered) {
        const what = messages(locale).owedKind[message.kind];
        log(m.undeliveredMessage(message.id, what, message.recipient, message.lastError ?? ''));
      }
    }
    return 0;
  }

  /**
   * Without DATA_DIR the CLI uses `./data`, the app's; but when no app holds it and a playground runs on
   * its own `./data-playground`, the CLI joins the playground, as it would join the app.
   */
  function besideRunningPlayground(config: BaseConfig): BaseConfig {
    if (config.DATABASE_URL || dataDirGiven(io.env)) return config;
    if (dataDirHolder(config.DATA_DIR) !== null || dataDirHolder(PLAYGROUND_DATA_DIR) === null) return config;
    return { ...config, DATA_DIR: PLAYGROUND_DATA_DIR };
  }

  /**
   * Opens the programme a command works on: with OAuth (installations in the database) the workspace
   * `--team` names, its schema brought up to date; else public's, the one programme there is. Without
   * `--team` an OAuth deployment's programme commands are refused: public's programme is no workspace's.
   */
  function withDatabase(
    config: BaseConfig,
    /** `where` says which database (and workspace) it is, in a line for the operator. */
    work: (database: DatabaseHandle, where: string, workspace?: Workspace) => Promise<number>,
    options: {
      /** A look that writes nothing: a data folder that does not exist yet is not made for it. */
      createNothing?: boolean;
      /** False for `migrate`: it works on public's tables without `--team`, on a workspace's with it. */
      programme?: boolean;
      /** With `--team`: the installation's bot token is read (with KOERS_ENCRYPTION_KEY) for posting. */
      botToken?: boolean;
    } = {},
  ): Promise<number> {
    return withInstanceDatabase(
      config,
      async (database, where) => {
        const installed = await installationNames(database.db);
        // Beside the playground, its first workspace is the one a newcomer means.
        teamOption ??= playgroundTeamOf(config, installed);
        if (teamOption === undefined) {
          if (installed.length > 0 && options.programme !== false) {
            warn(m.teamNeeded(m.installedTeams(listedWorkspaces(installed))));
            return 1;
          }
          return work(database, where);
        }
        const named = namedWorkspace(installed);
        if (!named) return 1;
        const workspace = options.botToken
          ? {
              ...named,
              botToken: await storedBotToken(
                database.db,
                tokenCipher(loadInstallationKeys(io.env, m.config)),
                named.key,
              ),
            }
          : named;
        // Public's tables are read before: through the running app, the one connection moves with it.
        const workspaceDatabase = await database.forWorkspace(workspaceSchemaOf(workspace.key));
        try {
          await workspaceDatabase.migrate();
          const where = m.usingDatabase(
            database.kind,
            database.location,
            database.throughPid,
            labelOf(workspace),
          );
          return await work(workspaceDatabase, where, workspace);
        } finally {
          await workspaceDatabase.close();
        }
      },
      options,
    );
  }

  /**
   * The playground keeps its two workspaces in its own data folder (`./data-playground`): without
   * `--team` the CLI works on the first, the one its page shows first.
   */
  function playgroundTeamOf(config: BaseConfig, installed: Workspace[]): string | undefined {
    if (config.DATABASE_URL || resolve(config.DATA_DIR) !== resolve(PLAYGROUND_DATA_DIR)) return undefined;
    const first = `team:${FIRST_TEAM.id}`;
    return installed.some((workspace) => workspace.key === first) ? FIRST_TEAM.id : undefined;
  }

  /** `--team`'s installation among those in the database; null (and said so) when it is none of them. */
  function namedWorkspace(installed: Workspace[]): Workspace | null {
    const team = teamOption ?? '';
    const key = installKeyOfTeamOption(team);
    const workspace = installed.find((candidate) => candidate.key === key);
    if (!workspace) warn(m.unknownTeam(team.trim(), m.installedTeams(listedWorkspaces(installed))));
    return workspace ?? null;
  }

  function listedWorkspaces(installed: Workspace[]): string {
    return installed
      .map((workspace) => `  ${calendarSegmentOf(workspace.key)}  ${workspace.name}`)
      .join('\n');
  }

  function labelOf(workspace: Workspace): string {
    return `${workspace.name} (${calendarSegmentOf(workspace.key)})`;
  }

  /**
   * `purge --team T…`: the workspace's data goes now. The CLI runs beside the app, not in it: while Koers
   * is installed there (a bot token) it refuses, unless --force; the app stops serving a workspace whose
   * installation is gone within its minute's sweep.
   */
  function purgeCommand({ values, config }: CommandCall): Promise<number> {
    if (values.team === undefined) throw new UsageError(m.purgeNeedsTeam);
    const force = values.force ?? false;
    return withInstanceDatabase(config, async (database) => {
      const workspace = namedWorkspace(await installationNames(database.db));
      if (!workspace) return 1;
      const outcome = await purgeInstallation(
        database.db,
        workspace.key,
        (installation) => force || !installation.hasBotToken,
      );
      if (outcome === 'purged') {
        log(m.purged(labelOf(workspace)));
        return 0;
      }
      // Gone meanwhile: purged by the app's sweep, or by another purge.
      if (outcome === 'unknown') namedWorkspace(await installationNames(database.db));
      else warn(m.stillInstalled(labelOf(workspace)));
      return 1;
    });
  }

  /** The database the configuration names, migrated: public's tables, the instance's own. */
  async function withInstanceDatabase(
    config: BaseConfig,
    work: (database: DatabaseHandle, where: string) => Promise<number>,
    options: { createNothing?: boolean } = {},
  ): Promise<number> {
    const missing =
      options.createNothing &&
      !config.DATABASE_URL &&
      !config.DATA_DIR.startsWith('memory://') &&
      !existsSync(join(config.DATA_DIR, 'pglite')) &&
      dataDirHolder(config.DATA_DIR) === null;
    const database = await openDatabase({
      databaseUrl: config.DATABASE_URL,
      dataDir: missing ? 'memory://' : config.DATA_DIR,
      embedded: 'join',
      ...(config.KOERS_PGLITE_TEMPLATE && { templateFile: config.KOERS_PGLITE_TEMPLATE }),
    });
    try {
      await database.migrate();
      const where = missing
        ? m.noDatabaseYet(resolve(config.DATA_DIR))
        : m.usingDatabase(database.kind, database.location, database.throughPid);
      return await work(database, where);
    } finally {
      await database.close();
    }
  }

  function parseProgrammeFileAt(path: string) {
    const decoded = readProgrammeFile(path);
    return decoded.ok
      ? parseProgrammeFile(decoded.text, m.programmeFile)
      : { ok: false as const, errors: [m.encoding(decoded.problem)] };
  }

  async function importFile(
    database: DatabaseHandle,
    path: string,
    programme: Programme,
    options: { prune: boolean; check: boolean; where: string },
  ): Promise<number> {
    let diff: ProgrammeDiff;
    if (options.check) diff = await checkImport(database.db, programme, options);
    else {
      // The same path as a change made in Slack: checked, written and recorded in the change history.
      const outcome = await changeProgramme(operatorContext(database), {
        userId: operatorId(),
        source: 'cli',
        edit: { kind: 'replace', programme, prune: options.prune },
        wording: m.programmeFile,
      });
      if (outcome.kind !== 'changed') {
        const problems =
          outcome.kind === 'invalid' ? [...Object.values(outcome.fields), ...outcome.other] : [];
        warn(`${m.notImported(path)}\n${problems.map((e) => `  - ${e}`).join('\n')}`);
        return 1;
      }
      diff = outcome.diff;
    }
    log(options.where);
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
    for (const entity of DIFF_ENTITIES) {
      const { added, changed, removed } = diff[entity];
      lines.push(
        `  ${m.entity[entity]}: ${m.counts(added.length, changed.length, removed.length, diff.prune)}`,
      );
      // The names are what a check is for; an import lists them too, so its output says what it did.
      for (const line of diffLines(diff, entity, m))
        lines.push(`    ${line.sign === '−' ? '-' : line.sign} ${line.label} (${line.note})`);
    }
    return [...lines, ...renames].join('\n');
  }

  /** The change history as `/project wijzigingen` shows it, in plain text. */
  async function describeChanges(database: DatabaseHandle, locale: Locale): Promise<string> {
    const words = messages(locale).admin;
    const listed = await listProgrammeChanges(database.db, {
      userId: 'cli',
      isAdmin: true,
      libraryCode: null,
    });
    const changes = listed.kind === 'changes' ? listed.changes : [];
    if (changes.length === 0) return words.noChanges;
    const timezone = (await loadProgramme(database.db))?.info.timezone ?? 'UTC';
    const lines = [words.changesTitle];
    for (const change of changes) {
      const who = change.actor.startsWith('cli:') ? change.actor.slice('cli:'.length) : change.actor;
      lines.push(
        `${formatInstant(change.at.toISOString(), timezone, locale)} · ${who} · ${words.source[change.source] ?? change.source}`,
        ...change.summary.added.map((entry) => `  + ${entry} (${words.added})`),
        ...change.summary.changed.map((entry) => `  ~ ${entry} (${words.changed})`),
        ...change.summary.removed.map((entry) => `  - ${entry} (${words.removed})`),
      );
    }
    return lines.join('\n');
  }

  async function exportFile(database: DatabaseHandle, path: string, force: boolean): Promise<number> {
    const programme = await loadProgramme(database.db);
    if (!programme) {
      warn(m.noProgrammeToExport);
      return 1;
    }
    const text = serializeProgrammeFile(programme);
    if (path === '-') io.stdout.write(text);
    else {
      writeOutputFile(path, text, force);
      log(m.exported(path));
    }
    return 0;
  }

  async function renameProjectSlug(database: DatabaseHandle, from: string, to: string): Promise<number> {
    const result = await renameProject(database.db, from, to, new Date());
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

  const EXPORT_FILE_FORMATS = [...FEEDBACK_EXPORT_FORMATS, 'xlsx'] as const;

  /** Excel reads a CSV as UTF-8 only when it starts with this; other programs skip it. */
  const UTF8_BOM = '\uFEFF';

  async function exportFeedbackFile(
    database: DatabaseHandle,
    config: BaseConfig,
    requestedPhase: string | undefined,
    {
      fileFormat,
      bom,
      out,
      force,
    }: { fileFormat: (typeof EXPORT_FILE_FORMATS)[number]; bom: boolean; out?: string; force: boolean },
  ): Promise<number> {
    const programme = await loadProgramme(database.db, { updatesPerProject: 0 });
    if (!programme) {
      warn(m.noProgramme);
      return 1;
    }
    // The same choice and rows as in Slack: the phase named, or the only one there is.
    const found = await feedbackRowsOf(database.db, programme, requestedPhase ?? '');
    const listed = (phases: Phase[]) => phases.map((phase) => `  ${phase.id}  ${phase.title}`).join('\n');
    if (found.kind !== 'rows') {
      warn(
        found.kind === 'noFeedbackPhases'
          ? m.noFeedbackPhases
          : found.kind === 'choose'
            ? m.chooseFeedbackPhase(listed(found.phases))
            : m.unknownFeedbackPhase(requestedPhase ?? '', listed(found.phases)),
      );
      return 1;
    }
    const phaseId = found.phase.id;
    let { rows } = found;
    // With the bot token `reminders run` posts with, the names are asked of Slack; without, they stay empty.
    if (io.env.SLACK_BOT_TOKEN?.trim()) {
      const { SLACK_BOT_TOKEN } = loadPosterConfig(io.env, m.config);
      const slackApiUrl = config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {};
      const client = new WebClient(SLACK_BOT_TOKEN, {
        ...slackApiUrl,
        retryConfig: { retries: 0 },
        logLevel: LogLevel.ERROR,
      });
      rows = withUserNames(rows, await slackUserNames(client, exportUserIds(rows)));
    }
    const content =
      fileFormat === 'xlsx'
        ? await toWorkbook(rows, phaseId)
        : `${bom ? UTF8_BOM : ''}${fileFormat === 'csv' ? toCsv(rows) : toJson(rows)}`;
    if (out === undefined || out === '-') io.stdout.write(content);
    else {
      writeOutputFile(out, content, force);
      log(m.feedbackWritten(rows.length, phaseId, out, fileFormat));
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
      const quiet = reminder.skip
        ? ` ${m.skippedByQuietPeriod(quietPeriodNamed(reminder.skip) ?? '')}`
        : reminder.movedFrom
          ? ` ${m.movedByQuietPeriod(reminder.movedFrom.period, reminder.movedFrom.day)}`
          : '';
      log(
        `${local}  ${reminder.dueAt.toISOString()}  ${reminderKey(reminder).padEnd(32)} → ${reminder.targetDay}${quiet}`,
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
    workspace?: Workspace,
  ): Promise<number> {
    const settings = {
      db: database.db,
      // Every outcome is printed in words below; the worker's own log lines would only repeat them.
      logger: createLogger(config.LOG_LEVEL === 'info' ? 'error' : config.LOG_LEVEL),
      hour: config.REMINDER_HOUR,
      graceMs: config.REMINDER_GRACE_HOURS * 60 * 60 * 1000,
      defaultLocale: config.DEFAULT_LOCALE,
      // Someone waits at the terminal: a database that went away after a post is waited for this long.
      worker: { recordWithinMs: CLI_RECORD_WITHIN_MS },
    };
    let tick: { report: TickReport; wouldPost: WouldPost[] };
    try {
      if (dryRun) tick = await dryRunTick(settings, at);
      else {
        // A dry run posts nothing, so it needs no token: only a real run reads (and insists on) one.
        const botToken = workspace ? installedBotToken(workspace, new Date()) : null;
        if (workspace && !botToken) return 1;
        const poster = botToken
          ? { SLACK_BOT_TOKEN: botToken, SLACK_API_URL: config.SLACK_API_URL }
          : loadPosterConfig(io.env, m.config);
        const worker = createWorker({
          ...settings,
          botToken: poster.SLACK_BOT_TOKEN,
          slackApiUrl: poster.SLACK_API_URL,
        });
        tick = { report: await runTick(worker, at), wouldPost: [] };
      }
    } catch (error) {
      // Before its posts a tick only reads and plans; a database gone then means nothing was posted.
      const reason = databaseUnreachable(error);
      if (reason === null) throw error;
      warn(m.databaseAwayRun(reason));
      return REMINDERS_EXIT.databaseAway;
    }
    return printTick(tick, locale, dryRun);
  }

  /**
   * The token an installed workspace's reminders are posted with; null (and said why) when Koers is no
   * longer installed there or the token has run out (the app renews rotating tokens; the CLI does not).
   */
  function installedBotToken(workspace: Workspace, now: Date): string | null {
    const stored = workspace.botToken;
    if (!stored) {
      warn(m.teamNotInstalled(labelOf(workspace)));
      return null;
    }
    if (hasExpired(stored, now)) {
      warn(m.teamTokenExpired(labelOf(workspace)));
      return null;
    }
    return stored.token;
  }

  /** A tick's outcomes in words, one line each, and the exit code they make. */
  function printTick(
    { report, wouldPost }: { report: TickReport; wouldPost: WouldPost[] },
    locale: Locale,
    dryRun: boolean,
  ): number {
    const texts = new Map(wouldPost.map((post) => [`${post.key}|${post.channelId}`, post.text]));
    for (const sent of report.sent)
      log(
        dryRun
          ? `${m.wouldSend}: ${sent.key} → ${sent.channelId}: ${texts.get(`${sent.key}|${sent.channelId}`)}`
          : `${m.sent}: ${sent.key} → ${sent.channelId} (ts ${sent.ts})`,
      );
    for (const skipped of report.skipped)
      log(
        `${m.skipped}: ${skipped.key} → ${skipped.channelId}: ${skipReasonText(skipped.reason, locale) ?? skipped.reason}`,
      );
    for (const failed of report.failed)
      log(`${m.failed}: ${failed.key} → ${failed.channelId}: ${failed.error}`);
    for (const retry of report.retrying)
      log(`${m.retryLater}: ${retry.key} → ${retry.channelId}: ${retry.error}`);
    for (const unsure of report.unknown)
      log(`${m.outcomeUnknown}: ${unsure.key} → ${unsure.channelId}: ${unsure.error}`);
    log(
      m.tickSummary(
        report.sent.length,
        report.skipped.length,
        report.failed.length,
        report.retrying.length + report.unknown.length,
        dryRun,
      ),
    );
    if (report.unrecorded.length > 0) {
      warn(m.notRecorded(report.unrecorded.length));
      for (const item of report.unrecorded)
        warn(`  ${item.key} → ${item.channelId}: ${m.notRecordedItem(item.outcome)}`);
      return REMINDERS_EXIT.databaseAway;
    }
    return report.failed.length > 0 ? REMINDERS_EXIT.failed : REMINDERS_EXIT.ok;
  }

  /**
   * Writes what a command made to the file the operator named. An existing file is kept unless --force
   * says otherwise: `wx` refuses it in the same call that would create the file, so nothing slips in
   * between a check and the write.
   */
  function writeOutputFile(path: string, content: string | Uint8Array, force: boolean): void {
    try {
      writeFileSync(path, content, { flag: force ? 'w' : 'wx' });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') {
        // A folder by that name is a folder, --force or not.
        const isFolder = (() => {
          try {
            return statSync(path).isDirectory();
          } catch {
            return false;
          }
        })();
        throw new UsageError(isFolder ? m.cannotWrite(path, m.writeProblems.EISDIR) : m.outExists(path));
      }
      const reason =
        code === 'EISDIR' || code === 'ENOENT' || code === 'EACCES' || code === 'ENOTDIR'
          ? m.writeProblems[code]
          : (error as Error).message;
      throw new UsageError(m.cannotWrite(path, reason));
    }
  }

  const CLI_RECORD_WITHIN_MS = 20_000;

  /** The exit codes of `reminders run`, as README's CLI section lists them. */
  const REMINDERS_EXIT = {
    ok: 0,
    /** A delivery failed for good (Slack's error), or was given up; it is in the delivery log. */
    failed: 1,
    /** The database went away: nothing was posted, or what was is not recorded yet (the next run does it). */
    databaseAway: 3,
  } as const;

  function requireFile(rest: string[]): string {
    const [path] = rest;
    if (!path) throw new UsageError(m.needsFile);
    return path;
  }

  /**
   * A programme file's bytes, never more than the cap: its size is asked first, and only a regular file
   * is opened at all (`/dev/zero` never ends, a named pipe may never answer). A file that grows after
   * that is still read no further than one byte past the cap.
   */
  function readProgrammeFile(path: string): DecodedProgrammeFile {
    const cannotRead = (reason: string) => new UsageError(m.cannotRead(path, reason));
    try {
      const refused = (size: number, isFile: boolean, isDirectory: boolean) => {
        if (isDirectory) throw cannotRead(m.readProblems.EISDIR);
        if (!isFile) throw cannotRead(m.readProblems.notAFile);
        return programmeFileSizeProblem(size);
      };
      const before = statSync(path);
      const tooLarge = refused(before.size, before.isFile(), before.isDirectory());
      if (tooLarge) return { ok: false, problem: tooLarge };
      const fd = openSync(path, 'r');
      try {
        // The same check of what was opened: the path may have been swapped since.
        const opened = fstatSync(fd);
        const openedTooLarge = refused(opened.size, opened.isFile(), opened.isDirectory());
        if (openedTooLarge) return { ok: false, problem: openedTooLarge };
        const buffer = Buffer.alloc(MAX_PROGRAMME_FILE_BYTES + 1);
        let length = 0;
        while (length < buffer.length) {
          const read = readSync(fd, buffer, length, buffer.length - length, null);
          if (read === 0) break;
          length += read;
        }
        return decodeProgrammeFile(buffer.subarray(0, length));
      } finally {
        closeSync(fd);
      }
    } catch (error) {
      if (error instanceof UsageError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      throw cannotRead(readProblem(code) ?? (error as Error).message);
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
