import { describe, expect, it } from 'vitest';
import { loadPlaygroundConfig, PLAYGROUND_DATA_DIR, wantsPlayground } from '../../src/config.js';

describe('when npm start runs the playground', () => {
  it('runs it without Slack variables, empty ones counting as unset, outside production only', () => {
    expect(wantsPlayground({})).toBe(true);
    expect(wantsPlayground({ SLACK_BOT_TOKEN: '', SLACK_SIGNING_SECRET: ' ', SLACK_APP_TOKEN: '' })).toBe(
      true,
    );
    expect(wantsPlayground({ NODE_ENV: 'development' })).toBe(true);
    expect(wantsPlayground({ NODE_ENV: 'production' })).toBe(false);
    expect(wantsPlayground({ SLACK_BOT_TOKEN: 'xoxb-1' })).toBe(false);
    expect(wantsPlayground({ SLACK_SIGNING_SECRET: 'secret-123' })).toBe(false);
    expect(wantsPlayground({ SLACK_APP_TOKEN: 'xapp-1' })).toBe(false);
  });

  it("keeps the playground's data apart from the real programme's unless DATA_DIR says where", () => {
    expect(loadPlaygroundConfig({}).DATA_DIR).toBe(PLAYGROUND_DATA_DIR);
    expect(loadPlaygroundConfig({ DATA_DIR: '' }).DATA_DIR).toBe(PLAYGROUND_DATA_DIR);
    expect(loadPlaygroundConfig({ DATA_DIR: '/srv/koers' }).DATA_DIR).toBe('/srv/koers');
  });
});
