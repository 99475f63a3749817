import type { webApi } from '@slack/bolt';

/** At most this many `users.info` calls at once: an export of hundreds of answers stays within Slack's rate tier. */
const CONCURRENCY = 4;
/** A user Slack does not answer about in time gets an empty name; the export is not held up for it. */
const LOOKUP_TIMEOUT_MS = 2_000;

/**
 * The names of these users as Slack knows them (`users.info`: the real name, else the display name),
 * asked once per distinct user, a few at a time. A user Slack cannot or will not tell about (deleted,
 * another workspace, a time-out, a missing scope) is left out of the map: the caller shows an empty name.
 */
export async function slackUserNames(
  client: webApi.WebClient,
  userIds: readonly string[],
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const queue = [...new Set(userIds)];
  const worker = async (): Promise<void> => {
    for (let userId = queue.shift(); userId !== undefined; userId = queue.shift()) {
      const name = await nameOf(client, userId);
      if (name) names.set(userId, name);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, queue.length) }, worker));
  return names;
}

async function nameOf(client: webApi.WebClient, userId: string): Promise<string | undefined> {
  try {
    const result = await Promise.race([
      client.users.info({ user: userId }),
      new Promise<null>((resolve) => setTimeout(resolve, LOOKUP_TIMEOUT_MS, null).unref()),
    ]);
    const user = result?.user;
    return (
      (user?.real_name || user?.profile?.real_name || user?.profile?.display_name || '').trim() || undefined
    );
  } catch {
    return undefined;
  }
}
