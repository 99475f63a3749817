import { z } from 'zod';
import { PERSONAS, TEAMS } from './personas.js';

/** A file sent from the page, base64 in JSON: room for a file past Koers's 2 MB cap, to see it refused. */
export const MAX_FILE_REQUEST = 4 * 1024 * 1024;

/** One of the playground's people: the page acts as them. */
export const personaId = z.string().refine((id) => PERSONAS.some((p) => p.id === id), 'unknown user');

/**
 * The workspace a request acts in (the page's switcher); absent, the first. The clock and starting anew
 * are the playground's, for every workspace at once.
 */
export const teamId = z
  .string()
  .refine((id) => TEAMS.some((team) => team.id === id), 'unknown workspace')
  .optional();

const option = z.object({ value: z.string().max(2000), text: z.string().max(2000) });
const field = z.object({
  blockId: z.string().max(255),
  actionId: z.string().max(255),
  kind: z.string().max(64),
  value: z.string().max(10_000).nullish(),
  options: z.array(option).max(100).optional(),
});

/**
 * What the page may ask of the playground, one schema per request (POST /playground/NAME): each is
 * one thing a person does in Slack, checked before the playground acts on it.
 */
export const PAGE_REQUESTS = {
  command: z.object({
    workspace: teamId,
    user: personaId,
    channel: z.string().max(64),
    text: z.string().max(4000),
  }),
  action: field.extend({
    workspace: teamId,
    user: personaId,
    channel: z.string().max(64).optional(),
    messageTs: z.string().max(64).optional(),
    viewId: z.string().max(64).optional(),
    label: z.string().max(2000).optional(),
    values: z.array(field).max(100).optional(),
  }),
  submit: z.object({
    workspace: teamId,
    user: personaId,
    viewId: z.string().max(64),
    values: z.array(field).max(100),
  }),
  close: z.object({ workspace: teamId, user: personaId, viewId: z.string().max(64) }),
  suggest: z.object({
    workspace: teamId,
    user: personaId,
    viewId: z.string().max(64),
    blockId: z.string().max(255),
    actionId: z.string().max(255),
    value: z.string().max(2000),
  }),
  home: z.object({ workspace: teamId, user: personaId }),
  clock: z.object({ at: z.string().max(32) }),
  reminders: z.object({ workspace: teamId }),
  reset: z.object({}),
  arrive: z.object({ workspace: teamId, user: personaId }),
  sendFile: z.object({
    workspace: teamId,
    user: personaId,
    channel: z.string().max(64),
    name: z.string().min(1).max(255),
    base64: z.string().max(MAX_FILE_REQUEST),
  }),
};

export type PageRequestName = keyof typeof PAGE_REQUESTS;
export type PageRequests = { [Name in PageRequestName]: z.output<(typeof PAGE_REQUESTS)[Name]> };

export function isPageRequestName(name: string): name is PageRequestName {
  return Object.hasOwn(PAGE_REQUESTS, name);
}
