import type { webApi } from '@slack/bolt';

/** A file Koers sends someone in their direct message with it (an export). */
export interface DirectMessageFile {
  data: Buffer;
  filename: string;
  title: string;
  comment: string;
}

/** Uploads `file` into `userId`'s direct message with Koers (`im:write`, `files:write`). */
export async function sendToDirectMessage(
  client: webApi.WebClient,
  userId: string,
  file: DirectMessageFile,
): Promise<void> {
  const opened = await client.conversations.open({ users: userId });
  const channelId = opened.channel?.id;
  if (!channelId) throw new Error('conversations.open returned no channel');
  await client.filesUploadV2({
    channel_id: channelId,
    file: file.data,
    filename: file.filename,
    title: file.title,
    initial_comment: file.comment,
  });
}

/** Slack's error code (`missing_scope`, `channel_not_found` …) of a failed Web API call, if it is one. */
export function slackErrorOf(error: unknown): string | undefined {
  return (error as { data?: { error?: unknown } } | null)?.data?.error?.toString();
}
