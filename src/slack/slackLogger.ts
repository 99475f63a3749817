import { LogLevel, type Logger as SlackLogger } from '@slack/bolt';
import type { Logger } from '../logger.js';

/** Bolt and its WebClient log through this, so every line of the process is the same JSON. */
export function toSlackLogger(logger: Logger): SlackLogger {
  const child = logger.child({ component: 'bolt' });
  let level: LogLevel = LogLevel.INFO;
  const write =
    (method: 'debug' | 'info' | 'warn' | 'error') =>
    (...messages: unknown[]) =>
      child[method](messages.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join(' '));
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
