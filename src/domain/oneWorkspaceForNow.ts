/**
 * Until every row of Koers's data belongs to one installation (issue 22, item 2), a deployment in OAuth
 * mode has one programme, so it serves one workspace (or one organisation): the first installed. A
 * second, different one is refused, also after the first uninstalled (its programme, people and
 * feedback are still there); the same one installing again (new scopes, a new token) is fine.
 *
 * This is the rule's only home: `saveInstallation` (db/installationRepository.ts) asks it inside the
 * transaction that stores an installation, and the install page's refusal (slack/oauth/) shows
 * `OtherWorkspaceRefused`. The slice that gives each workspace its own programme deletes this file.
 */
export type InstallDecision =
  | { kind: 'accept' }
  /** `served`: the install key of the workspace this deployment serves. */
  | { kind: 'refuse'; served: string };

export function decideInstall(installedKeys: readonly string[], installing: string): InstallDecision {
  const served = installedKeys.find((key) => key !== installing);
  return served === undefined ? { kind: 'accept' } : { kind: 'refuse', served };
}

/**
 * Thrown where an installation would be stored for a second workspace. It carries the tokens Slack has
 * just issued to it, so that Koers revokes them; in a private field, which no logger ever prints.
 */
export class OtherWorkspaceRefused extends Error {
  readonly code = 'koers_other_workspace';
  readonly #issuedTokens: readonly string[];
  constructor(
    readonly served: string,
    issuedTokens: readonly string[],
  ) {
    super(`this Koers serves ${served} for now; another workspace's install is refused`);
    this.name = 'OtherWorkspaceRefused';
    this.#issuedTokens = issuedTokens;
  }

  issuedTokens(): readonly string[] {
    return this.#issuedTokens;
  }
}
