/** Every piece of text in a Slack payload, joined: what a user would read, for assertions. */
export function visibleText(payload: unknown): string {
  const parts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'text' && typeof value === 'string') parts.push(value);
        else if (key !== 'value' && key !== 'action_id' && key !== 'block_id') walk(value);
      }
    }
  };
  walk(payload);
  return parts.join('\n');
}

/** The button with this action id in an answer's blocks, with its value. */
export function findButton(payload: { blocks?: unknown[] }, actionId: string): { value: string } {
  for (const block of payload.blocks ?? []) {
    const elements = (block as { elements?: { action_id?: string; value?: string }[] }).elements ?? [];
    const found = elements.find((element) => element.action_id === actionId);
    if (found?.value) return { value: found.value };
  }
  throw new Error(`no ${actionId} button in the answer`);
}
