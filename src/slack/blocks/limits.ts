/**
 * Slack's documented Block Kit limits (docs.slack.dev, Block Kit reference). Slack rejects a whole
 * message or view with `invalid_blocks` when any one of them is exceeded, so the builders truncate to
 * these and `findLimitViolations` checks every payload against them in tests. Lengths are counted in
 * UTF-16 code units (`string.length`), which matches what Slack counts closely enough.
 */
export const SLACK_LIMITS = {
  /** Blocks in one message. */
  messageBlocks: 50,
  /** Blocks in a modal or App Home view. */
  viewBlocks: 100,
  /** Top-level message `text`: Slack truncates anything longer. */
  messageText: 40_000,
  /**
   * Our own cap for the fallback `text` of a message with blocks: it only feeds notifications and
   * screen readers, so one section's worth is plenty.
   */
  fallbackText: 3_000,
  /** `text` of a section block. */
  sectionText: 3_000,
  /** Any other text object without a tighter limit, e.g. a context element. */
  textObject: 3_000,
  /** `fields` of a section block, and the text of each. */
  sectionFields: 10,
  sectionFieldText: 2_000,
  /** plain_text of a header block. */
  headerText: 150,
  /** Elements of a context block. */
  contextElements: 10,
  /** Elements of an actions block. */
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2_000,
  /** A button's or overflow option's `url`. */
  url: 3_000,
  actionId: 255,
  blockId: 255,
  optionText: 75,
  optionValue: 150,
  optionDescription: 75,
  /** `options` of a static select, and of each option group. */
  selectOptions: 100,
  optionGroups: 100,
  optionGroupLabel: 75,
  overflowOptions: 5,
  /** A confirmation dialog's title, text, and its two buttons. */
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  modalTitle: 24,
  modalSubmit: 24,
  modalClose: 24,
  privateMetadata: 3_000,
  callbackId: 255,
  inputLabel: 2_000,
  inputHint: 2_000,
  /** `placeholder` of any input or select element. */
  placeholder: 150,
  /** Highest `max_length` a plain_text_input accepts. */
  plainTextInputLength: 3_000,
} as const;

const ELLIPSIS = '…';

/** Grapheme clusters, so a cut never separates an emoji's code points (ZWJ sequences, flags, skin tones). */
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * `text` cut to at most `max` UTF-16 units, ending in '…' when anything was cut. The cut falls between
 * grapheme clusters, hence always on a code point boundary: no half surrogate pair or half emoji.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max < ELLIPSIS.length) return '';
  const budget = max - ELLIPSIS.length;
  let end = 0;
  for (const { segment } of graphemes.segment(text)) {
    if (end + segment.length > budget) break;
    end += segment.length;
  }
  return text.slice(0, end) + ELLIPSIS;
}
