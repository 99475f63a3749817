import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BOT_SCOPES } from '../src/slack/oauth/scopes.js';

/*
 * manifest.yml is checked against Slack's own JSON Schema for app manifests (an unchanged copy, MIT
 * licensed, in tests/fixtures), so "create the app from the manifest" cannot fail on a typo.
 */
const schemaFolder = fileURLToPath(new URL('./fixtures/slack-manifest-schema/', import.meta.url));
const manifest = parse(readFileSync(fileURLToPath(new URL('../manifest.yml', import.meta.url)), 'utf8'));

function validator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const load = (file: string) => JSON.parse(readFileSync(`${schemaFolder}${file}`, 'utf8'));
  for (const version of ['1.0.0', '2.0.0']) {
    ajv.addSchema(
      load(`manifest.schema.${version}.json`),
      `https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas/manifest.schema.${version}.json`,
    );
  }
  return ajv.compile(load('manifest.schema.json'));
}

describe('the Slack app manifest', () => {
  it('has the schema to check against', () => {
    expect(existsSync(`${schemaFolder}manifest.schema.json`)).toBe(true);
  });

  it("is valid by Slack's manifest schema", () => {
    const validate = validator();
    const valid = validate(manifest);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(valid).toBe(true);
  });

  it('declares /project, interactivity, the App Home event and exactly the scopes the features use', () => {
    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command)).toEqual(['/project']);
    expect(manifest.features.slash_commands[0].usage_hint).toBeTruthy();
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.event_subscriptions.bot_events).toEqual([
      'app_home_opened',
      'pin_removed',
      'message.im',
      'app_uninstalled',
      'tokens_revoked',
    ]);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(
      [
        'channels:history',
        'channels:join',
        'channels:read',
        'chat:write',
        'commands',
        'files:read',
        'files:write',
        'groups:history',
        'groups:read',
        'im:history',
        'im:write',
        'pins:read',
        'pins:write',
        'canvases:write',
        'users:read',
      ].sort(),
    );
  });

  it('asks for the same scopes at "Add to Slack" as it declares, and names its redirect URL', () => {
    expect([...BOT_SCOPES].sort()).toEqual([...manifest.oauth_config.scopes.bot].sort());
    expect(manifest.oauth_config.redirect_urls).toEqual(['https://koers.example.org/slack/oauth_redirect']);
  });
});
