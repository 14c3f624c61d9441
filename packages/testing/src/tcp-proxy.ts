import { connect, createServer, type Server, type Socket } from 'node:net';
import { freePort } from './ports.ts';

type Link = { client: Socket; upstream?: Socket; toUpstream: Buffer[]; toClient: Buffer[] };

export type TcpProxy = {
  port: number;
  /** `url` with its host and port replaced by the proxy's. */
  urlFor: (url: string) => string;
  /** Network partition: connections stay open but nothing crosses until heal() (bytes are held, as TCP retransmits would). */
  partition: () => void;
  /** Drops every open connection (a network cut or a server restart as clients see it). */
  cut: () => void;
  /** Stops listening: new connections are refused (a server that is down). */
  refuse: () => Promise<void>;
  /** Back to normal: listening, and held bytes delivered. */
  heal: () => Promise<void>;
  close: () => Promise<void>;
};

/**
 * A TCP proxy of our own in front of a real server, for fault-injection tests: it forwards bytes
 * unchanged and can partition, cut or refuse on command.
 */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const port = await freePort();
  const links = new Set<Link>();
  let partitioned = false;
  let server: Server | undefined;

  const drop = (link: Link) => {
    links.delete(link);
    link.client.destroy();
    link.upstream?.destroy();
  };
  const openUpstream = (link: Link) => {
    const upstream = connect(target.port, target.host);
    link.upstream = upstream;
    upstream.on('connect', () => flush(link));
    upstream.on('data', (data: Buffer) => (partitioned ? link.toClient.push(data) : link.client.write(data)));
    upstream.on('error', () => drop(link));
    upstream.on('close', () => drop(link));
  };
  const flush = (link: Link) => {
    if (partitioned || !link.upstream || link.upstream.connecting) return;
    for (const data of link.toUpstream.splice(0)) link.upstream.write(data);
    for (const data of link.toClient.splice(0)) link.client.write(data);
  };
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = createServer((client) => {
        const link: Link = { client, toUpstream: [], toClient: [] };
        links.add(link);
        client.on('data', (data: Buffer) => {
          if (partitioned || !link.upstream || link.upstream.connecting) link.toUpstream.push(data);
          else link.upstream.write(data);
        });
        // A client that gives up (a timeout) takes its held bytes with it: they are never delivered.
        client.on('error', () => drop(link));
        client.on('close', () => drop(link));
        if (!partitioned) openUpstream(link);
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
  const stopListening = () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await listen();

  return {
    port,
    urlFor: (url) => {
      const parsed = new URL(url);
      parsed.hostname = '127.0.0.1';
      parsed.port = String(port);
      return parsed.toString();
    },
    partition: () => {
      partitioned = true;
    },
    cut: () => {
      for (const link of [...links]) drop(link);
    },
    refuse: async () => {
      const closing = stopListening();
      server = undefined;
      await closing;
    },
    heal: async () => {
      partitioned = false;
      if (!server?.listening) await listen();
      for (const link of links) {
        if (!link.upstream) openUpstream(link);
        else flush(link);
      }
    },
    close: async () => {
      for (const link of [...links]) drop(link);
      await stopListening();
    },
  };
}
