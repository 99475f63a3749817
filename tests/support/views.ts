import { sealView, unsealViewMetadata } from '../../src/slack/viewSeal.js';
import { SIGNING_SECRET } from './koersUnderTest.js';

/**
 * private_metadata as Slack sends it back for a modal Koers opened for `userId`: sealed with the app's
 * signing secret, as Koers's views.open call carried it. A test that submits a form without opening it
 * first stands for a user who did open it.
 */
export function openedMetadata(callbackId: string, userId: string, metadata = ''): string {
  const view = sealView(
    SIGNING_SECRET,
    {
      type: 'modal',
      callback_id: callbackId,
      private_metadata: metadata,
      title: { type: 'plain_text', text: 'x' },
      blocks: [],
    },
    userId,
  );
  return view.private_metadata ?? '';
}

/** What Koers put into a view it opened for `userId` (the metadata under its seal); throws when unsealed. */
export function metadataOpenedFor(
  view: { callback_id: string; private_metadata: string },
  userId: string,
): string {
  const metadata = unsealViewMetadata(SIGNING_SECRET, view.private_metadata, view.callback_id, userId);
  if (metadata === null) throw new Error(`the view was not sealed for ${userId}: ${view.private_metadata}`);
  return metadata;
}
