import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { FEEDBACK_JUDGEMENTS, IDEA_STATUSES } from '../domain/forms.js';
import {
  LATE_SUBMISSIONS,
  PARTNER_ROLES,
  PHASE_KINDS,
  PROJECT_STATUSES,
  type QuietPeriod,
} from '../domain/programme.js';

export const projectStatus = pgEnum('project_status', PROJECT_STATUSES);
export const partnerRole = pgEnum('partner_role', PARTNER_ROLES);
export const phaseKind = pgEnum('phase_kind', PHASE_KINDS);

/** One row (id 1): the programme this Koers instance runs. */
export const programme = pgTable('programme', {
  id: integer('id').primaryKey().default(1),
  name: text('name').notNull(),
  organisation: text('organisation').notNull(),
  timezone: text('timezone').notNull().default('Europe/Amsterdam'),
  contactName: text('contact_name'),
  contactEmail: text('contact_email'),
  holidays: jsonb('holidays').$type<string[]>().notNull().default([]),
  /** Named spans (summer, Christmas) in which no reminder or nudge is sent: they move to after them. */
  quietPeriods: jsonb('quiet_periods').$type<QuietPeriod[]>().notNull().default([]),
  /** Bumped by every write to programme data, so instances can tell their cached copy is stale. */
  version: integer('version').notNull().default(1),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const libraries = pgTable('libraries', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  aliases: jsonb('aliases').$type<string[]>().notNull().default([]),
  /** Slack user ids: the library's contacts, nudged for it while nobody is linked to it. */
  contacts: jsonb('contacts').$type<string[]>().notNull().default([]),
});

export const projects = pgTable('projects', {
  id: serial('id').primaryKey(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  aliases: jsonb('aliases').$type<string[]>().notNull().default([]),
  description: text('description').notNull().default(''),
  status: projectStatus('status').notNull(),
  /** "All libraries" is a property of the project, not a fake library row. */
  allLibraries: boolean('all_libraries').notNull().default(false),
  position: integer('position').notNull().default(0),
  /** The channel where this project's updates are posted (`/project link`), if any. */
  linkedChannelId: text('linked_channel_id'),
  /** Put away: kept with its history, left out of every list (`Project.archived`). */
  archived: boolean('archived').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const projectPartners = pgTable(
  'project_partners',
  {
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    libraryCode: text('library_code')
      .notNull()
      .references(() => libraries.code, { onDelete: 'cascade', onUpdate: 'cascade' }),
    role: partnerRole('role').notNull().default('partner'),
  },
  (table) => [
    primaryKey({ columns: [table.projectId, table.libraryCode] }),
    index('project_partners_library_idx').on(table.libraryCode),
  ],
);

/** Project history: rows are only ever added, never overwritten. */
export const statusUpdates = pgTable(
  'status_updates',
  {
    id: serial('id').primaryKey(),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    status: projectStatus('status'),
    note: text('note').notNull(),
    /** The next milestone the update announces, if any. */
    nextMilestone: date('next_milestone', { mode: 'string' }),
    author: text('author'),
    /** Where the update came from: the programme file, Slack or the CLI. */
    source: text('source').notNull().default('slack'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** The update's id in the programme file: how an import corrects it rather than adding another. */
    publicId: text('public_id')
      .notNull()
      .default(sql`('u' || substr(md5(random()::text || clock_timestamp()::text), 1, 10))`),
  },
  (table) => [
    index('status_updates_project_idx').on(table.projectId, table.createdAt.desc()),
    uniqueIndex('status_updates_public_id_idx').on(table.publicId),
  ],
);

export const phases = pgTable(
  'phases',
  {
    id: text('id').primaryKey(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    date: date('date', { mode: 'string' }),
    startDate: date('start_date', { mode: 'string' }),
    endDate: date('end_date', { mode: 'string' }),
    label: text('label'),
    kind: phaseKind('kind').notNull(),
    /** ISO 8601 day offsets (P14D …); null means the defaults for the kind. */
    reminders: jsonb('reminders').$type<string[] | null>(),
    late: text('late', { enum: LATE_SUBMISSIONS }).notNull().default('accept'),
    /** Working days before the phase's deadline that those who still owe something are nudged; null: the default. */
    nudgeDays: integer('nudge_days'),
    /**
     * The phase's revision as calendar clients see it (SEQUENCE, LAST-MODIFIED). Bumped by a database
     * trigger whenever a field the calendar feed shows changes (migration 0005), never by the code.
     */
    sequence: integer('sequence').notNull().default(0),
    modifiedAt: timestamp('modified_at', { withTimezone: true })
      .notNull()
      .default(sql`date_trunc('second', now())`),
  },
  () => [
    // A phase is a single day or a range, never both and never neither.
    check(
      'phases_date_or_range',
      sql`(date is not null and start_date is null and end_date is null) or (date is null and start_date is not null and end_date is not null and end_date >= start_date)`,
    ),
  ],
);

export const PROGRAMME_CHANGE_SOURCES = ['modal', 'file', 'cli'] as const;
export type ProgrammeChangeSource = (typeof PROGRAMME_CHANGE_SOURCES)[number];

/**
 * The programme's change history: one row per change written through `changeProgramme`, whatever it
 * came from (a modal, a file sent to Koers, the CLI), with who made it and what it changed.
 */
export const programmeChangeLog = pgTable(
  'programme_change_log',
  {
    id: serial('id').primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    /** A Slack user id, or `cli:<name>` for the command line. */
    actor: text('actor').notNull(),
    source: text('source', { enum: PROGRAMME_CHANGE_SOURCES }).notNull(),
    /** What the edit was, in a word (`phase.change`, `import` …). */
    edit: text('edit').notNull(),
    /** The entries added, changed and removed (the import's diff, trimmed). */
    summary: jsonb('summary').$type<ProgrammeChangeSummary>().notNull(),
  },
  (table) => [index('programme_change_log_at_idx').on(table.at.desc())],
);

export interface ProgrammeChangeSummary {
  added: string[];
  changed: string[];
  removed: string[];
}

/** Admins besides ADMIN_USER_IDS: a role kept in the database, so it can change without a restart. */
export const admins = pgTable('admins', {
  userId: text('user_id').primaryKey(),
  addedBy: text('added_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const SUBSCRIPTION_TOPICS = ['reminders', 'digest'] as const;
export const subscriptionTopic = pgEnum('subscription_topic', SUBSCRIPTION_TOPICS);

/** Which channels receive what: timeline reminders, and (opt-in) the weekly digest. */
export const subscriptions = pgTable(
  'subscriptions',
  {
    channelId: text('channel_id').notNull(),
    topic: subscriptionTopic('topic').notNull(),
    createdBy: text('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.channelId, table.topic] })],
);

/** A phase reminder or digest to a channel; a nudge is a direct message to one person who owes something. */
export const DELIVERY_KINDS = ['reminder', 'digest', 'nudge'] as const;
export const DELIVERY_STATUSES = ['pending', 'claimed', 'sent', 'failed', 'skipped'] as const;
export const deliveryStatus = pgEnum('delivery_status', DELIVERY_STATUSES);

/**
 * One message owed to one channel: a phase reminder (key `phase-id/P7D`) or a weekly digest (key
 * `digest/2017-W38`). The unique key is what makes "exactly once" hold: an instance must claim a row
 * (status claimed, lease) before posting, and a sent row is never posted again.
 */
export const deliveries = pgTable(
  'deliveries',
  {
    id: serial('id').primaryKey(),
    kind: text('kind', { enum: DELIVERY_KINDS }).notNull(),
    key: text('key').notNull(),
    channelId: text('channel_id').notNull(),
    phaseId: text('phase_id'),
    offset: text('offset'),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    status: deliveryStatus('status').notNull().default('pending'),
    claimedBy: text('claimed_by'),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
    /**
     * When the first claim that may have reached Slack was taken, by the database's clock: a claim whose
     * outcome is unknown looks in the channel for its message from then on. Null while never tried.
     */
    firstClaimedAt: timestamp('first_claimed_at', { withTimezone: true }),
    lastError: text('last_error'),
    messageTs: text('message_ts'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('deliveries_key_channel_idx').on(table.kind, table.key, table.channelId),
    index('deliveries_due_idx').on(table.status, table.dueAt),
  ],
);

/** Which library a Slack user speaks for: chosen once by the user, or set by an admin. */
export const userLibraries = pgTable('user_libraries', {
  userId: text('user_id').primaryKey(),
  libraryCode: text('library_code')
    .notNull()
    .references(() => libraries.code, { onDelete: 'cascade', onUpdate: 'cascade' }),
  setBy: text('set_by').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const feedbackJudgement = pgEnum('feedback_judgement', FEEDBACK_JUDGEMENTS);

/**
 * Feedback on a feedback phase. Every submission is a new row (history); the newest per user counts.
 * phase_id is deliberately no foreign key: removing a phase from the plan must not destroy answers.
 */
export const feedbackResponses = pgTable(
  'feedback_responses',
  {
    id: serial('id').primaryKey(),
    phaseId: text('phase_id').notNull(),
    libraryCode: text('library_code').notNull(),
    userId: text('user_id').notNull(),
    judgement: feedbackJudgement('judgement').notNull(),
    remarks: text('remarks').notNull().default(''),
    priorities: jsonb('priorities').$type<string[]>().notNull().default([]),
    mayContact: boolean('may_contact').notNull().default(false),
    late: boolean('late').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('feedback_phase_user_idx').on(table.phaseId, table.userId, table.createdAt.desc())],
);

export const ideaStatus = pgEnum('idea_status', IDEA_STATUSES);

/** Project ideas proposed in Slack, waiting for an admin; an approved one becomes a project (status idea). */
export const ideas = pgTable('ideas', {
  id: serial('id').primaryKey(),
  title: text('title').notNull(),
  description: text('description').notNull(),
  theme: text('theme').notNull().default(''),
  libraryCodes: jsonb('library_codes').$type<string[]>().notNull().default([]),
  proposedBy: text('proposed_by').notNull(),
  status: ideaStatus('status').notNull().default('proposed'),
  decidedBy: text('decided_by'),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
  projectSlug: text('project_slug'),
  /** The direct messages that asked the admins to decide: updated for all once one has decided. */
  adminMessages: jsonb('admin_messages').$type<IdeaAdminMessage[]>().notNull().default([]),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export interface IdeaAdminMessage {
  userId: string;
  channel: string;
  ts: string;
}

/**
 * The programme's calendar feed (one row, id 1). The secret address is never stored: only a random nonce,
 * from which the token is derived with a key from the environment, and the token's hash, against which a
 * request is checked. uid_namespace keeps event UIDs stable when the token is rotated.
 */
export const calendarFeed = pgTable(
  'calendar_feed',
  {
    id: integer('id').primaryKey().default(1),
    tokenNonce: text('token_nonce').notNull(),
    tokenHash: text('token_hash').notNull(),
    uidNamespace: uuid('uid_namespace').notNull().defaultRandom(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    rotatedAt: timestamp('rotated_at', { withTimezone: true }),
  },
  (table) => [check('calendar_feed_one_row', sql`${table.id} = 1`)],
);

/** Slack event ids already handled: Slack retries an event it thinks timed out, to any instance. */
export const processedEvents = pgTable('processed_events', {
  eventId: text('event_id').primaryKey(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
});

export const OUTBOX_KINDS = ['idea_to_admin', 'idea_decision_to_proposer', 'project_update_post'] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];
export const OUTBOX_STATUSES = ['pending', 'claimed', 'sent', 'failed'] as const;
export const outboxStatus = pgEnum('outbox_status', OUTBOX_STATUSES);

/**
 * A message Koers owes someone after it has answered Slack: an idea to an admin, a decision to the
 * proposer, an update to its project's linked channel. Written in the same transaction as what it is
 * about, so an answer that said "the admins will be told" is never without its messages, whatever
 * happens to Slack or to the process after the ack. Sent through claims with a lease on the database's
 * clock, like `deliveries`: the unique dedupe key and the claim make each message go out once.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: serial('id').primaryKey(),
    kind: text('kind', { enum: OUTBOX_KINDS }).notNull(),
    /** A channel id, or a user id for a direct message. */
    recipient: text('recipient').notNull(),
    /** What the worker renders the message from, in the recipient's language when it is sent. */
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    dedupeKey: text('dedupe_key').notNull(),
    status: outboxStatus('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    /** Not before this instant (the database's clock): a failed try backs off. */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    claimedBy: text('claimed_by'),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    lastError: text('last_error'),
    messageChannel: text('message_channel'),
    messageTs: text('message_ts'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('outbox_dedupe_key_idx').on(table.dedupeKey),
    index('outbox_due_idx').on(table.status, table.nextAttemptAt),
  ],
);

/**
 * Fingerprints of the signed Slack requests served lately, shared by every instance and kept across
 * restarts, so a replay is refused wherever and whenever it arrives within Slack's five minutes
 * (`src/http/sharedReplayGuard.ts`). Each row goes when its request could no longer pass the age check.
 */
export const slackRequestFingerprints = pgTable(
  'slack_request_fingerprints',
  {
    fingerprint: text('fingerprint').primaryKey(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    /** The database's clock: instances read what the others recorded since they last looked. */
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
    /** The instance that served the request (a random id per process), so none reads back its own. */
    instance: text('instance').notNull(),
  },
  (table) => [index('slack_request_fingerprints_recorded_idx').on(table.recordedAt)],
);

/**
 * A person who asked Koers to send them no direct messages for a while (`/project stil 2w`): nudges and
 * other non-essential messages skip them until `until`. Holds a person's data: the privacy forget path
 * removes it.
 */
export const dmMutes = pgTable('dm_mutes', {
  userId: text('user_id').primaryKey(),
  until: timestamp('until', { withTimezone: true }).notNull(),
  setAt: timestamp('set_at', { withTimezone: true }).notNull(),
});

export const CANVAS_STATES = ['untried', 'made', 'refused'] as const;
export type CanvasState = (typeof CANVAS_STATES)[number];

/**
 * The live overview Koers keeps in each subscribed channel: one pinned message, edited in place, and the
 * channel canvas where the workspace allows one. A change that affects it marks it dirty; a scheduler
 * worker claims dirty overviews with a lease on the database's clock (as deliveries are claimed), so two
 * instances never edit one overview at once, and edits it at most once per debounce interval
 * (`next_attempt_at`). `content_hash` keeps an unchanged overview from being edited again.
 */
export const channelOverviews = pgTable(
  'channel_overviews',
  {
    channelId: text('channel_id').primaryKey(),
    /** Switched off by an admin (`/project overzicht uit`): no longer kept, and unpinned. */
    enabled: boolean('enabled').notNull().default(true),
    messageTs: text('message_ts'),
    pinned: boolean('pinned').notNull().default(false),
    contentHash: text('content_hash'),
    /** Something it shows changed since it was last rendered. */
    dirty: boolean('dirty').notNull().default(true),
    /** `/project overzicht`: post it anew (and unpin the old one) at the next refresh. */
    repost: boolean('repost').notNull().default(false),
    /** When the overview changes by the clock alone (the countdown's next day), on Koers's clock. */
    staleAt: timestamp('stale_at', { withTimezone: true }),
    /** Not before this instant (the database's clock): the debounce, and a 429's Retry-After. */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    claimedBy: text('claimed_by'),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    canvasState: text('canvas_state', { enum: CANVAS_STATES }).notNull().default('untried'),
    canvasId: text('canvas_id'),
    /** Why Slack refused the canvas: recorded so Koers does not ask again at every refresh. */
    canvasRefusal: text('canvas_refusal'),
    refreshedAt: timestamp('refreshed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('channel_overviews_due_idx').on(table.dirty, table.nextAttemptAt)],
);

export const PROGRAMME_UPLOAD_STATUSES = [
  /** The file's event was taken; it is being downloaded and checked. */
  'received',
  /** Refused (not an admin's, not a programme file): nothing to import. */
  'refused',
  /** Its preview is shown, with Import and Cancel. */
  'previewed',
  'imported',
  'cancelled',
  /** The programme changed between the preview and Import: a newer preview replaced this one. */
  'superseded',
] as const;
export type ProgrammeUploadStatus = (typeof PROGRAMME_UPLOAD_STATUSES)[number];

/**
 * Programme files an admin sent to Koers's direct message: each file once (Slack retries an event it
 * thinks timed out), the text that was previewed and the programme's version it was compared with, so
 * that Import applies exactly what the preview showed or shows a new preview.
 */
export const programmeUploads = pgTable(
  'programme_uploads',
  {
    id: serial('id').primaryKey(),
    /** Slack's file id; a second event for the same file is ignored. Null for a new preview of one. */
    fileId: text('file_id'),
    userId: text('user_id').notNull(),
    fileName: text('file_name').notNull(),
    status: text('status', { enum: PROGRAMME_UPLOAD_STATUSES }).notNull().default('received'),
    /** The file's text once it read as a programme file. */
    text: text('text'),
    /**
     * The programme's version when the preview was made (null: none yet). Import applies the file only
     * while it is still that version, so it does exactly what the preview showed.
     */
    programmeVersion: integer('programme_version'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (table) => [uniqueIndex('programme_uploads_file_id_idx').on(table.fileId)],
);

/**
 * Koers installed through OAuth ("Add to Slack"): one row per workspace, or per organisation for an
 * org-wide install. Every token is sealed (tokenCipher.ts); a token Slack revoked is removed at once,
 * and the row stays, with `tokens_removed_at`, until the installation's data is purged (a later slice).
 */
export const installations = pgTable('installations', {
  id: serial('id').primaryKey(),
  /** `enterprise:E…` for an org-wide install, `team:T…` for a workspace's: what a request is matched on. */
  installKey: text('install_key').notNull().unique(),
  isEnterpriseInstall: boolean('is_enterprise_install').notNull(),
  teamId: text('team_id'),
  teamName: text('team_name'),
  enterpriseId: text('enterprise_id'),
  enterpriseName: text('enterprise_name'),
  enterpriseUrl: text('enterprise_url'),
  appId: text('app_id'),
  /** Who installed Koers: the first admin of a new programme, once each workspace has its own. */
  installerUserId: text('installer_user_id').notNull(),
  botId: text('bot_id'),
  botUserId: text('bot_user_id'),
  botScopes: jsonb('bot_scopes').$type<string[]>().notNull().default([]),
  botTokenSealed: text('bot_token_sealed'),
  botRefreshTokenSealed: text('bot_refresh_token_sealed'),
  botTokenExpiresAt: timestamp('bot_token_expires_at', { withTimezone: true }),
  userScopes: jsonb('user_scopes').$type<string[]>().notNull().default([]),
  userTokenSealed: text('user_token_sealed'),
  userRefreshTokenSealed: text('user_refresh_token_sealed'),
  userTokenExpiresAt: timestamp('user_token_expires_at', { withTimezone: true }),
  /** The last install (a reinstall with new scopes too): a revocation Slack sent before it is stale. */
  installedAt: timestamp('installed_at', { withTimezone: true }).notNull(),
  tokensRemovedAt: timestamp('tokens_removed_at', { withTimezone: true }),
});

/**
 * The OAuth flow's `state`: issued with the install page's "Add to Slack" link, taken once by the
 * redirect back from Slack, refused after `expires_at`.
 */
export const oauthStates = pgTable('oauth_states', {
  id: text('id').primaryKey(),
  /** What Bolt asked to carry through Slack's authorize page (scopes, redirect URI). */
  installOptions: jsonb('install_options').$type<Record<string, unknown>>().notNull(),
  /** The install page's language, so the page after Slack speaks it too. */
  locale: text('locale', { enum: ['nl', 'en'] }).notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});
