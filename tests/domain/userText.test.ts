import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateFeedback } from '../../src/domain/feedbackForm.js';
import { withoutControlCharacters } from '../../src/domain/forms.js';
import { validateIdea, validateProjectUpdate } from '../../src/domain/projectForms.js';

/** C0 but tab and line feed, DEL, C1, and lone UTF-16 halves: nothing a person means to type. */
const controlCharacter = fc
  .oneof(
    fc.integer({ min: 0x00, max: 0x1f }).filter((code) => code !== 0x09 && code !== 0x0a && code !== 0x0d),
    fc.integer({ min: 0x7f, max: 0x9f }),
    fc.integer({ min: 0xd800, max: 0xdfff }),
  )
  .map((code) => String.fromCharCode(code));

/** Ordinary text (any script, emoji, tabs, line breaks) with control characters strewn through it. */
const textWithControls = fc
  .array(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 20 }), controlCharacter, fc.constant('\r\n')), {
    maxLength: 30,
  })
  .map((parts) => parts.join(''));

/** Any control character but tab and line feed, or a lone UTF-16 half. */
const CONTROL = /(?![\t\n])\p{Cc}|\p{Cs}/u;
const wellFormed = (text: string) => !CONTROL.test(text);

const known = { libraryCodes: new Set(['AVV']), priorities: new Set<string>() };

describe('a user text is stored without control characters, whatever was typed or pasted', () => {
  it('feedback remarks', () => {
    fc.assert(
      fc.property(textWithControls, (remarks) => {
        const result = validateFeedback(
          { libraryCode: 'AVV', judgement: 'agree', remarks, priorities: [], mayContact: false },
          known,
        );
        expect(result.ok).toBe(true);
        if (result.ok) expect(wellFormed(result.values.remarks)).toBe(true);
      }),
    );
  });

  it("a project update's note", () => {
    fc.assert(
      fc.property(textWithControls, (note) => {
        const result = validateProjectUpdate(
          { status: 'running', note: `x${note}`, milestone: null },
          '2017-09-20',
        );
        expect(result.ok).toBe(true);
        if (result.ok) expect(wellFormed(result.values.note)).toBe(true);
      }),
    );
  });

  it("an idea's title, description and theme", () => {
    fc.assert(
      fc.property(textWithControls, textWithControls, textWithControls, (title, description, theme) => {
        const result = validateIdea(
          { title: `T${title}`.slice(0, 100), description: `D${description}`, theme, libraries: [] },
          { libraryCodes: new Set() },
        );
        if (!result.ok) return; // too long is another rule
        for (const text of Object.values(result.values))
          if (typeof text === 'string') expect(wellFormed(text)).toBe(true);
      }),
    );
  });

  it('keeps every other character, tabs and line breaks included, as typed', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        fc.pre(wellFormed(text) && !text.includes('\r'));
        expect(withoutControlCharacters(text)).toBe(text);
      }),
    );
    expect(withoutControlCharacters('regel 1\r\nregel 2\rregel 3\t\u0000!')).toBe(
      'regel 1\nregel 2\nregel 3\t!',
    );
  });
});
