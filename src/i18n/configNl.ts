import type { ConfigWording } from '../config.js';

/**
 * What is wrong with one variable, in Dutch, said after its name ("PORT moet een poortnummer zijn").
 * The names of Slack's settings (Basic Information, OAuth & Permissions) are Slack's own, as its
 * English pages show them.
 */
export const configNl: ConfigWording = {
  environment: 'de omgeving',
  stillExample: (what) => `is nog de voorbeeldwaarde: ${what}`,
  botTokenRequired: 'ontbreekt (het bot-token, xoxb-…)',
  botTokenShape: 'moet een bot-token zijn dat begint met xoxb-',
  botTokenWhere: 'kopieer het Bot User OAuth Token (OAuth & Permissions)',
  signingSecretRequired: 'ontbreekt (Basic Information → Signing Secret)',
  signingSecretShape: 'moet het signing secret van de app zijn (minstens 8 tekens, geen spaties)',
  signingSecretWhere: 'kopieer het Signing Secret (Basic Information)',
  appTokenShape: 'moet een app-level token zijn dat begint met xapp-',
  appTokenWhere: 'maak een app-level token (Basic Information → App-Level Tokens)',
  portNumber: 'moet een poortnummer zijn',
  wholeNumber: 'moet een geheel getal zijn',
  portRange: 'moet tussen 0 en 65535 liggen',
  postgresUrl: 'moet een postgres://-URL zijn',
  slackApiUrl: 'moet een URL zijn zoals https://slack.com/api/',
  locale: 'moet nl of en zijn',
  adminUserIds: "moeten Slack-gebruikers-id's zijn zoals U012AB3CD",
  wholeHour: 'moet een heel uur zijn',
  hourRange: 'moet 0 tot en met 23 zijn',
  wholeHours: 'moet een geheel aantal uren zijn',
  atLeastZero: 'moet 0 of meer zijn',
  graceMax: 'mag hoogstens 336 zijn',
  wholeDays: 'moet een geheel aantal dagen zijn',
  atLeastOneDay: 'moet 1 of meer zijn',
  publicUrl: 'moet het openbare https://-adres van Koers zijn, zoals https://koers.example.org',
  publicUrlHttps: 'moet beginnen met https:// (http:// alleen voor localhost of 127.0.0.1)',
  publicUrlPlain: 'moet een kaal adres zijn, zonder ? of #',
  scheduler: 'moet on of off zijn',
  logLevel: 'moet een van deze zijn: fatal, error, warn, info, debug, trace, silent',
  clientIdRequired: 'ontbreekt voor de OAuth-installatie (Basic Information → App Credentials → Client ID)',
  clientIdShape: 'moet de client id van de app zijn, cijfers met een punt (zoals 1234567890.1234567890123)',
  clientIdWhere: 'kopieer de Client ID (Basic Information → App Credentials)',
  clientSecretRequired:
    'ontbreekt voor de OAuth-installatie (Basic Information → App Credentials → Client Secret)',
  clientSecretShape: 'moet het client secret van de app zijn (minstens 16 tekens, geen spaties)',
  clientSecretWhere: 'kopieer het Client Secret (Basic Information → App Credentials)',
  stateSecretRequired:
    'ontbreekt voor de OAuth-installatie: een willekeurig geheim van jezelf (openssl rand -base64 32)',
  stateSecretShape: 'moet minstens 32 tekens zonder spaties zijn (openssl rand -base64 32)',
  encryptionKeyRequired:
    'ontbreekt voor de OAuth-installatie: de sleutel waarmee de tokens versleuteld worden (openssl rand -base64 32)',
  encryptionKeyShape: 'moet 32 willekeurige bytes in base64 zijn, 44 tekens (openssl rand -base64 32)',
  botTokenWithOAuth:
    'mag niet samen met SLACK_CLIENT_ID gezet zijn: Koers installeert via OAuth of gebruikt één bot-token',
  appTokenWithOAuth:
    'mag niet samen met SLACK_CLIENT_ID gezet zijn: de OAuth-installatie gaat over HTTP, niet over Socket Mode',
};
