// `yusuan serve`: the database opened twice (read-only for the pages, read-write for verdicts
// only: the migration that adds the reviews table runs there), the renderer, the HTTP server.
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { YusuanError } from '../core/errors.ts';
import { openDb } from '../store/db.ts';
import { createApp } from './app.ts';
import { isLoopback, type ServeOptions } from './options.ts';
import { Renderer } from './renderer.ts';

export interface RunningServer {
  /** The address to open (with ?token=… when a token is set). */
  readonly url: string;
  readonly port: number;
  readonly renderer: Renderer;
  close(): Promise<void>;
}

function urlHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

export async function startServer(o: ServeOptions, opts: { log?: (line: string) => void; listLimit?: number } = {}): Promise<RunningServer> {
  if (!existsSync(o.db)) throw new YusuanError('E_USAGE', `no database at ${o.db}`, { hint: 'run yusuan ingest first' });
  const reviews = openDb(o.db); // migrates (adds the reviews table); writes verdicts only
  const db = openDb(o.db, { readonly: true });
  const renderer = new Renderer();
  renderer.warm().catch((err: Error) => (opts.log ?? ((l: string) => process.stderr.write(`${l}\n`)))(`yusuan serve: the page renderer did not start: ${err.message}`));
  const app = createApp({ db, reviews, renderer, loopback: isLoopback(o.host), ...(o.token ? { token: o.token } : {}), ...opts });
  let server: ServerType;
  const info = await new Promise<AddressInfo>((resolve, reject) => {
    server = serve({ fetch: app.fetch, port: o.port, hostname: o.host }, resolve);
    server.once('error', reject);
  }).catch((err: NodeJS.ErrnoException) => {
    db.close();
    reviews.close();
    void renderer.close();
    throw new YusuanError('E_USAGE', `cannot listen on ${o.host}:${o.port}: ${err.message}`, { hint: err.code === 'EADDRINUSE' ? 'choose another --port' : 'check --host' });
  });
  const base = `http://${urlHost(o.host)}:${info.port}/`;
  return {
    url: o.token ? `${base}?token=${encodeURIComponent(o.token)}` : base,
    port: info.port,
    renderer,
    close: async () => {
      await new Promise<void>((res) => {
        server.close(() => res());
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      await renderer.close();
      db.close();
      reviews.close();
    },
  };
}
