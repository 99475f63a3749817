import { expect, it } from 'vitest';
import {
  addFeedback,
  type FeedbackSubmission,
  feedbackForExport,
  feedbackHistory,
  latestFeedback,
} from '../../src/db/feedbackRepository.js';
import { describeOnBothDatabases } from '../support/databases.js';

const PHASE = 'feedback-visie';

const submission = (remarks: string): FeedbackSubmission => ({
  phaseId: PHASE,
  libraryCode: 'AVV',
  userId: 'UAVV1',
  judgement: 'agree_with_remarks',
  remarks,
  priorities: [],
  mayContact: false,
  late: false,
});

describeOnBothDatabases('feedback versions when a user resubmits many times at once', (database) => {
  it('numbers ten simultaneous resubmissions 1 to 10, and the one numbered 10 counts', async () => {
    const db = database().handle.db;
    const remarks = Array.from({ length: 10 }, (_, index) => `Inzending ${index + 1}`);
    const versions = await Promise.all(remarks.map((text) => addFeedback(db, submission(text), new Date())));

    expect([...versions].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const submittedAs = new Map(remarks.map((text, index) => [versions[index], text]));
    const history = await feedbackHistory(db, PHASE, 'UAVV1');
    // History, oldest first, runs in version order: "newest" and "version 10" are the same submission.
    expect(history.map((row) => row.remarks)).toEqual(
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((version) => submittedAs.get(version)),
    );
    const [counting] = await latestFeedback(db, PHASE);
    expect(counting?.remarks).toBe(submittedAs.get(10));
    const [exported] = await feedbackForExport(db, PHASE);
    expect([exported?.version, exported?.remarks]).toEqual([10, submittedAs.get(10)]);
  });
});
