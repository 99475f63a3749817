import { checkImport, readProgrammeVersion } from '../db/programmeRepository.js';
import {
  claimProgrammeUpload,
  decideProgrammeUpload,
  findProgrammeUpload,
  type ProgrammeUpload,
  recordProgrammePreview,
  refuseProgrammeUpload,
  reopenProgrammeUpload,
} from '../db/programmeUploadRepository.js';
import type { ProgrammeUploadStatus } from '../db/schema.js';
import { decide, type Refusal } from '../domain/permissions.js';
import type { Programme } from '../domain/programme.js';
import type { ProgrammeDiff } from '../domain/programmeDiff.js';
import { parseProgrammeFile } from '../domain/programmeFile.js';
import {
  decodeProgrammeFile,
  type FileEncodingProblem,
  programmeFileSizeProblem,
} from '../domain/programmeFileBytes.js';
import type { ProgrammeFileWording } from '../domain/programmeFileWording.js';
import { changeProgramme, type ProgrammeChangeOutcome } from './changeProgramme.js';
import type { UseCaseContext } from './context.js';

/** A file someone sent to Koers's direct message, as Slack describes it (its name and size as declared). */
export interface SentFile {
  fileId: string;
  name: string;
  /** Bytes, as Slack reports them; the download is capped whatever this says. */
  size: number | null;
}

/** Why the file's bytes could not be had from Slack. */
export type DownloadProblem =
  /** Slack answered with its sign-in page or a 401/403: Koers lacks `files:read`, or the file is not shared with it. */
  | { kind: 'noAccess' }
  /** Slack did not answer in time, or not at all. */
  | { kind: 'unreachable' }
  | { kind: 'tooLarge'; bytes: number; maxBytes: number };

export type Downloaded = { ok: true; bytes: Uint8Array } | { ok: false; problem: DownloadProblem };

export interface FilePreview {
  uploadId: number;
  fileName: string;
  diff: ProgrammeDiff;
}

export type FilePreviewOutcome =
  /** The same file again (Slack resent its event): it was answered already. */
  | { kind: 'duplicate' }
  | { kind: 'refused'; refusal: Refusal }
  | { kind: 'unreadable'; problem: DownloadProblem }
  | { kind: 'notAProgrammeFile'; problem: FileEncodingProblem }
  /** Read as a programme file, and wrong: the file's own problems, line by line. */
  | { kind: 'invalid'; errors: string[] }
  | ({ kind: 'preview' } & FilePreview);

/**
 * A programme file an admin sent to Koers: read (never trusting its declared type), checked by the
 * programme file's rules, and compared with the stored programme, as `import --check` does. Nothing
 * is written to the programme; the preview is kept, to be imported or cancelled.
 */
export async function previewProgrammeFile(
  context: UseCaseContext,
  request: {
    userId: string;
    file: SentFile;
    download: () => Promise<Downloaded>;
    wording: ProgrammeFileWording;
  },
): Promise<FilePreviewOutcome> {
  const now = context.now();
  const { file } = request;
  const uploadId = await claimProgrammeUpload(context.db, {
    fileId: file.fileId,
    userId: request.userId,
    fileName: file.name,
    now,
  });
  if (uploadId === null) return { kind: 'duplicate' };
  const refuse = async <T>(outcome: T): Promise<T> => {
    await refuseProgrammeUpload(context.db, uploadId, context.now());
    return outcome;
  };

  const decision = decide(await context.actorFor(request.userId), { kind: 'importProgrammeFile' });
  if (!decision.allowed) return refuse({ kind: 'refused', refusal: decision.refusal });
  // Refused by the size Slack declares before a byte is downloaded; the download is capped as well.
  const declaredTooLarge = file.size === null ? null : programmeFileSizeProblem(file.size);
  if (declaredTooLarge) return refuse({ kind: 'notAProgrammeFile', problem: declaredTooLarge });
  const downloaded = await request.download();
  if (!downloaded.ok) return refuse({ kind: 'unreadable', problem: downloaded.problem });
  const decoded = decodeProgrammeFile(downloaded.bytes);
  if (!decoded.ok) return refuse({ kind: 'notAProgrammeFile', problem: decoded.problem });
  const parsed = parseProgrammeFile(decoded.text, request.wording);
  if (!parsed.ok) return refuse({ kind: 'invalid', errors: parsed.errors });

  const programmeVersion = await readProgrammeVersion(context.db);
  const diff = await checkImport(context.db, parsed.programme);
  await recordProgrammePreview(context.db, {
    id: uploadId,
    userId: request.userId,
    fileName: file.name,
    text: decoded.text,
    programmeVersion,
    now,
  });
  return { kind: 'preview', uploadId, fileName: file.name, diff };
}

export type FileDecision = 'import' | 'importAndRemove' | 'cancel';

export type FileDecisionOutcome =
  | { kind: 'refused'; refusal: Refusal }
  /** No such preview of this user's. */
  | { kind: 'gone' }
  /** Imported, cancelled or replaced by a newer preview already (another click). */
  | { kind: 'alreadyDecided'; status: ProgrammeUploadStatus }
  | { kind: 'cancelled'; fileName: string }
  /** The programme changed since the preview: nothing imported, and this is the new preview. */
  | ({ kind: 'changedSince' } & FilePreview)
  /** The file's rules refuse it now (they were met at the preview; a newer Koers may be stricter). */
  | { kind: 'invalid'; fileName: string; errors: string[] }
  | { kind: 'imported'; fileName: string; diff: ProgrammeDiff };

/**
 * Import or Cancel under a file's preview. Import applies exactly what was previewed: when the
 * programme changed in between, it imports nothing and answers with a new preview instead. Two clicks
 * (two admins, or one twice) import once.
 */
export async function decideProgrammeFile(
  context: UseCaseContext,
  request: { userId: string; uploadId: number; decision: FileDecision; wording: ProgrammeFileWording },
): Promise<FileDecisionOutcome> {
  const decision = decide(await context.actorFor(request.userId), { kind: 'importProgrammeFile' });
  if (!decision.allowed) return { kind: 'refused', refusal: decision.refusal };
  const upload = await findProgrammeUpload(context.db, request.uploadId);
  if (!upload || upload.userId !== request.userId || upload.text === null) return { kind: 'gone' };
  if (upload.status !== 'previewed') return { kind: 'alreadyDecided', status: upload.status };
  const now = context.now();
  if (request.decision === 'cancel') {
    return (await decideProgrammeUpload(context.db, upload.id, 'cancelled', now))
      ? { kind: 'cancelled', fileName: upload.fileName }
      : alreadyDecided(context, upload.id);
  }

  const text = upload.text;
  const parsed = parseProgrammeFile(text, request.wording);
  if (!parsed.ok) return { kind: 'invalid', fileName: upload.fileName, errors: parsed.errors };
  // Claimed first: of two clicks, one imports; the other is told it was decided.
  if (!(await decideProgrammeUpload(context.db, upload.id, 'imported', now)))
    return alreadyDecided(context, upload.id);
  let changed: ProgrammeChangeOutcome;
  try {
    // The one path for programme changes, recorded as the file's; written only while the programme is
    // still the version the preview was made against.
    changed = await changeProgramme(context, {
      userId: request.userId,
      source: 'file',
      edit: { kind: 'replace', programme: parsed.programme, prune: request.decision === 'importAndRemove' },
      wording: request.wording,
      previewedVersion: upload.programmeVersion,
    });
  } catch (error) {
    // Not imported after all: Import stays possible once the database answers again.
    await reopenProgrammeUpload(context.db, upload.id).catch(() => {});
    throw error;
  }
  if (changed.kind === 'changed') return { kind: 'imported', fileName: upload.fileName, diff: changed.diff };
  await reopenProgrammeUpload(context.db, upload.id);
  switch (changed.kind) {
    case 'changedSince':
      return previewAgain(context, upload, text, parsed.programme);
    case 'refused':
      return { kind: 'refused', refusal: changed.refusal };
    case 'invalid':
      return {
        kind: 'invalid',
        fileName: upload.fileName,
        errors: [...Object.values(changed.fields), ...changed.other],
      };
    default:
      throw new Error(`a whole programme's change came to ${changed.kind}`);
  }
}

/** The programme moved on since the preview: that one is replaced by a new preview of the same text. */
async function previewAgain(
  context: UseCaseContext,
  upload: ProgrammeUpload,
  text: string,
  programme: Programme,
): Promise<FileDecisionOutcome> {
  const now = context.now();
  if (!(await decideProgrammeUpload(context.db, upload.id, 'superseded', now)))
    return alreadyDecided(context, upload.id);
  const programmeVersion = await readProgrammeVersion(context.db);
  const diff = await checkImport(context.db, programme);
  const uploadId = await recordProgrammePreview(context.db, {
    userId: upload.userId,
    fileName: upload.fileName,
    text,
    programmeVersion,
    now,
  });
  return { kind: 'changedSince', uploadId, fileName: upload.fileName, diff };
}

async function alreadyDecided(context: UseCaseContext, uploadId: number): Promise<FileDecisionOutcome> {
  const upload = await findProgrammeUpload(context.db, uploadId);
  return upload ? { kind: 'alreadyDecided', status: upload.status } : { kind: 'gone' };
}
