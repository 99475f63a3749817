import { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

/**
 * Slack's side of a Socket Mode link, on loopback: the address `apps.connections.open` hands out (give
 * `url` to the fake Web API), a `hello` on every new connection, envelopes sent by the test, and the
 * acks the app sends back. Like the fake Web API, it records what arrives.
 */
export interface FakeSocketMode {
  /** ws:// address for `apps.connections.open`. */
  readonly url: string;
  /** Connections opened so far (each one a reconnect after the first). */
  readonly connections: number;
  /** Every ack received, on any connection, in order. */
  readonly acks: readonly SocketAck[];
  /** Resolves once the `count`-th connection is open and has had its `hello`. */
  waitForConnection(count: number, timeoutMs?: number): Promise<void>;
  /** Sends an envelope on the current connection; resolves with the app's ack for it. */
  deliver(envelope: SocketEnvelope, timeoutMs?: number): Promise<SocketAck>;
  /** Slack's own way to end a link: a `disconnect` message, after which the app reconnects. */
  askToReconnect(reason?: string): void;
  /** The link lost without a close frame (a network fault): the TCP connection is simply destroyed. */
  dropWithoutCloseFrame(): void;
  close(): Promise<void>;
}

export interface SocketEnvelope {
  envelope_id: string;
  type: 'slash_commands' | 'interactive' | 'events_api';
  payload: unknown;
  accepts_response_payload: boolean;
  retry_attempt?: number;
  retry_reason?: string;
}

export interface SocketAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
  /** Milliseconds from the delivery of the envelope to its ack. */
  afterMs: number;
  /** Which connection (1, 2 …) carried the ack. */
  connection: number;
}

export async function startFakeSocketMode(): Promise<FakeSocketMode> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  const acks: SocketAck[] = [];
  const sentAt = new Map<string, number>();
  const changed = new EventEmitter();
  changed.setMaxListeners(0);
  let current: WebSocket | undefined;
  let connections = 0;

  server.on('connection', (socket) => {
    const connection = ++connections;
    current = socket;
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as {
        envelope_id: string;
        payload?: Record<string, unknown>;
      };
      acks.push({
        envelope_id: message.envelope_id,
        ...(message.payload ? { payload: message.payload } : {}),
        afterMs: Date.now() - (sentAt.get(message.envelope_id) ?? Date.now()),
        connection,
      });
      changed.emit('change');
    });
    socket.send(
      JSON.stringify({
        type: 'hello',
        num_connections: 1,
        connection_info: { app_id: 'A1' },
        debug_info: { host: 'fake-socket-mode', approximate_connection_time: 18060 },
      }),
    );
    changed.emit('change');
  });

  function waitFor(ready: () => boolean, timeoutMs: number, failure: () => string): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!ready()) return;
        stop();
        resolve();
      };
      const timer = setTimeout(() => {
        stop();
        reject(new Error(failure()));
      }, timeoutMs);
      const stop = () => {
        clearTimeout(timer);
        changed.off('change', check);
      };
      changed.on('change', check);
      check();
    });
  }

  return {
    url: `ws://127.0.0.1:${port}/link`,
    get connections() {
      return connections;
    },
    acks,
    waitForConnection: (count, timeoutMs = 20_000) =>
      waitFor(
        () => connections >= count,
        timeoutMs,
        () => `fake Socket Mode: expected connection ${count} within ${timeoutMs} ms, had ${connections}`,
      ),
    deliver: async (envelope, timeoutMs = 10_000) => {
      if (!current) throw new Error('fake Socket Mode: no connection to deliver on');
      sentAt.set(envelope.envelope_id, Date.now());
      current.send(JSON.stringify(envelope));
      const acked = () => acks.find((ack) => ack.envelope_id === envelope.envelope_id);
      await waitFor(
        () => acked() !== undefined,
        timeoutMs,
        () => `fake Socket Mode: no ack for ${envelope.envelope_id} within ${timeoutMs} ms`,
      );
      return acked()!;
    },
    askToReconnect: (reason = 'refresh_requested') => {
      current?.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'fake-socket-mode' } }));
    },
    dropWithoutCloseFrame: () => {
      current?.terminate();
    },
    close: () =>
      new Promise((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
}
