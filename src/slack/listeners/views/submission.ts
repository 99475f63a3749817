import { z } from 'zod';

/*
 * Reading a submitted view: its inputs, its private_metadata, and the field errors Slack shows under
 * each input. Everything in a submission is untrusted and checked here, one field at a time.
 */

/** The inputs as Slack sends them (block_id → action id → one of these). */
export const selectState = z.object({ selected_option: z.object({ value: z.string() }).nullish() });
export const multiSelectState = z.object({
  selected_options: z.array(z.object({ value: z.string() })).nullish(),
});
export const textState = z.object({ value: z.string().nullish() });
export const dateState = z.object({ selected_date: z.string().nullish() });

/** One input of a submitted view's state, checked on its own: a malformed field does not hide the others. */
export function readInput<T>(
  values: unknown,
  blockId: string,
  actionId: string,
  schema: z.ZodType<T>,
): T | null {
  const blocks = (values ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const parsed = schema.safeParse(blocks[blockId]?.[actionId]);
  return parsed.success ? parsed.data : null;
}

/** private_metadata (or any JSON text) checked against its schema; null when it is not what we sent. */
export function parseJson<T>(text: string | undefined, schema: z.ZodType<T>): T | null {
  try {
    const parsed = schema.safeParse(JSON.parse(text ?? ''));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** `response_action: errors` in the user's words: block_id → message, in the form's field order. */
export function wordErrors<F extends string, K extends string>(
  fields: readonly F[],
  errors: Partial<Record<F, K>>,
  words: Record<K, string>,
): Record<string, string> {
  return Object.fromEntries(
    fields.flatMap((field) => {
      const error = errors[field];
      return error ? [[field, words[error]]] : [];
    }),
  );
}
