import type { webApi } from '@slack/bolt';

/**
 * Koers posts in a channel (reminders, digests, project updates) with chat.postMessage, which needs
 * the bot in the channel. A public channel is joined; a private one only its members can open to the
 * bot, so the caller asks them to invite it.
 */
export async function ensureBotInChannel(
  client: webApi.WebClient,
  channelId: string,
): Promise<'member' | 'invite'> {
  try {
    const info = await client.conversations.info({ channel: channelId });
    if (info.channel?.is_member) return 'member';
    if (info.channel?.is_private) return 'invite';
    await client.conversations.join({ channel: channelId });
    return 'member';
  } catch (error) {
    // A private channel the bot is not in looks, to the bot, as if it did not exist.
    if ((error as { data?: { error?: string } }).data?.error === 'channel_not_found') return 'invite';
    throw error;
  }
}
