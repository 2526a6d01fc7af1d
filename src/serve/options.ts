// `yusuan serve` options, checked before anything listens: a host other than loopback is
// refused unless a token guards every request.
import { isIP } from 'node:net';
import { YusuanError } from '../core/errors.ts';

export interface ServeOptions {
  readonly db: string;
  readonly host: string;
  readonly port: number;
  /** Required by every request when set (always set off loopback). */
  readonly token?: string;
}

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8130;
export const MIN_TOKEN_LENGTH = 16;

/** 127.0.0.0/8, ::1 (with or without brackets) and localhost: reachable from this machine only. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || h === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(h);
  return false;
}

export function resolveServeOptions(o: { db: string; host?: string; port?: string | number; token?: string }): ServeOptions {
  const host = (o.host ?? DEFAULT_HOST).trim();
  if (host === '') throw new YusuanError('E_USAGE', '--host is empty');
  const portText = String(o.port ?? DEFAULT_PORT);
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new YusuanError('E_USAGE', `--port expects a port number 0–65535, got '${portText}'`);
  }
  const token = o.token;
  if (token !== undefined && (token.length < MIN_TOKEN_LENGTH || /\s/.test(token))) {
    throw new YusuanError('E_USAGE', `--token must be at least ${MIN_TOKEN_LENGTH} characters without spaces`, { hint: 'e.g. --token "$(openssl rand -hex 16)"' });
  }
  if (!isLoopback(host) && token === undefined) {
    throw new YusuanError('E_USAGE', `--host ${host} is reachable from other machines: it needs --token`, {
      hint: 'give --token T (then open the printed URL, which carries it once), or serve on 127.0.0.1',
    });
  }
  return { db: o.db, host, port, ...(token !== undefined ? { token } : {}) };
}
