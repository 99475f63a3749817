import { describe, expect, it } from 'vitest';
import { parseCommand, SUBCOMMANDS, type Subcommand, suggestCommandWord } from '../../src/domain/command.js';

const acceptedWords = (Object.entries(SUBCOMMANDS) as [Subcommand, readonly string[]][]).flatMap(
  ([name, words]) => words.map((word) => [word, name] as const),
);

describe('parseCommand: known subcommands', () => {
  it.each(acceptedWords)('reads %j as %s', (word, name) => {
    expect(parseCommand(word)).toEqual({ kind: 'command', name, args: '' });
  });

  it('reads the Dutch words', () => {
    expect(parseCommand('stand nbc')).toMatchObject({ name: 'status' });
    expect(parseCommand('bieb avv')).toMatchObject({ name: 'partners' });
    expect(parseCommand('tijdlijn')).toMatchObject({ name: 'timeline' });
    expect(parseCommand('hulp')).toMatchObject({ name: 'help' });
    expect(parseCommand('agenda')).toMatchObject({ name: 'calendar' });
  });

  it('ignores case and accents in the subcommand', () => {
    expect(parseCommand('STATUS crm')).toEqual({ kind: 'command', name: 'status', args: 'crm' });
    expect(parseCommand('Tíjdlijn')).toEqual({ kind: 'command', name: 'timeline', args: '' });
  });

  it('keeps the arguments as typed, trimmed with inner whitespace collapsed', () => {
    expect(parseCommand('  status   Nieuwe zoekinterface /  NBC+  ')).toEqual({
      kind: 'command',
      name: 'status',
      args: 'Nieuwe zoekinterface / NBC+',
    });
  });

  it('treats non-breaking spaces, tabs and newlines as separators', () => {
    expect(parseCommand('partners\u00a0Het\tGroene\nHart\u2003')).toEqual({
      kind: 'command',
      name: 'partners',
      args: 'Het Groene Hart',
    });
  });
});

describe('parseCommand: empty', () => {
  it.each(['', '   ', '\u00a0\t\n'])('reads %j as empty', (text) => {
    expect(parseCommand(text)).toEqual({ kind: 'empty' });
  });
});

describe('parseCommand: unknown words', () => {
  it.each([
    ['stat', 'status'],
    ['tijdlin', 'timeline'],
    ['partenrs', 'partners'],
    ['hepl', 'help'],
    ['Planing', 'timeline'],
  ] as const)('suggests for %j the subcommand %s', (word, suggestion) => {
    expect(parseCommand(`${word} crm`)).toEqual({ kind: 'unknown', word, suggestion });
  });

  it.each(['nbc', 'xyzzy', 'qz', '🚀', "';--", 'a'.repeat(10_000)])('suggests nothing for %j', (word) => {
    expect(parseCommand(word)).toEqual({ kind: 'unknown', word, suggestion: null });
  });
});

describe("the CLI's did you mean", () => {
  const commands = [
    'migrate',
    'import',
    'export',
    'rename-project',
    'reminders',
    'export-feedback',
    'calendar',
  ];
  it.each([
    ['imprt', 'import'],
    ['IMPORT', 'import'],
    ['reminder', 'reminders'],
    ['exprot-feedback', 'export-feedback'],
    ['calender', 'calendar'],
    ['rename', 'rename-project'],
  ])('suggests for %j the command %s', (typed, meant) => {
    expect(suggestCommandWord(typed, commands)).toBe(meant);
  });
  it.each(['frobnicate', 'x', ''])('suggests nothing for %j', (typed) => {
    expect(suggestCommandWord(typed, commands)).toBeNull();
  });
});

describe('subscription subcommands', () => {
  it.each([
    ['aanmelden', 'subscribe'],
    ['subscribe digest', 'subscribe'],
    ['afmelden', 'unsubscribe'],
    ['herinneringen', 'reminders'],
  ])('accepts %j as %s', (text, name) => {
    expect(parseCommand(text)).toMatchObject({ kind: 'command', name });
  });
});
