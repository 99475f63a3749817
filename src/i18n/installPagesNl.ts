/** The pages of "Add to Slack": the install page, and the pages after Slack sends the installer back. */
export const installPagesNl = {
  installTitle: 'Koers toevoegen aan Slack',
  installIntro:
    'Koers brengt het innovatieprogramma van de bibliotheken in Slack: welke projecten lopen, wie meedoet, wanneer de volgende deadline komt, en herinneringen op tijd.',
  installButton: 'Toevoegen aan Slack',
  installServes: (workspace: string) =>
    `Deze Koers dient voorlopig één werkruimte: ${workspace}. Opnieuw installeren, bijvoorbeeld voor nieuwe rechten, kan alleen daar.`,
  installedTitle: 'Koers is toegevoegd',
  installedBody: (workspace: string) =>
    `Koers is toegevoegd aan ${workspace}. Typ /project help in een kanaal om te beginnen.`,
  openSlack: 'Slack openen',
  cancelledTitle: 'Installatie afgebroken',
  cancelledBody: 'Je hebt Koers niet toegevoegd; er is niets veranderd.',
  stateTitle: 'Deze installatielink geldt niet meer',
  stateBody:
    'De link was verlopen, al gebruikt, of niet in deze browser begonnen. Begin opnieuw; het duurt maar even.',
  otherWorkspaceTitle: 'Deze Koers dient één werkruimte',
  otherWorkspaceBody: (served: string) =>
    `Deze Koers dient voorlopig alleen ${served}. Elke werkruimte krijgt later een eigen programma, maar zover is het nog niet, dus is Koers niet aan jouw werkruimte toegevoegd en zijn de rechten die Slack ervoor gaf weer ingetrokken. Vraag de beheerder van deze Koers naar een eigen installatie.`,
  failedTitle: 'Installatie mislukt',
  failedBody: 'Slack rondde de installatie niet af. Probeer het zo nog eens.',
  startAgain: 'Opnieuw beginnen',
  /** The link to the same page in the other language. */
  otherLanguage: 'English',
};
