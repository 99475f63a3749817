/**
 * The baseline of the benchmark: the least a Bolt app can do for `/project`. The same Bolt version and
 * receiver as Koers (HTTPReceiver, signature checked by Bolt), the same signing secret, token and Web
 * API address, and a handler that acks a constant message. Run as its own process by bench/run.ts:
 *   BENCH_PORT=… SLACK_SIGNING_SECRET=… SLACK_BOT_TOKEN=… SLACK_API_URL=… node bench/baselineApp.js
 * Plain JavaScript, so that it runs under plain Node as Koers's compiled `dist/main.js` does.
 */
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';

const port = Number(process.env.BENCH_PORT ?? 0);
const signingSecret = process.env.SLACK_SIGNING_SECRET ?? '';
const slackApiUrl = process.env.SLACK_API_URL;

const receiver = new HTTPReceiver({ signingSecret, endpoints: '/slack/events' });
const app = new App({
  token: process.env.SLACK_BOT_TOKEN ?? '',
  receiver,
  logLevel: LogLevel.WARN,
  ...(slackApiUrl ? { clientOptions: { slackApiUrl } } : {}),
});
app.command('/project', async ({ ack }) => {
  await ack({ response_type: 'ephemeral', text: 'ok' });
});

await app.start(port);
console.log(JSON.stringify({ msg: 'baseline is ready', port }));

const stop = async () => {
  await app.stop();
  process.exit(0);
};
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());
