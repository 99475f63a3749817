import { describe, expect, it } from 'vitest';
import { esc } from '../../src/present/mrkdwn.js';

describe('mrkdwn', () => {
  it('esc neutralises channel pings, mentions and links in user text', () => {
    const escaped = esc('Hi <!channel> and <@U123>, see <https://evil.example|here> & more');
    expect(escaped).toBe(
      'Hi &lt;!channel&gt; and &lt;@U123&gt;, see &lt;https://evil.example|here&gt; &amp; more',
    );
    expect(escaped).not.toMatch(/[<>]/);
  });
});
