// The rules every request passes before a route sees it: security headers (a strict CSP: no
// inline script or style, nothing from elsewhere), the Host a loopback server answers to (a
// page of another site that renames itself 127.0.0.1 by DNS gets nothing), the token when one
// is set, and same-origin JSON for writes (another site's form cannot post a verdict).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { isLoopback } from './options.ts';

export const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const TOKEN_COOKIE = 'yusuan_token';

export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const h = c.res.headers;
    h.set('Content-Security-Policy', CSP);
    h.set('X-Content-Type-Options', 'nosniff');
    h.set('X-Frame-Options', 'DENY');
    h.set('Referrer-Policy', 'no-referrer');
    h.set('Cross-Origin-Resource-Policy', 'same-origin');
    h.set('Cross-Origin-Opener-Policy', 'same-origin');
    if (!h.has('Cache-Control')) h.set('Cache-Control', 'no-store');
  };
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

export function tokenMatches(given: string | undefined, token: string): boolean {
  return given !== undefined && timingSafeEqual(digest(given), digest(token));
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) {
      try {
        return decodeURIComponent(part.slice(i + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** The host name of a Host header ("127.0.0.1:8130" → "127.0.0.1", "[::1]:80" → "::1"). */
export function hostName(host: string | undefined): string {
  const h = (host ?? '').trim();
  const v6 = /^\[([^\]]*)\](?::\d+)?$/.exec(h);
  if (v6) return v6[1]!;
  return h.replace(/:\d+$/, '');
}

export interface Guard {
  readonly token?: string;
  /** The server listens on loopback only: Host must name loopback. */
  readonly loopback: boolean;
}

type Deny = (c: Context, status: 401 | 403, message: string) => Response | Promise<Response>;

export function guard(g: Guard, deny: Deny): MiddlewareHandler {
  return async (c, next) => {
    if (g.loopback && !g.token && !isLoopback(hostName(c.req.header('host')))) {
      return deny(c, 403, 'This server answers only to its loopback address (open the URL it printed).');
    }
    if (g.token) {
      const url = new URL(c.req.url);
      const fromQuery = url.searchParams.get('token');
      if (fromQuery !== null && c.req.method === 'GET') {
        if (!tokenMatches(fromQuery, g.token)) return deny(c, 401, 'Wrong token.');
        // the token goes into a cookie and out of the address bar (and of the history)
        url.searchParams.delete('token');
        const q = url.searchParams.toString();
        return new Response(null, {
          status: 303,
          headers: {
            Location: `${url.pathname}${q ? `?${q}` : ''}`,
            'Set-Cookie': `${TOKEN_COOKIE}=${encodeURIComponent(g.token)}; Path=/; HttpOnly; SameSite=Strict`,
            'Cache-Control': 'no-store',
          },
        });
      }
      const auth = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1];
      if (!tokenMatches(auth ?? cookieValue(c.req.header('cookie'), TOKEN_COOKIE), g.token)) {
        return deny(c, 401, 'This server needs its token: open the URL that yusuan serve printed (it carries ?token=…).');
      }
    }
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      const origin = c.req.header('origin');
      if (origin !== undefined) {
        let originHost = '';
        try {
          originHost = new URL(origin).host;
        } catch {
          /* not a URL: refused below */
        }
        if (originHost !== (c.req.header('host') ?? '')) return deny(c, 403, 'Cross-site request refused.');
      }
      const site = c.req.header('sec-fetch-site');
      if (site !== undefined && site !== 'same-origin' && site !== 'none') return deny(c, 403, 'Cross-site request refused.');
      if (!/^application\/json\b/i.test(c.req.header('content-type') ?? '')) return deny(c, 403, 'Writes take JSON only.');
    }
    await next();
  };
}
