import { DIFF_ENTITIES, type DiffEntity, type ProgrammeDiff } from '../domain/programmeDiff.js';

/** The words a diff's lines are told in (the CLI's and Slack's differ only in what "absent" says). */
export interface DiffWords {
  added: string;
  changed: string;
  removed: string;
  /** An entry the file leaves out, without prune: it stays. */
  absent: string;
  orderField: string;
  projectField: string;
}

export interface DiffLine {
  sign: '+' | '~' | '−';
  label: string;
  /** What happens to it: added, changed (and its fields), removed, or kept though absent. */
  note: string;
}

/**
 * What importing would do to one kind of entry, a line per entry: the same lines for `import --check`
 * in a terminal and for the preview of a file sent to Koers, each wording them its own way.
 */
export function diffLines(diff: ProgrammeDiff, entity: DiffEntity, words: DiffWords): DiffLine[] {
  const fieldName = (field: string) =>
    field === 'order' ? words.orderField : field === 'project' ? words.projectField : field;
  const { added, changed, removed } = diff[entity];
  return [
    ...added.map((entry) => ({ sign: '+' as const, label: entry.label, note: words.added })),
    ...changed.map((entry) => ({
      sign: '~' as const,
      label: entry.label,
      note: `${words.changed}: ${entry.fields.map(fieldName).join(', ')}`,
    })),
    ...removed.map((entry) => ({
      sign: '−' as const,
      label: entry.label,
      note: diff.prune ? words.removed : words.absent,
    })),
  ];
}

/** The kinds of entry a diff touches, in the file's order. */
export function touchedEntities(diff: ProgrammeDiff): DiffEntity[] {
  return DIFF_ENTITIES.filter((entity) => {
    const { added, changed, removed } = diff[entity];
    return added.length + changed.length + removed.length > 0;
  });
}
