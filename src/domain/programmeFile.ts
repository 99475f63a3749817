/**
 * The programme file (README, "Programme file"): YAML in, a checked Programme out, and back again.
 * The format and its rules live in programmeFileSchema.ts; this module reads and writes the YAML and
 * gives every error the line and key it is about, e.g.
 * `line 14, projects[effectmeting].partners[1]: unknown library code "XYZ"`, in the words of a
 * ProgrammeFileWording (English unless the caller passes another).
 */
import {
  Document,
  isAlias,
  isMap,
  isNode,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  visit,
  type YAMLError,
} from 'yaml';
import type * as z from 'zod';
import type { Programme, StatusUpdate } from './programme.js';
import { BARE_DATE_UPDATE_TIME, type DuplicateParams, programmeFileChecks } from './programmeFileSchema.js';
import { englishProgrammeFileWording, type ProgrammeFileWording } from './programmeFileWording.js';

export type ProgrammeFileResult = { ok: true; programme: Programme } | { ok: false; errors: string[] };

const HEADER = [
  ' Koers programme file: the libraries, projects and phases Koers answers about.',
  ' The format is described in README.md, section "Programme file".',
].join('\n');

/** Enough to fix a file in one go; a pathological file (deep nesting) could otherwise yield hundreds. */
const MAX_ERRORS = 25;

/**
 * Reads a programme file. Never throws: every problem comes back as a message naming its line, in the
 * words of `wording` (English unless the caller speaks another language).
 */
export function parseProgrammeFile(
  text: string,
  wording: ProgrammeFileWording = englishProgrammeFileWording,
): ProgrammeFileResult {
  const w = wording;
  const lineCounter = new LineCounter();
  // Node ranges are kept (the default): they are how a zod issue's key path finds its line. logLevel
  // 'error' keeps the library from printing warnings about odd keys; the schema reports those itself.
  const doc = parseDocument(text, { prettyErrors: true, lineCounter, logLevel: 'error' });
  if (doc.errors.length > 0)
    return failure(
      w,
      doc.errors.map((error) => describeSyntaxError(w, error)),
    );
  if (doc.contents === null) return failure(w, [`${w.line(1)}: ${w.empty}`]);
  if (!isMap(doc.contents)) {
    return failure(w, [`${w.line(lineOf(lineCounter, doc.contents.range?.[0]))}: ${w.topLevel}`]);
  }

  let data: unknown;
  try {
    keepDatesAsWritten(doc);
    data = doc.toJS();
  } catch (error) {
    // Both walk the document recursively, and toJS refuses aliases that would expand without bound
    // ("billion laughs"): a hostile file ends here rather than in an exception.
    return failure(w, [`${w.line(1)}: ${error instanceof Error ? error.message : String(error)}`]);
  }

  const { schema, issueMessage } = programmeFileChecks(w);
  const result = schema.safeParse(data, { error: issueMessage });
  if (result.success) return { ok: true, programme: result.data };
  const located = result.error.issues.map((issue) => locateIssue(w, doc, lineCounter, issue, data));
  // Sorted by line, so the list reads top to bottom like the file (the sort is stable within a line).
  return failure(
    w,
    located.sort((a, b) => a.line - b.line).map((error) => error.message),
  );
}

function failure(w: ProgrammeFileWording, errors: string[]): ProgrammeFileResult {
  const distinct = [...new Set(errors)];
  const shown = distinct.slice(0, MAX_ERRORS);
  if (distinct.length > MAX_ERRORS) shown.push(w.moreErrors(distinct.length - MAX_ERRORS));
  return { ok: false, errors: shown };
}

/**
 * Under a `%YAML 1.1` directive the parser turns 2017-06-08 into a Date, and an impossible 2017-02-30
 * silently into 2 March. Putting the written text back lets one set of rules check every date.
 */
function keepDatesAsWritten(doc: Document): void {
  visit(doc, {
    Scalar(_, node) {
      if (node.value instanceof Date && node.source !== undefined) node.value = node.source;
    },
  });
}

function describeSyntaxError(w: ProgrammeFileWording, error: YAMLError): string {
  // prettyErrors appends " at line L, column C:" and a source excerpt; one line per error suits a list.
  // The reason is the YAML library's own, in English whatever the wording.
  const [firstLine = ''] = error.message.split('\n');
  const reason = firstLine.replace(/ at line \d+, column \d+:$/, '');
  const position = error.linePos?.[0];
  return w.syntaxError(reason, position && { line: position.line, column: position.col });
}

function lineOf(lineCounter: LineCounter, offset: number | undefined): number {
  return offset === undefined ? 1 : lineCounter.linePos(offset).line;
}

/**
 * The source offset of a key path: the key's own position for a map entry, the item's for a list
 * entry. A path into something the file lacks (a missing key) stops at the nearest enclosing entry.
 */
function offsetOf(doc: Document, path: readonly PropertyKey[]): number | undefined {
  let node: unknown = doc.contents;
  let offset = doc.contents?.range?.[0];
  for (const key of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(key));
      if (!pair || !isScalar(pair.key)) break;
      offset = pair.key.range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key];
      if (!isNode(node)) break;
      offset = node.range?.[0] ?? offset;
    } else break;
  }
  return offset;
}

/** The key an entry of a top-level list is known by: a project's slug, a phase's id, a library's code. */
const ENTRY_KEYS: Record<string, string> = { projects: 'slug', phases: 'id', libraries: 'code' };

/**
 * `projects[effectmeting].partners[1]`: an entry of a top-level list is named by its slug, id or code
 * when it has one, which the coordinator finds in the file faster than a zero-based position.
 */
function formatPath(path: readonly PropertyKey[], data: unknown): string {
  return path
    .map((key, index) => {
      if (typeof key !== 'number') return index === 0 ? String(key) : `.${String(key)}`;
      const list = index === 1 ? String(path[0]) : '';
      const entry = (data as Record<string, unknown[] | undefined> | null)?.[list]?.[key];
      const name = (entry as Record<string, unknown> | undefined)?.[ENTRY_KEYS[list] ?? ''];
      return typeof name === 'string' && name !== '' ? `[${name}]` : `[${key}]`;
    })
    .join('');
}

function locateIssue(
  w: ProgrammeFileWording,
  doc: Document,
  lineCounter: LineCounter,
  issue: z.core.$ZodIssue,
  data: unknown,
): { line: number; message: string } {
  // An unknown key is reported on its object; its line is that of the (first) unknown key itself.
  const target = issue.code === 'unrecognized_keys' ? [...issue.path, ...issue.keys.slice(0, 1)] : issue.path;
  const line = lineOf(lineCounter, offsetOf(doc, target));
  const where = issue.path.length > 0 ? `${w.line(line)}, ${formatPath(issue.path, data)}` : w.line(line);
  const duplicate = issue.code === 'custom' ? (issue.params as DuplicateParams | undefined) : undefined;
  const message = duplicate?.firstPath
    ? w.duplicate(
        duplicate.duplicate.what,
        duplicate.duplicate.key,
        lineOf(lineCounter, offsetOf(doc, duplicate.firstPath)),
      )
    : issue.message;
  return { line, message: `${where}: ${message}` };
}

/** An update at noon UTC is written as its bare date, which reads back as that same instant. */
function writeUpdateTime(at: string): string {
  return at.endsWith(BARE_DATE_UPDATE_TIME) ? at.slice(0, -BARE_DATE_UPDATE_TIME.length) : at;
}

/** Optional lists are left out when empty; undefined values are not written at all. */
function unlessEmpty<T>(list: T[]): T[] | undefined {
  return list.length > 0 ? list : undefined;
}

function updateEntry(update: StatusUpdate) {
  return {
    id: update.id,
    at: writeUpdateTime(update.at),
    status: update.status ?? undefined,
    note: update.note,
    author: update.author ?? undefined,
  };
}

function layOut(doc: Document): void {
  // Short lists of plain values (codes, aliases, dates, offsets) read best on one line: [AVV, HGH].
  visit(doc, {
    Seq(_, seq) {
      if (seq.items.every(isScalar)) seq.flow = true;
    },
  });
  // A blank line between the sections, between projects and between phases, as in example.yml.
  const sections = isMap(doc.contents) ? doc.contents.items : [];
  for (const { key } of sections.slice(1)) if (isScalar(key)) key.spaceBefore = true;
  for (const section of ['projects', 'phases']) {
    const list = doc.get(section);
    if (isSeq(list)) for (const item of list.items.slice(1)) if (isMap(item)) item.spaceBefore = true;
  }
}

/**
 * Writes a programme in the file format, so that parsing the text gives the same programme back.
 * The key order follows README; comments in an imported file are not kept.
 */
export function serializeProgrammeFile(programme: Programme): string {
  const doc = new Document(programmeFileData(programme));
  layOut(doc);
  doc.commentBefore = HEADER;
  // lineWidth 0: long descriptions stay on one line instead of being folded over several.
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

/** A problem of a programme checked by the file's rules: where (a key path into the file) and why. */
export interface ProgrammeProblem {
  /** e.g. `['phases', 3, 'end']`: the list, the entry's position in the programme's list, the key. */
  path: (string | number)[];
  message: string;
}

export type ProgrammeCheck = { ok: true; programme: Programme } | { ok: false; problems: ProgrammeProblem[] };

/**
 * A programme made in Koers (a modal's edit) checked by exactly the rules a file is checked by: it is
 * written as the file's data and read back through the file's schema, so no second set of rules exists.
 */
export function checkProgramme(
  programme: Programme,
  wording: ProgrammeFileWording = englishProgrammeFileWording,
): ProgrammeCheck {
  const { schema, issueMessage } = programmeFileChecks(wording);
  const result = schema.safeParse(programmeFileData(programme), { error: issueMessage });
  if (result.success) return { ok: true, programme: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => ({
      path: issue.path.filter((key) => typeof key !== 'symbol') as (string | number)[],
      message: issue.message,
    })),
  };
}

/** The programme as the file holds it: the value `serializeProgrammeFile` writes and the schema reads. */
function programmeFileData(programme: Programme) {
  const { info } = programme;
  return {
    programme: {
      name: info.name,
      organisation: info.organisation,
      timezone: info.timezone,
      contact: info.contact ?? undefined,
    },
    holidays: unlessEmpty(programme.holidays),
    quiet_periods: unlessEmpty(programme.quietPeriods ?? []),
    libraries: programme.libraries.map((library) => ({
      code: library.code,
      name: library.name,
      aliases: unlessEmpty(library.aliases),
      contacts: unlessEmpty(library.contacts ?? []),
    })),
    projects: programme.projects.map((project) => ({
      slug: project.slug,
      name: project.name,
      aliases: unlessEmpty(project.aliases),
      status: project.status,
      // A project for all libraries carries only its lead as a partner (see partnersOf in the schema).
      partners: project.allLibraries ? 'all' : project.partners.map((partner) => partner.libraryCode),
      lead: project.partners.find((partner) => partner.role === 'lead')?.libraryCode,
      description: project.description || undefined,
      updates: unlessEmpty(project.updates.map(updateEntry)),
      archived: project.archived ? true : undefined,
    })),
    phases: programme.phases.map((phase) => ({
      id: phase.id,
      title: phase.title,
      description: phase.description || undefined,
      date: phase.date ?? undefined,
      start: phase.start ?? undefined,
      end: phase.end ?? undefined,
      label: phase.label ?? undefined,
      kind: phase.kind,
      // An empty list is kept: it means "no reminders", unlike a missing one ("the kind's defaults").
      reminders: phase.reminders ?? undefined,
      late: phase.late === 'refuse' ? 'refuse' : undefined,
      nudge_days: phase.nudgeDays ?? undefined,
    })),
  };
}
