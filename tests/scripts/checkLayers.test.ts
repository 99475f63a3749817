import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkLayers } from '../../scripts/checkLayers.js';

const trees: string[] = [];

/** A src/ tree of the given files in a fresh folder. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'koers-layers-'));
  trees.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

afterEach(() => {
  for (const root of trees.splice(0)) rmSync(root, { recursive: true, force: true });
});

const layered = {
  'domain/rules.ts': "import { z } from 'zod';\nexport const rule = z.string();\n",
  'db/store.ts': "import type { Rule } from '../domain/rules.js';\nexport const store = 1;\n",
  'scheduler/worker.ts': "import { store } from '../db/store.js';\nexport const worker = store;\n",
  'slack/listener.ts': "import {\n  store,\n} from '../db/store.js';\nexport const listener = store;\n",
};

describe('the layer check', () => {
  it('passes a tree whose imports point down and go round in no circle', () => {
    expect(checkLayers(tree(layered))).toEqual([]);
  });

  it('names the file, the line and the rule of a forbidden import, type-only and multi-line ones too', () => {
    const root = tree({
      ...layered,
      'domain/leak.ts':
        "// the pure part\nimport type { store } from '../db/store.js';\nexport type S = typeof store;\n",
      'slack/reach.ts': "export {\n  worker,\n} from '../scheduler/worker.js';\n",
      'db/up.ts': "export const up = () => import('../slack/listener.js');\n",
      'logger.ts': 'export const logger = console;\n',
      'domain/noisy.ts': "import { logger } from '../logger.js';\nexport const noisy = logger;\n",
    });
    expect(checkLayers(root)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^domain\/leak\.ts:2 imports db\/store\.ts: domain\/ is pure/),
        expect.stringMatching(/^slack\/reach\.ts:1 imports scheduler\/worker\.ts/),
        expect.stringMatching(/^db\/up\.ts:1 imports slack\/listener\.ts/),
        expect.stringMatching(/^domain\/noisy\.ts:1 imports logger\.ts/),
      ]),
    );
    expect(checkLayers(root)).toHaveLength(4);
  });

  it('finds an import cycle, also through a folder index and across three files', () => {
    const root = tree({
      ...layered,
      'slack/commands/index.ts': "export * from './handlers.js';\n",
      'slack/commands/handlers.ts': "import { help } from './help.js';\nexport const all = [help];\n",
      'slack/commands/help.ts': "import type { all } from './index.js';\nexport const help = 1;\n",
    });
    expect(checkLayers(root)).toEqual([
      'import cycle: slack/commands/handlers.ts → slack/commands/help.ts → slack/commands/index.ts → slack/commands/handlers.ts',
    ]);
  });

  it('refuses slack/ importing the calendar feed: the address comes through a use case', () => {
    const root = tree({
      ...layered,
      'calendar/address.ts': 'export const address = 1;\n',
      'slack/agenda.ts':
        "import type { address } from '../calendar/address.js';\nexport type A = typeof address;\n",
      'usecases/agendaAddress.ts': "import { store } from '../db/store.js';\nexport const address = store;\n",
      'slack/agendaThroughUseCase.ts':
        "import { address } from '../usecases/agendaAddress.js';\nexport const a = address;\n",
    });
    expect(checkLayers(root)).toEqual([
      expect.stringMatching(
        /^slack\/agenda\.ts:1 imports calendar\/address\.ts: slack\/ answers users through use cases/,
      ),
    ]);
  });

  it('holds for Koers itself', () => {
    expect(checkLayers(join(import.meta.dirname, '../../src'))).toEqual([]);
  });
});
