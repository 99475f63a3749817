import { and, eq } from 'drizzle-orm';
import type { Database } from './client.js';
import { type ProgrammeUploadStatus, programmeUploads } from './schema.js';

export type ProgrammeUpload = typeof programmeUploads.$inferSelect;

/**
 * Takes a file sent to Koers for the first time; null when that file was taken already (Slack sent
 * its event again), so it is checked and previewed once.
 */
export async function claimProgrammeUpload(
  db: Database,
  upload: { fileId: string; userId: string; fileName: string; now: Date },
): Promise<number | null> {
  const [row] = await db
    .insert(programmeUploads)
    .values({
      fileId: upload.fileId,
      userId: upload.userId,
      fileName: upload.fileName,
      createdAt: upload.now,
    })
    .onConflictDoNothing({ target: programmeUploads.fileId })
    .returning({ id: programmeUploads.id });
  return row?.id ?? null;
}

/** A preview of a file's text (a new one when the programme changed since the last preview of it). */
export async function recordProgrammePreview(
  db: Database,
  preview: {
    id?: number;
    userId: string;
    fileName: string;
    text: string;
    programmeVersion: number | null;
    now: Date;
  },
): Promise<number> {
  const values = {
    status: 'previewed' as const,
    text: preview.text,
    programmeVersion: preview.programmeVersion,
  };
  if (preview.id !== undefined) {
    await db.update(programmeUploads).set(values).where(eq(programmeUploads.id, preview.id));
    return preview.id;
  }
  const [row] = await db
    .insert(programmeUploads)
    .values({ ...values, userId: preview.userId, fileName: preview.fileName, createdAt: preview.now })
    .returning({ id: programmeUploads.id });
  return row!.id;
}

export async function refuseProgrammeUpload(db: Database, id: number, now: Date): Promise<void> {
  await db
    .update(programmeUploads)
    .set({ status: 'refused', decidedAt: now })
    .where(eq(programmeUploads.id, id));
}

export async function findProgrammeUpload(db: Database, id: number): Promise<ProgrammeUpload | null> {
  const [row] = await db.select().from(programmeUploads).where(eq(programmeUploads.id, id));
  return row ?? null;
}

/**
 * Moves a previewed upload on to `status`; false when it was not previewed any more (decided by an
 * earlier click), so two clicks never import twice.
 */
export async function decideProgrammeUpload(
  db: Database,
  id: number,
  status: Exclude<ProgrammeUploadStatus, 'received' | 'previewed'>,
  now: Date,
): Promise<boolean> {
  const rows = await db
    .update(programmeUploads)
    .set({ status, decidedAt: now })
    .where(and(eq(programmeUploads.id, id), eq(programmeUploads.status, 'previewed')))
    .returning({ id: programmeUploads.id });
  return rows.length > 0;
}

/** Back to previewed: the import it was decided for failed, and Import may be pressed again. */
export async function reopenProgrammeUpload(db: Database, id: number): Promise<void> {
  await db
    .update(programmeUploads)
    .set({ status: 'previewed', decidedAt: null })
    .where(eq(programmeUploads.id, id));
}
