/*
 * One Koers serves many workspaces (OAuth). An installation is known by its install key: `team:T…` for a
 * workspace's install, `enterprise:E…` for an organisation's (every workspace of it is served by the one
 * installation). Each keeps its data in a PostgreSQL schema named after that key, and its calendar feed
 * under a path named after it too.
 */

const INSTALL_KEY = /^(team|enterprise):([A-Z0-9]{1,32})$/;

/** Slack's ids are upper-case letters and digits; anything else is no install key of Slack's. */
export function isInstallKey(key: string): boolean {
  return INSTALL_KEY.test(key);
}

/** `team:T0123` → `ws_team_t0123`: a name that needs no quoting and reads back to its workspace. */
export function workspaceSchemaOf(installKey: string): string {
  const match = INSTALL_KEY.exec(installKey);
  if (!match) throw new Error(`not an install key: ${JSON.stringify(installKey)}`);
  return `ws_${match[1]}_${match[2]?.toLowerCase()}`;
}

/** The id in the calendar feed's path (`/calendar/T0123/<token>.ics`): not secret, the token is. */
export function calendarSegmentOf(installKey: string): string {
  const match = INSTALL_KEY.exec(installKey);
  if (!match?.[2]) throw new Error(`not an install key: ${JSON.stringify(installKey)}`);
  return match[2];
}

/** The install key a calendar path names: organisations' ids start with E, workspaces' with T. */
export function installKeyOfCalendarSegment(segment: string): string | null {
  const key = segment.startsWith('E') ? `enterprise:${segment}` : `team:${segment}`;
  return isInstallKey(key) ? key : null;
}

/** `--team T0123` (or `E…` for an organisation) on the command line, as an install key. */
export function installKeyOfTeamOption(option: string): string | null {
  return installKeyOfCalendarSegment(option.trim().toUpperCase());
}
