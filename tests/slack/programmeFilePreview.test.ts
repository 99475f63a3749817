import { describe, expect, it } from 'vitest';
import type { ProgrammeDiff } from '../../src/domain/programmeDiff.js';
import { renderProgrammeFilePreview } from '../../src/slack/render/programmeFilePreview.js';
import { findLimitViolations } from '../support/blockLimits.js';
import { findButton, visibleText } from '../support/messageText.js';

const entries = (count: number, prefix: string) =>
  Array.from({ length: count }, (_, n) => ({
    key: `${prefix}-${n}`,
    label: `${prefix} ${n}`,
    fields: ['name'],
  }));

/** A file that renames a hundred projects and changes a thousand of everything. */
const bigDiff: ProgrammeDiff = {
  prune: false,
  programme: ['name'],
  libraries: { added: entries(200, 'Bibliotheek'), changed: [], removed: [] },
  projects: { added: entries(100, 'Nieuw'), changed: entries(1000, 'Project'), removed: entries(100, 'Oud') },
  phases: { added: [], changed: entries(50, 'Fase'), removed: [] },
  updates: { added: entries(5000, 'Update'), changed: [], removed: [] },
  likelyRenames: Array.from({ length: 100 }, (_, n) => ({
    from: `oud-${n}`,
    to: `nieuw-${n}`,
    name: `Project ${n}`,
  })),
};

describe('the preview of a programme file sent to Koers', () => {
  for (const locale of ['nl', 'en'] as const) {
    it(`stays within Slack's limits with its buttons, however large the file [${locale}]`, () => {
      const message = renderProgrammeFilePreview(
        { uploadId: 7, fileName: 'groot.yml', diff: bigDiff },
        locale,
      );
      expect(findLimitViolations(message)).toEqual([]);
      expect(message.blocks!.length).toBeLessThanOrEqual(50);
      expect(findButton(message, 'programme_file_import').value).toBe('7');
      expect(findButton(message, 'programme_file_import_remove').value).toBe('7');
      expect(findButton(message, 'programme_file_cancel').value).toBe('7');
      expect(visibleText(message)).toContain(locale === 'nl' ? 'en nog 95' : 'and 95 more');
    });
  }
});
