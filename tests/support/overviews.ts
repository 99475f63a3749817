import { OVERVIEW_EVENT_TYPE } from '../../src/scheduler/overviewWorker.js';
import type { FakeCall } from './fakeSlack.js';

/** A `chat.postMessage` of a channel's live overview (by its metadata), as opposed to a reminder or digest. */
export function isOverviewPost(call: FakeCall): boolean {
  const metadata = call.args.metadata as { event_type?: string } | undefined;
  return metadata?.event_type === OVERVIEW_EVENT_TYPE;
}
