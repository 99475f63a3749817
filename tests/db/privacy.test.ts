import { eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { addFeedback } from '../../src/db/feedbackRepository.js';
import { proposeIdea, recordAdminMessage } from '../../src/db/ideaRepository.js';
import { libraryOf, setLibraryOf } from '../../src/db/peopleRepository.js';
import { forgetLibrary, forgetUser } from '../../src/db/privacyRepository.js';
import { loadProgramme } from '../../src/db/programmeRepository.js';
import { claimProgrammeUpload } from '../../src/db/programmeUploadRepository.js';
import { addProjectUpdate, linkProjectChannel } from '../../src/db/projectRepository.js';
import {
  admins,
  feedbackResponses,
  ideas,
  libraries,
  outbox,
  programmeChangeLog,
  programmeUploads,
  statusUpdates,
} from '../../src/db/schema.js';
import { describeOnBothDatabases } from '../support/databases.js';
import { importExample } from '../support/koersUnderTest.js';

const feedback = (userId: string, libraryCode: string) => ({
  phaseId: 'feedback-visie',
  libraryCode,
  userId,
  judgement: 'agree' as const,
  remarks: 'Persoonlijke opmerking',
  priorities: [],
  mayContact: true,
  late: false,
});

describeOnBothDatabases("deleting a user's or a library's data", (database) => {
  beforeAll(async () => {
    const db = database().handle.db;
    await importExample(database());
    await setLibraryOf(db, 'UGONE', 'AVV', 'UGONE', new Date());
    await setLibraryOf(db, 'USTAYS', 'HGH', 'USTAYS', new Date());
    await db.insert(admins).values({ userId: 'UGONE' });
    // An update posted in a linked channel carries its author's note until it is sent.
    await linkProjectChannel(db, 'effectmeting', 'CEFFECT');
    await addFeedback(db, feedback('UGONE', 'AVV'), new Date());
    await addFeedback(db, feedback('USTAYS', 'HGH'), new Date());
    await addProjectUpdate(
      db,
      {
        slug: 'effectmeting',
        status: 'running',
        note: 'Voortgang',
        nextMilestone: null,
        author: 'UGONE',
      },
      new Date(),
    );
    const idea = await proposeIdea(
      db,
      {
        title: 'Idee',
        description: 'Iets',
        theme: '',
        libraryCodes: ['HGH', 'AVV'],
        proposedBy: 'UGONE',
      },
      ['UGONE', 'USTAYS'],
      new Date(),
    );
    await recordAdminMessage(db, idea.id, { userId: 'UGONE', channel: 'DGONE', ts: '1.1' });
    await recordAdminMessage(db, idea.id, { userId: 'USTAYS', channel: 'DSTAYS', ts: '1.2' });
    const summary = { added: [], changed: ['phases: Feedback (end)'], removed: [] };
    await db.insert(programmeChangeLog).values([
      { at: new Date(), actor: 'UGONE', source: 'modal', edit: 'phase.change', summary },
      { at: new Date(), actor: 'USTAYS', source: 'modal', edit: 'phase.change', summary },
    ]);
    for (const userId of ['UGONE', 'USTAYS']) {
      await claimProgrammeUpload(db, {
        fileId: `F${userId}`,
        userId,
        fileName: 'programma.yml',
        now: new Date(),
      });
    }
  });

  it('forgets a user: their feedback, library and role gone, their name off the history', async () => {
    const db = database().handle.db;
    const report = await forgetUser(db, 'UGONE', new Date());
    expect(report['feedback responses deleted']).toBe(1);
    expect(await libraryOf(db, 'UGONE')).toBeNull();
    expect(await db.select().from(admins).where(eq(admins.userId, 'UGONE'))).toEqual([]);
    expect(await db.select().from(statusUpdates).where(eq(statusUpdates.author, 'UGONE'))).toEqual([]);
    expect((await db.select().from(ideas))[0]?.proposedBy).toBe('forgotten');
    expect(report['admin messages about ideas forgotten']).toBe(1);
    expect((await db.select().from(ideas))[0]?.adminMessages).toEqual([
      { userId: 'USTAYS', channel: 'DSTAYS', ts: '1.2' },
    ]);
    // The messages still owed to them, or with their words, are not sent any more; others' stay.
    expect(report['owed messages deleted']).toBe(2);
    expect((await db.select().from(outbox)).map((message) => message.recipient)).toEqual(['USTAYS']);
    // The programme's change history keeps the change, without who made it.
    expect(report['programme changes anonymised']).toBe(1);
    expect((await db.select().from(programmeChangeLog)).map((change) => change.actor).sort()).toEqual([
      'USTAYS',
      'forgotten',
    ]);
    // The programme files they sent to Koers go too.
    expect(report['programme files sent deleted']).toBe(1);
    expect((await db.select().from(programmeUploads)).map((upload) => upload.userId)).toEqual(['USTAYS']);
    // Another user's data is untouched.
    expect(await libraryOf(db, 'USTAYS')).toBe('HGH');
    expect(await db.select().from(feedbackResponses)).toHaveLength(1);
  });

  it("forgets a user named as a library's contact: off its list, the library and its other contacts stay", async () => {
    const db = database().handle.db;
    await db
      .update(libraries)
      .set({ contacts: ['UCONTACT', 'USTAYS'] })
      .where(eq(libraries.code, 'EEM'));
    const report = await forgetUser(db, 'UCONTACT', new Date());
    expect(report['library contacts removed']).toBe(1);
    const library = (await loadProgramme(db))?.libraries.find((candidate) => candidate.code === 'EEM');
    expect(library?.contacts).toEqual(['USTAYS']);
  });

  it('forgets a library: its feedback, its members and its place in projects and ideas', async () => {
    const db = database().handle.db;
    const report = await forgetLibrary(db, 'HGH', new Date());
    expect(report?.['feedback responses deleted']).toBe(1);
    expect(await libraryOf(db, 'USTAYS')).toBeNull();
    const programme = await loadProgramme(db);
    expect(programme?.libraries.map((library) => library.code)).not.toContain('HGH');
    const effect = programme?.projects.find((project) => project.slug === 'effectmeting');
    expect(effect?.partners.map((partner) => partner.libraryCode)).toEqual(['AVV']);
    expect((await db.select().from(ideas))[0]?.libraryCodes).toEqual(['AVV']);
    expect(await forgetLibrary(db, 'HGH', new Date())).toBeNull();
  });
});
