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

  it('keeps the database out of the listeners and the flows, and the listeners out of the flows', () => {
    const root = tree({
      ...layered,
      'usecases/readStore.ts': "import { store } from '../db/store.js';\nexport const read = store;\n",
      'slack/flows/home.ts':
        "import { read } from '../../usecases/readStore.js';\nexport const home = read;\n",
      'slack/listeners/events/appHome.ts':
        "import { home } from '../../flows/home.js';\nimport { store } from '../../../db/store.js';\nexport const a = [home, store];\n",
      'slack/flows/direct.ts':
        "import type { store } from '../../db/store.js';\nexport type S = typeof store;\n",
      'slack/flows/upward.ts': "import { a } from '../listeners/events/appHome.js';\nexport const b = a;\n",
    });
    expect(checkLayers(root).sort()).toEqual([
      expect.stringMatching(
        /^slack\/flows\/direct\.ts:1 imports db\/store\.ts: a flow reads through use cases/,
      ),
      expect.stringMatching(
        /^slack\/flows\/upward\.ts:1 imports slack\/listeners\/events\/appHome\.ts: a flow reads through use cases/,
      ),
      expect.stringMatching(
        /^slack\/listeners\/events\/appHome\.ts:2 imports db\/store\.ts: a listener reads the payload/,
      ),
    ]);
  });

  it('lets the surfaces plug routes into the front door, which knows none of them', () => {
    const root = tree({
      ...layered,
      'http/route.ts': 'export type Route = () => boolean;\n',
      'http/server.ts':
        "import type { Route } from './route.js';\nimport { listener } from '../slack/listener.js';\nexport const s: Route[] = [];\nexport const l = listener;\n",
      'calendar/feedRoute.ts':
        "import type { Route } from '../http/route.js';\nexport const feed: Route = () => true;\n",
      'playground/pageRoutes.ts':
        "import type { Route } from '../http/route.js';\nexport const page: Route = () => true;\n",
      'calendar/agenda.ts':
        "import { listener } from '../slack/listener.js';\nexport const agenda = listener;\n",
      'usecases/words.ts':
        "import type { rule } from '../domain/rules.js';\nimport '../i18n/nl.js';\nexport type R = typeof rule;\n",
      'i18n/nl.ts': 'export const nl = {};\n',
    });
    expect(checkLayers(root).sort()).toEqual([
      expect.stringMatching(
        /^calendar\/agenda\.ts:1 imports slack\/listener\.ts: the calendar feed is a route/,
      ),
      expect.stringMatching(/^http\/server\.ts:2 imports slack\/listener\.ts: http\/ is the front door/),
      expect.stringMatching(
        /^usecases\/words\.ts:2 imports i18n\/nl\.ts: a use case serves Slack and the CLI/,
      ),
    ]);
  });

  it('names a folder of src/ that no layer places, so a new one cannot slip past every rule', () => {
    const root = tree({
      ...layered,
      'jobs/nightly.ts':
        "import { listener } from '../slack/listener.js';\nexport const nightly = listener;\n",
    });
    expect(checkLayers(root)).toEqual([
      'jobs/ is in no layer: place it in LAYER_RULES (scripts/checkLayers.ts) and the README',
    ]);
  });

  it('holds for Koers itself', () => {
    expect(checkLayers(join(import.meta.dirname, '../../src'))).toEqual([]);
  });
});
