/**
 * The layer check run by `npm run lint`. Arrows point down: the surfaces (slack, scheduler, calendar) use
 * usecases and plug into http, usecases use domain and db, domain uses nothing of ours but itself;
 * every folder of src/ is placed; and no import cycle anywhere in src/.
 * Our own script, because TypeScript 7 has no JavaScript API for dependency-cruiser or madge to load:
 * it reads the import specifiers of every .ts file and resolves the relative ones.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface LayerRule {
  /** The folder under src/ the rule is about; `slack/listeners` for a folder within one. */
  layer: string;
  /**
   * All it may import besides itself: folders (`db`, `slack/render`) or top-level files (`logger.ts`)
   * under src/. Not given for a folder within a layer: the layer's own list holds there too.
   */
  mayImport?: string[];
  /** What it must not import even so: a folder beside it in its own layer, or one its layer may use. */
  mustNotImport?: string[];
  why: string;
}

/** Settings and the log: every layer above the domain may read them. */
const SHARED_FILES = ['config.ts', 'logger.ts'];

/**
 * What the README's "Development" section shows; change both together. Each layer lists what it may
 * use, so a folder added later is refused to all of them until it is placed here; and every folder
 * under src/ must be named (see `unplacedFolders`).
 */
export const LAYER_RULES: LayerRule[] = [
  {
    layer: 'playground',
    mayImport: [
      'koers.ts',
      'slack',
      'scheduler',
      'calendar',
      'http',
      'usecases',
      'db',
      'present',
      'i18n',
      'domain',
      ...SHARED_FILES,
    ],
    why: 'the playground starts Koers as main.ts does; the CLI and the process around it are not its',
  },
  {
    layer: 'slack',
    mayImport: ['http', 'usecases', 'db', 'present', 'i18n', 'domain', ...SHARED_FILES],
    why: 'slack/ answers users through use cases; posting on a clock is the scheduler’s, the feed the calendar’s',
  },
  {
    layer: 'slack/listeners',
    mustNotImport: ['db'],
    why: 'a listener reads the payload, asks a flow or a use case, and answers; it never reads the database itself',
  },
  {
    layer: 'slack/flows',
    mustNotImport: ['db', 'slack/listeners'],
    why: 'a flow reads through use cases and the programme store, for the listeners above it',
  },
  {
    layer: 'scheduler',
    mayImport: ['slack/render', 'usecases', 'db', 'present', 'i18n', 'domain', ...SHARED_FILES],
    why: 'the scheduler posts Slack’s messages as slack/render draws them; it answers nobody',
  },
  {
    layer: 'calendar',
    mayImport: ['http', 'usecases', 'db', 'present', 'i18n', 'domain', ...SHARED_FILES],
    why: 'the calendar feed is a route of the front door; it knows no other surface',
  },
  {
    layer: 'http',
    mayImport: ['db', 'domain', ...SHARED_FILES],
    why: 'http/ is the front door the surfaces plug their routes into; it knows none of them',
  },
  {
    layer: 'usecases',
    mayImport: ['db', 'domain'],
    why: 'a use case serves Slack and the CLI alike and returns a tagged result; the surface words it',
  },
  {
    layer: 'present',
    mayImport: ['i18n', 'domain'],
    why: 'present/ words an answer from the domain’s result; it reads nothing itself',
  },
  {
    layer: 'i18n',
    mayImport: ['domain', 'config.ts'],
    why: 'i18n/ is the words; it knows no surface and no store',
  },
  {
    layer: 'db',
    mayImport: ['domain'],
    why: 'db/ stores and reads; it knows no surface',
  },
  {
    layer: 'domain',
    mayImport: [],
    why: 'domain/ is pure: the rules, with the clock passed in',
  },
];

export interface ImportEdge {
  from: string;
  to: string;
  line: number;
}

/**
 * `import … from '…'`, `import '…'`, `export … from '…'` and `import('…')`. The clause between
 * `import` and `from` may span lines but holds no quotes or parentheses, so a match never runs on
 * into code.
 */
const IMPORT_SPECIFIER =
  /(?:^|[\s;])(?:import\s+(?:type\s+)?(?:[\w$*{}\s,]+?\s+from\s+)?|export\s+(?:type\s+)?(?:\*(?:\s+as\s+[\w$]+)?|\{[\w$\s,]*\})\s+from\s+|import\s*\(\s*)['"]([^'"\n]+)['"]/g;

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** A relative specifier to the .ts file it means (`./x.js` is `./x.ts` under NodeNext); null outside. */
function resolveSpecifier(fromFile: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = resolve(dirname(fromFile), specifier);
  const candidates = [base.replace(/\.js$/, '.ts'), base, `${base}.ts`, join(base, 'index.ts')];
  return candidates.find((candidate) => candidate.endsWith('.ts') && existsSync(candidate)) ?? null;
}

/** Every import between the files under `root`, as paths relative to it (with `/`). */
export function importGraph(root: string): ImportEdge[] {
  const absoluteRoot = resolve(root);
  const name = (path: string) => relative(absoluteRoot, path).split(sep).join('/');
  return sourceFiles(absoluteRoot).flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    return [...text.matchAll(IMPORT_SPECIFIER)].flatMap((match) => {
      const target = resolveSpecifier(file, match[1]!);
      if (!target?.startsWith(absoluteRoot + sep)) return [];
      const line = text.slice(0, match.index).split('\n').length + (match[0].startsWith('\n') ? 1 : 0);
      return [{ from: name(file), to: name(target), line }];
    });
  });
}

/** Whether `path` is `part` (a top-level file) or lies within the folder `part`. */
function isIn(path: string, part: string): boolean {
  return path === part || path.startsWith(`${part}/`);
}

/** Whether `rule` forbids the import `edge`, which starts in the rule's layer. */
function forbids(rule: LayerRule, edge: ImportEdge): boolean {
  if (rule.mustNotImport?.some((part) => isIn(edge.to, part))) return true;
  if (rule.mayImport === undefined || isIn(edge.to, rule.layer)) return false;
  return !rule.mayImport.some((part) => isIn(edge.to, part));
}

export function layerViolations(edges: ImportEdge[], rules: LayerRule[] = LAYER_RULES): string[] {
  return edges.flatMap((edge) =>
    rules
      .filter((rule) => isIn(edge.from, rule.layer) && forbids(rule, edge))
      .map((rule) => `${edge.from}:${edge.line} imports ${edge.to}: ${rule.why}`),
  );
}

/** The folders directly under `root` that no rule places, one message each. */
export function unplacedFolders(root: string, rules: LayerRule[] = LAYER_RULES): string[] {
  return readdirSync(root)
    .filter((name) => statSync(join(root, name)).isDirectory())
    .filter((folder) => !rules.some((rule) => rule.layer === folder))
    .sort()
    .map(
      (folder) =>
        `${folder}/ is in no layer: place it in LAYER_RULES (scripts/checkLayers.ts) and the README`,
    );
}

/** Each import cycle, as the files in order with the first repeated at the end. */
export function importCycles(edges: ImportEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const edge of edges) next.set(edge.from, [...(next.get(edge.from) ?? []), edge.to]);

  // Tarjan's strongly connected components: every cycle lies within one.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const target of next.get(node) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(node, Math.min(low.get(node)!, index.get(target)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      components.push(component);
    }
  };
  for (const node of [...next.keys()].sort()) if (!index.has(node)) visit(node);

  return components
    .filter((component) => component.length > 1)
    .map((component) => shortestCycle(component.sort()[0]!, new Set(component), next));
}

/** The shortest way from `start` back to itself within one component, for a readable message. */
function shortestCycle(start: string, within: Set<string>, next: Map<string, string[]>): string[] {
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const target of next.get(node) ?? []) {
      if (!within.has(target)) continue;
      if (target === start) {
        const path = [node];
        while (path[0] !== start) path.unshift(cameFrom.get(path[0]!)!);
        return [...path, start];
      }
      if (!cameFrom.has(target)) {
        cameFrom.set(target, node);
        queue.push(target);
      }
    }
  }
  return [start, start];
}

/** Every problem in the tree under `root`, one line each; empty when the layers hold. */
export function checkLayers(root: string, rules: LayerRule[] = LAYER_RULES): string[] {
  const edges = importGraph(root);
  return [
    ...unplacedFolders(root, rules),
    ...layerViolations(edges, rules),
    ...importCycles(edges).map((cycle) => `import cycle: ${cycle.join(' → ')}`),
  ];
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = process.argv[2] ?? 'src';
  const problems = checkLayers(root);
  if (problems.length > 0) {
    console.error(`In ${root}/:\n${problems.join('\n')}`);
    console.error(`\n${problems.length} layer problem(s). The layers are in README.md, "Development".`);
    process.exit(1);
  }
  console.log(`Layers hold: ${importGraph(root).length} imports in ${root}/, no forbidden import, no cycle.`);
}
