/**
 * The layer check run by `npm run lint`. Arrows point down: slack and scheduler use usecases, usecases
 * use domain and db, domain uses nothing of ours but itself; and no import cycle anywhere in src/.
 * Our own script, because TypeScript 7 has no JavaScript API for dependency-cruiser or madge to load:
 * it reads the import specifiers of every .ts file and resolves the relative ones.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface LayerRule {
  /** The folder under src/ the rule is about. */
  layer: string;
  /** What it must not import: folders (or top-level files) under src/, or anything but itself. */
  mustNotImport: string[] | 'anything else';
  why: string;
}

/** What the README's "Development" section shows; change both together. */
export const LAYER_RULES: LayerRule[] = [
  {
    layer: 'domain',
    mustNotImport: 'anything else',
    why: 'domain/ is pure: the rules, with the clock passed in',
  },
  {
    layer: 'db',
    mustNotImport: ['slack', 'scheduler', 'usecases', 'playground', 'calendar'],
    why: 'db/ stores and reads; it knows no surface',
  },
  {
    layer: 'usecases',
    mustNotImport: ['slack', 'scheduler', 'playground', 'calendar'],
    why: 'a use case serves Slack and the CLI alike',
  },
  {
    layer: 'slack',
    mustNotImport: ['scheduler', 'calendar'],
    why: 'slack/ answers users through use cases; posting on a clock is the scheduler’s, the feed the calendar’s',
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

/** `domain/x.ts` → `domain`; a top-level file is its own part (`koers.ts`). */
function partOf(path: string): string {
  return path.split('/')[0]!;
}

export function layerViolations(edges: ImportEdge[], rules: LayerRule[] = LAYER_RULES): string[] {
  return edges.flatMap((edge) => {
    const rule = rules.find((candidate) => candidate.layer === partOf(edge.from));
    const target = partOf(edge.to);
    if (!rule) return [];
    const forbidden =
      rule.mustNotImport === 'anything else' ? target !== rule.layer : rule.mustNotImport.includes(target);
    if (!forbidden) return [];
    return [`${edge.from}:${edge.line} imports ${edge.to}: ${rule.why}`];
  });
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
