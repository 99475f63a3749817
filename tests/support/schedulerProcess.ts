/**
 * One scheduler instance in its own process, for the exactly-once test: ticks minute by minute over
 * [FROM, TO] against DATABASE_URL, posting to SLACK_API_URL, then prints what it sent as JSON.
 */
import { openDatabase } from '../../src/db/client.js';
import { createLogger } from '../../src/logger.js';
import { createWorker } from '../../src/scheduler/index.js';
import { runTick } from '../../src/scheduler/reminderWorker.js';

const { DATABASE_URL, SLACK_API_URL, FROM, TO } = process.env;
if (!DATABASE_URL || !SLACK_API_URL || !FROM || !TO)
  throw new Error('DATABASE_URL, SLACK_API_URL, FROM and TO are required');

const database = await openDatabase({ databaseUrl: DATABASE_URL, dataDir: '' });
const worker = createWorker({
  db: database.db,
  logger: createLogger('silent'),
  botToken: 'xoxb-test-bot-token',
  slackApiUrl: SLACK_API_URL,
  hour: 9,
  graceMs: 24 * 60 * 60 * 1000,
  defaultLocale: 'nl',
});
const sent: string[] = [];
for (let t = new Date(FROM).getTime(); t <= new Date(TO).getTime(); t += 60_000) {
  const report = await runTick(worker, new Date(t));
  sent.push(...report.sent.map((s) => `${s.key}→${s.channelId}`));
}
await database.close();
process.stdout.write(JSON.stringify({ sent }));
