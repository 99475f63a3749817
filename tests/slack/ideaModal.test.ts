import { describe, expect, it } from 'vitest';
import type { Library } from '../../src/domain/programme.js';
import { renderIdeaModal } from '../../src/slack/render/ideaModal.js';
import { findLimitViolations } from '../support/blockLimits.js';

const libraries = (count: number): Library[] =>
  Array.from({ length: count }, (_, i) => ({ code: `L${i}`, name: `Bibliotheek ${i}`, aliases: [] }));

function librariesElement(count: number) {
  const view = renderIdeaModal(libraries(count), 'nl');
  expect(findLimitViolations(view)).toEqual([]);
  const block = view.blocks.find((b) => b.block_id === 'libraries') as unknown as {
    element: Record<string, unknown>;
  };
  return block.element;
}

describe('the idea form’s library choice', () => {
  it('lists up to 100 libraries as static options', () => {
    const element = librariesElement(100);
    expect(element.type).toBe('multi_static_select');
    expect(element.options).toHaveLength(100);
  });

  it('lets the user search past 100 libraries, so none is left out', () => {
    const element = librariesElement(101);
    expect(element).toMatchObject({ type: 'multi_external_select', action_id: 'search' });
  });
});
