import { z } from 'zod';

/** Where the Home's long lists start: the admin section's and the ideas waiting for a decision. */
export interface HomePages {
  admin?: number;
  ideas?: number;
}

/** A list's first entry, as a paging button or the Home's metadata carries it: untrusted. */
export const PAGE_OFFSET = z.coerce.number().int().min(0).max(1_000_000);

export const homePagesSchema = z.object({ admin: PAGE_OFFSET.optional(), ideas: PAGE_OFFSET.optional() });

/** What the Home's private_metadata says of its pages, for republishing it where its admin was. */
export function homePagesMetadata(pages: HomePages): string {
  return JSON.stringify(pages);
}

/**
 * The pages of the Home an action came from (its `view`, when that is the Home); the top of each list
 * for anything else, or metadata that is not ours.
 */
export function homePagesOf(body: { view?: { type?: string; private_metadata?: string } }): HomePages {
  if (body.view?.type !== 'home' || !body.view.private_metadata) return {};
  try {
    const parsed = homePagesSchema.safeParse(JSON.parse(body.view.private_metadata));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}
