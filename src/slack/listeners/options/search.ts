import type { AllMiddlewareArgs, SlackOptionsMiddlewareArgs } from '@slack/bolt';
import { priorityChoices } from '../../../domain/feedbackForm.js';
import { findMatches } from '../../../domain/matching.js';
import { option, SLACK_LIMITS } from '../../blocks/index.js';
import type { SlackServices } from '../../services.js';

/**
 * Options for the selects that outgrow Slack's 100 static options (a programme of hundreds of
 * libraries or projects): the choices matching what the user typed, at most 100.
 */
export function searchOptions(services: SlackServices) {
  return async ({ ack, body }: SlackOptionsMiddlewareArgs<'block_suggestion'> & AllMiddlewareArgs) => {
    const programme = await services.programmes.current().catch(() => null);
    const query = String(body.value ?? '').slice(0, 200);
    if (!programme) {
      await ack({ options: [] });
      return;
    }
    const candidates =
      body.block_id === 'priorities'
        ? priorityChoices(programme).map((choice) => ({ key: choice.slug, name: choice.name }))
        : programme.libraries.map((library) => ({ key: library.code, name: library.name }));
    const match = findMatches(candidates, query, (candidate) => ({ ...candidate, aliases: [] }));
    const found =
      match.kind === 'one' ? [match.item] : match.kind === 'many' ? match.items : match.suggestions;
    await ack({ options: found.slice(0, SLACK_LIMITS.selectOptions).map((c) => option(c.name, c.key)) });
  };
}
