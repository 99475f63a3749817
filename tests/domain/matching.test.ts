import { describe, expect, it } from 'vitest';
import { findLibrary, findMatches, findProject, type MatchResult } from '../../src/domain/matching.js';
import type { Library, Project } from '../../src/domain/programme.js';
import { levenshtein, normalizeForMatch } from '../../src/domain/text.js';

function project(slug: string, name: string, extra: Partial<Project> = {}): Project {
  return {
    slug,
    name,
    aliases: [],
    description: '',
    status: 'running',
    allLibraries: false,
    partners: [],
    updates: [],
    ...extra,
  };
}

const projects: Project[] = [
  project('nieuwe-zoekinterface-nbc', 'Nieuwe zoekinterface / NBC+', { aliases: ['NBC+', 'zoekinterface'] }),
  project('social-crm', 'Social CRM'),
  project('crm', 'CRM', { status: 'idea' }),
  project('deltaplan-digitale-geletterdheid', 'Deltaplan Digitale geletterdheid'),
  project('ehealth', 'eHealth'),
  project('effectmeting', 'Effectmeting'),
  project('project-utrecht-west', 'Project Utrecht West'),
  project('academische-informatievaardigheden', 'Academische informatievaardigheden'),
];

const libraries: Library[] = [
  { code: 'AVV', name: 'Bibliotheek Angstel, Vecht en Venen', aliases: [] },
  { code: 'HGH', name: 'Bibliotheek Het Groene Hart', aliases: [] },
  { code: 'EEM', name: 'Bibliotheek Eemland', aliases: [] },
  { code: 'UTR', name: 'Bibliotheek Utrecht', aliases: [] },
];

/** The names in a result, whatever its kind, so expectations read as the user would see them. */
function names(result: MatchResult<{ name: string }>): string[] {
  if (result.kind === 'one') return [result.item.name];
  if (result.kind === 'many') return result.items.map((item) => item.name);
  return result.suggestions.map((item) => item.name);
}

function expectOne(query: string, name: string): void {
  const result = findProject(projects, query);
  expect(result.kind).toBe('one');
  expect(names(result)).toEqual([name]);
}

describe('normalizeForMatch', () => {
  it('lowercases, strips accents and turns punctuation into single spaces', () => {
    expect(normalizeForMatch('  Nieuwe zoekinterface / NBC+ ')).toBe('nieuwe zoekinterface nbc');
    expect(normalizeForMatch('ÉHEALTH')).toBe('ehealth');
    expect(normalizeForMatch('digi-gelet_"test" & co')).toBe('digi gelet test co');
  });

  it('keeps letters of other scripts and drops emoji', () => {
    expect(normalizeForMatch('🚀 שלום 🚀')).toBe('שלום');
  });
});

describe('levenshtein', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(levenshtein('efectmeting', 'effectmeting')).toBe(1);
    expect(levenshtein('kitten', 'sitting')).toBe(3);
    expect(levenshtein('', 'abc')).toBe(3);
  });

  it('counts an emoji as one character', () => {
    expect(levenshtein('a🚀', 'ab')).toBe(1);
  });
});

describe('findProject: exact hits', () => {
  it('ignores case and accents', () => expectOne('ÉHEALTH', 'eHealth'));
  it('ignores punctuation', () => expectOne('nieuwe zoekinterface, nbc!', 'Nieuwe zoekinterface / NBC+'));
  it('finds a project by its slug', () =>
    expectOne('deltaplan-digitale-geletterdheid', 'Deltaplan Digitale geletterdheid'));
  it('finds a project by an alias', () => expectOne('zoekinterface', 'Nieuwe zoekinterface / NBC+'));
  it('ignores spaces inside a name', () => expectOne('e health', 'eHealth'));

  it('prefers the exact name "CRM" over the prefix of "Social CRM"', () => {
    expectOne('crm', 'CRM');
  });
});

describe('findProject: several projects with the same name', () => {
  // An approved idea titled like a project becomes `effectmeting-2`, named "Effectmeting" too.
  const twins = [...projects, project('effectmeting-2', 'Effectmeting', { status: 'idea' })];
  const slugOf = (query: string) => {
    const result = findProject(twins, query);
    return result.kind === 'one' ? result.item.slug : result.kind;
  };

  it('reaches each one by its exact slug', () => {
    expect(slugOf('effectmeting')).toBe('effectmeting');
    expect(slugOf('Effectmeting')).toBe('effectmeting');
    expect(slugOf('effectmeting-2')).toBe('effectmeting-2');
  });

  it('prefers the project whose name is the query over one that only has it as an alias', () => {
    const aliased = [...projects, project('meten', 'Meten', { aliases: ['Effectmeting'] })];
    const result = findProject(aliased, 'effectmeting');
    expect(result.kind === 'one' && result.item.slug).toBe('effectmeting');
  });

  it('still lists both when the query is only a name they share', () => {
    const same = [project('a-1', 'Pilot'), project('a-2', 'Pilot')];
    expect(findProject(same, 'pilot').kind).toBe('many');
  });
});

describe('findProject: prefix and substring hits', () => {
  it('finds the alias NBC+ from `nbc`', () => expectOne('nbc', 'Nieuwe zoekinterface / NBC+'));
  it('finds a name from the start of each word', () =>
    expectOne('digi gelet', 'Deltaplan Digitale geletterdheid'));
  it('finds a name from the start of its first word', () => expectOne('social', 'Social CRM'));
  it('finds a name from a part inside a word', () =>
    expectOne('vaardigheden', 'Academische informatievaardigheden'));

  it('lists every prefix hit, ordered by name, when several match', () => {
    const result = findProject(projects, 'e');
    expect(result.kind).toBe('many');
    expect(names(result)).toEqual(['Effectmeting', 'eHealth']);
  });
});

describe('findProject: no hit', () => {
  it('suggests the closest name for a typo', () => {
    const result = findProject(projects, 'efectmeting');
    expect(result.kind).toBe('none');
    expect(names(result)).toEqual(['Effectmeting']);
  });

  it('suggests nothing for garbage', () => {
    expect(findProject(projects, 'qwxzvkj')).toEqual({ kind: 'none', suggestions: [] });
  });

  it('suggests nothing for a short unrelated query', () => {
    expect(findProject(projects, 'xq')).toEqual({ kind: 'none', suggestions: [] });
  });

  it.each(['', '   ', '\t\n', '+/&'])('answers none without suggestions for the empty query %j', (query) => {
    expect(findProject(projects, query)).toEqual({ kind: 'none', suggestions: [] });
  });

  it('finds nothing in an empty list', () => {
    expect(findProject([], 'crm')).toEqual({ kind: 'none', suggestions: [] });
  });
});

describe('findProject: hostile input', () => {
  it.each([
    '🚀🔥💥',
    'مشروع البحث',
    'פרויקט',
    "'; DROP TABLE projects; --",
    '%_\\',
    '\u0301\u0301',
    '\uD800',
  ])('does not throw on %j', (query) => {
    expect(() => findProject(projects, query)).not.toThrow();
  });

  // Speed is measured by `npm run bench`; here only that such a query is answered at all.
  it('answers a 10,000 character query with no match', () => {
    for (const query of ['a'.repeat(10_000), 'ab '.repeat(3_334), '🚀'.repeat(10_000)]) {
      expect(findProject(projects, query).kind).toBe('none');
    }
  });
});

describe('findMatches', () => {
  it('matches anything given a key, name and aliases', () => {
    const fruits = ['Appel', 'Peer'];
    const result = findMatches(fruits, 'pe', (fruit) => ({ key: fruit, name: fruit, aliases: [] }));
    expect(result).toEqual({ kind: 'one', item: 'Peer' });
  });
});

describe('findLibrary', () => {
  it('finds a library by its code', () => {
    expect(names(findLibrary(libraries, 'avv'))).toEqual(['Bibliotheek Angstel, Vecht en Venen']);
  });

  it('finds a library by part of its name', () => {
    const result = findLibrary(libraries, 'groene hart');
    expect(result.kind).toBe('one');
    expect(names(result)).toEqual(['Bibliotheek Het Groene Hart']);
  });

  it('lists all libraries for `bibliotheek`, ordered by name', () => {
    const result = findLibrary(libraries, 'bibliotheek');
    expect(result.kind).toBe('many');
    expect(names(result)).toEqual([
      'Bibliotheek Angstel, Vecht en Venen',
      'Bibliotheek Eemland',
      'Bibliotheek Het Groene Hart',
      'Bibliotheek Utrecht',
    ]);
  });
});
