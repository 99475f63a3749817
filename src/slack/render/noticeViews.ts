import type { HomeView, ModalView } from '@slack/types';
import { type Locale, messages } from '../../i18n/index.js';
import { section } from '../blocks/builders.js';
import { modal } from '../blocks/inputs.js';

/** A modal that only tells something (the data out of reach, no feedback phase): closed, not sent. */
export function renderNoticeModal(title: string, text: string, locale: Locale): ModalView {
  return modal({ callbackId: 'notice', title, close: messages(locale).close, blocks: [section(text)] });
}

/**
 * The App Home while what it shows cannot be read: the notice alone. The Home is published again, in
 * full, as soon as the work it waits for is done.
 */
export function renderHomeNotice(text: string): HomeView {
  return { type: 'home', blocks: [section(text)] };
}
