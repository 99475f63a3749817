/** The pages of "Add to Slack": the install page, and the pages after Slack sends the installer back. */
export const installPagesNl = {
  installTitle: 'Koers toevoegen aan Slack',
  installIntro:
    'Koers brengt het innovatieprogramma van de bibliotheken in Slack: welke projecten lopen, wie meedoet, wanneer de volgende deadline komt, en herinneringen op tijd.',
  installButton: 'Toevoegen aan Slack',
  installedTitle: 'Koers is toegevoegd',
  installedBody: (workspace: string) =>
    `Koers is toegevoegd aan ${workspace}. Het programma van ${workspace} is van jullie alleen; een nieuw programma begint leeg, met wie Koers toevoegde als eerste beheerder. Stuur het programmabestand in een direct bericht naar Koers, of typ /project help in een kanaal om te beginnen.`,
  openSlack: 'Slack openen',
  cancelledTitle: 'Installatie afgebroken',
  cancelledBody: 'Je hebt Koers niet toegevoegd; er is niets veranderd.',
  stateTitle: 'Deze installatielink geldt niet meer',
  stateBody:
    'De link was verlopen, al gebruikt, of niet in deze browser begonnen. Begin opnieuw; het duurt maar even.',
  failedTitle: 'Installatie mislukt',
  failedBody: 'Slack rondde de installatie niet af. Probeer het zo nog eens.',
  startAgain: 'Opnieuw beginnen',
  /** The link to the same page in the other language. */
  otherLanguage: 'English',
};
