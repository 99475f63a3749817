import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/domain/command.js';
import { muteEndsAt, parseMuteRequest } from '../../src/domain/mute.js';

const today = '2028-06-01';

describe('/project stil', () => {
  it('is a subcommand in Dutch and English', () => {
    expect(parseCommand('stil 2w')).toEqual({ kind: 'command', name: 'quiet', args: '2w' });
    expect(parseCommand('quiet until 2028-08-31')).toEqual({
      kind: 'command',
      name: 'quiet',
      args: 'until 2028-08-31',
    });
  });

  it('reads durations, dates and off', () => {
    expect(parseMuteRequest('2w', today)).toEqual({ kind: 'mute', lastDay: '2028-06-15' });
    expect(parseMuteRequest('10 dagen', today)).toEqual({ kind: 'mute', lastDay: '2028-06-11' });
    expect(parseMuteRequest('3 weeks', today)).toEqual({ kind: 'mute', lastDay: '2028-06-22' });
    expect(parseMuteRequest('tot 2028-08-31', today)).toEqual({ kind: 'mute', lastDay: '2028-08-31' });
    expect(parseMuteRequest('Until 2028-06-01', today)).toEqual({ kind: 'mute', lastDay: '2028-06-01' });
    expect(parseMuteRequest('uit', today)).toEqual({ kind: 'off' });
    expect(parseMuteRequest('OFF', today)).toEqual({ kind: 'off' });
  });

  it('refuses what it cannot read, a past date and more than a year', () => {
    for (const args of ['', 'morgen', '0w', '2x', 'tot 31-08-2028', 'tot 2028-02-30', '2w extra'])
      expect(parseMuteRequest(args, today)).toEqual({ kind: 'invalid', reason: 'shape' });
    expect(parseMuteRequest('tot 2028-05-31', today)).toEqual({ kind: 'invalid', reason: 'past' });
    expect(parseMuteRequest('53w', today)).toEqual({ kind: 'invalid', reason: 'tooLong' });
  });

  it('a mute ends at the start of the day after its last day, in the time zone', () => {
    expect(muteEndsAt('2028-06-15', 'Europe/Amsterdam').toISOString()).toBe('2028-06-15T22:00:00.000Z');
    expect(muteEndsAt('2028-12-31', 'Europe/Amsterdam').toISOString()).toBe('2028-12-31T23:00:00.000Z');
  });
});
