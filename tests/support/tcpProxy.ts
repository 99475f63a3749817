import type { AddressInfo } from 'node:net';
import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP relay in front of the PostgreSQL server, so a test can take "the database" away from the app
 * and give it back without stopping the server that other test files share.
 */
export interface TcpProxy {
  port: number;
  /** Drops every connection and refuses new ones: to the app, the database is down. */
  cut(): void;
  /**
   * Keeps every connection open but relays nothing, and accepts new ones that it never answers: to the
   * app, the database hangs (a server stuck, a network that drops packets without a reset).
   */
  hang(): void;
  /** Accepts and relays connections again; after a hang, what was held is relayed now. */
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let mode: 'relay' | 'down' | 'hung' = 'relay';
  /** Connections accepted while hung: joined to the server when the hang ends. */
  const held = new Set<Socket>();

  const relay = (client: Socket) => {
    const upstream = connect(targetPort, targetHost);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
    client.resume();
  };

  const server: Server = createServer((client) => {
    if (mode === 'down') {
      client.destroy();
      return;
    }
    if (mode === 'hung') {
      client.pause();
      held.add(client);
      sockets.add(client);
      client.on('close', () => {
        held.delete(client);
        sockets.delete(client);
      });
      client.on('error', () => client.destroy());
      return;
    }
    relay(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    cut: () => {
      mode = 'down';
      for (const socket of sockets) socket.destroy();
    },
    hang: () => {
      mode = 'hung';
      // Nothing read from either side: the bytes wait in the sockets' buffers.
      for (const socket of sockets) socket.pause();
    },
    restore: () => {
      const wasHung = mode === 'hung';
      mode = 'relay';
      if (!wasHung) return;
      for (const socket of sockets) if (!held.has(socket)) socket.resume();
      for (const client of [...held]) {
        held.delete(client);
        sockets.delete(client);
        relay(client);
      }
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A proxy in front of a PostgreSQL test server, and the server's URL through it. */
export async function proxyInFrontOf(databaseUrl: string): Promise<{ proxy: TcpProxy; url: string }> {
  const target = new URL(databaseUrl);
  const proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
  const throughProxy = new URL(databaseUrl);
  throughProxy.port = String(proxy.port);
  return { proxy, url: throughProxy.toString() };
}
