import type { KnownBlock } from '@slack/types';
import type { LoggedDelivery } from '../../db/deliveryRepository.js';
import { libraryOfNobodyRecipient, UNKNOWN_OUTCOME } from '../../domain/deliveryKeys.js';
import { libraryNames, type Programme } from '../../domain/programme.js';
import { parseOffsetDays } from '../../domain/reminderPlan.js';
import { formatInstant, type Locale, messages, skipReasonText } from '../../i18n/index.js';
import { esc } from '../../present/mrkdwn.js';
import type { ChannelLog } from '../../usecases/deliveryLog.js';
import { button, context, section, truncate } from '../blocks/index.js';

export const DELIVERY_ACTIONS = { retry: 'delivery_retry' } as const;

/** Slack's error codes are short; anything longer is cut so one line stays one line. */
const ERROR_SHOWN = 200;

/**
 * The delivery log as blocks, at most `maxBlocks` of them: per channel its latest deliveries, a
 * failed one with a retry button. Channels that do not fit are counted in a last line instead.
 */
export function deliveryLogBlocks(
  channels: ChannelLog[],
  options: { locale: Locale; programme: Programme | null; maxBlocks: number },
): KnownBlock[] {
  const m = messages(options.locale);
  if (channels.length === 0) return [context([m.deliveryLogEmpty])];
  const blocks: KnownBlock[] = [];
  for (const [index, channel] of channels.entries()) {
    const channelBlocks = channelLog(channel, options);
    const left = channels.length - index - 1;
    // Room for this channel and, when others follow, the line that counts them.
    if (blocks.length + channelBlocks.length + (left > 0 ? 1 : 0) > options.maxBlocks) {
      blocks.push(context([m.deliveryMoreChannels(channels.length - index)]));
      break;
    }
    blocks.push(...channelBlocks);
  }
  return blocks;
}

/** A channel's deliveries in order; the ones in a row without a button share one section. */
function channelLog(
  channel: ChannelLog,
  options: { locale: Locale; programme: Programme | null },
): KnownBlock[] {
  const m = messages(options.locale);
  const heading = `*${recipientOf(channel.channelId, options)}*${channel.older > 0 ? ` · _${m.deliveryOlder(channel.older)}_` : ''}`;
  const blocks: KnownBlock[] = [];
  let lines: string[] = [heading];
  const flush = () => {
    if (lines.length > 0) blocks.push(section(lines.join('\n')));
    lines = [];
  };
  for (const delivery of channel.deliveries) {
    const line = deliveryLine(delivery, options);
    if (delivery.status !== 'failed') {
      lines.push(line);
      continue;
    }
    flush();
    blocks.push(
      section(line, {
        accessory: button({ text: m.retry, actionId: DELIVERY_ACTIONS.retry, value: String(delivery.id) }),
      }),
    );
  }
  flush();
  return blocks;
}

/**
 * Whom a row of the log went to: a channel; a person (a nudge, by user id); or a library with nobody
 * linked to it, named so the admins can see whom to link.
 */
function recipientOf(recipient: string, options: { locale: Locale; programme: Programme | null }): string {
  const library = libraryOfNobodyRecipient(recipient);
  if (library !== null) {
    const name = libraryNames(options.programme).get(library) ?? library;
    return `${esc(name)} · ${messages(options.locale).nobodyToRemind}`;
  }
  return recipientLink(recipient);
}

/** A delivery's recipient as Slack shows it: a person (a nudge's user id) or a channel. */
export function recipientLink(recipient: string): string {
  return /^[UW][A-Z0-9]+$/.test(recipient) ? `<@${recipient}>` : `<#${recipient}>`;
}

function deliveryLine(
  delivery: LoggedDelivery,
  options: { locale: Locale; programme: Programme | null },
): string {
  const m = messages(options.locale);
  const timezone = options.programme?.info.timezone ?? 'UTC';
  const when = formatInstant((delivery.sentAt ?? delivery.updatedAt).toISOString(), timezone, options.locale);
  const phase = options.programme?.phases.find((candidate) => candidate.id === delivery.phaseId);
  const what =
    delivery.kind === 'digest'
      ? m.deliveryDigest
      : delivery.kind === 'nudge'
        ? m.deliveryNudge(esc(phase?.title ?? delivery.phaseId ?? delivery.key))
        : m.deliveryReminder(
            esc(phase?.title ?? delivery.phaseId ?? delivery.key),
            m.daysBefore(parseOffsetDays(delivery.offset ?? 'P0D')),
          );
  const error = esc(truncate(delivery.lastError ?? '', ERROR_SHOWN));
  const outcome =
    delivery.status === 'sent'
      ? `✅ ${m.deliverySent}`
      : delivery.status === 'failed'
        ? `❌ ${
            delivery.lastError?.startsWith(UNKNOWN_OUTCOME)
              ? m.deliveryGivenUp(
                  esc(truncate(delivery.lastError.slice(UNKNOWN_OUTCOME.length), ERROR_SHOWN)),
                )
              : m.deliveryFailed(error)
          }`
        : `⏭️ ${m.deliverySkipped(esc(skipReasonText(delivery.lastError ?? '', options.locale) ?? '') || error)}`;
  return `${when} · ${what} · ${outcome}`;
}
