/** The programme file in the direct message with Koers: exported to an admin, sent back, previewed, imported. */
export const programmeFileDmNl = {
  exportOnItsWay: 'Koers stuurt je het programmabestand in een privébericht.',
  exportFileTitle: (programme: string) => `Programma · ${programme}`,
  exportFileComment: (programme: string) =>
    `Het programmabestand van *${programme}*. Pas het aan en stuur het terug in dit gesprek: Koers laat eerst zien wat er zou veranderen, en laadt het pas in als je op *Inladen* drukt.`,
  exportFailed: 'Het versturen van het programmabestand lukte niet. Probeer het over een minuut opnieuw.',
  notAdmin:
    'Dank je! Alleen de beheerders van het programma kunnen een programmabestand inladen; er is niets veranderd. Een idee voor een project? `/project idee`.',
  noAccess:
    'Koers kon het bestand niet lezen: Slack gaf een aanmeldpagina of weigerde, in plaats van het bestand te geven. De app mist waarschijnlijk de rechten `files:read`: installeer hem opnieuw met het bijgewerkte manifest.',
  unreachable: 'Koers kon het bestand nu niet bij Slack ophalen. Stuur het over een minuut opnieuw.',
  notImported: (file: string) => `*${file}* is niet ingeladen; er is niets veranderd.`,
  moreProblems: (count: number) => `… en nog ${count} ${count === 1 ? 'probleem' : 'problemen'}.`,
  previewTitle: (file: string) => `Voorbeeld: ${file}`,
  previewIntro: 'Er is nog niets veranderd. Inladen zou:',
  previewNoChanges: 'Inladen zou niets veranderen: het bestand is gelijk aan het programma.',
  absentKept: 'niet in het bestand',
  absentNote: (count: number) =>
    `${count === 1 ? '1 onderdeel staat' : `${count} onderdelen staan`} niet in het bestand. *Inladen* laat ze staan; *Inladen en verwijderen* haalt ze weg.`,
  moreEntries: (count: number) => `… en nog ${count}`,
  importButton: 'Inladen',
  importAndRemoveButton: (count: number) => `Inladen en ${count} verwijderen`,
  cancelButton: 'Annuleren',
  confirmRemoveTitle: 'Ook verwijderen?',
  confirmRemoveText: (count: number) =>
    `${count === 1 ? 'Het onderdeel dat' : `De ${count} onderdelen die`} niet in het bestand ${count === 1 ? 'staat, wordt' : 'staan, worden'} uit het programma verwijderd.`,
  confirmRemove: 'Inladen en verwijderen',
  confirmDeny: 'Terug',
  imported: (file: string, user: string) => `✅ *${file}* is ingeladen door <@${user}>.`,
  importedNoChanges: (file: string, user: string) =>
    `✅ *${file}* is ingeladen door <@${user}>; er veranderde niets.`,
  cancelled: (file: string) => `Geannuleerd: *${file}* is niet ingeladen; er is niets veranderd.`,
  changedSince:
    'Het programma is veranderd sinds dit voorbeeld, dus er is niets ingeladen. Hieronder het nieuwe voorbeeld: kijk het na en druk opnieuw.',
  alreadyDecided: {
    received: 'Dit bestand wordt nog gelezen.',
    refused: 'Dit bestand is niet ingeladen.',
    previewed: 'Dit voorbeeld wacht op je keuze.',
    imported: 'Dit bestand is al ingeladen.',
    cancelled: 'Dit voorbeeld is al geannuleerd; er is niets ingeladen.',
    superseded: 'Dit voorbeeld is vervangen door een nieuwer voorbeeld; kijk daar.',
  },
  gone: 'Dit voorbeeld bestaat niet (meer). Stuur het bestand opnieuw.',
};
