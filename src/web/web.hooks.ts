import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { newToken } from '../common/tokens.js';
import type { FlashMessage } from './html.js';
import { csrfTokenFor, type CsrfSigner } from './csrf.js';
import { isLocale, resolveLocale } from '../i18n/i18n.js';
import { COOKIES } from '../common/request-context.js';

const YEAR = 365 * 24 * 3600;
let secureCookies = false;

export function cookieOptions(maxAge?: number) {
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: secureCookies, ...(maxAge ? { maxAge } : {}) };
}

export function setFlash(reply: FastifyReply, flash: FlashMessage): void {
  reply.setCookie(COOKIES.flash, Buffer.from(JSON.stringify(flash)).toString('base64url'), cookieOptions(60));
}

function readFlash(raw: string | undefined): FlashMessage | undefined {
  if (!raw) return undefined;
  try {
    const value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as FlashMessage;
    if (['success', 'error', 'info', 'warning'].includes(value.kind) && typeof value.key === 'string') return value;
  } catch {
    // A damaged flash cookie is simply dropped.
  }
  return undefined;
}

/**
 * Route config (`@RouteConfig(NOT_A_PAGE)`) of a GET answer that is no page and holds no form, such as a calendar feed
 * polled by calendar apps: no CSRF secret cookie, token or flash is made for it (a calendar app keeps no cookie, so
 * each poll would otherwise get a new secret and a Set-Cookie header).
 */
export const NOT_A_PAGE = { page: false } as const;

/** A new browser secret for the CSRF token: at sign-in and sign-out, so that no earlier token stays valid. */
export function rotateCsrfSecret(reply: FastifyReply): void {
  reply.setCookie(COOKIES.csrf, newToken(), cookieOptions());
}

/**
 * Per-request web context: the language (remembered in a cookie when chosen with ?lang=), the CSRF token that forms
 * send back (bound to this browser's random cookie and its session, see csrf.ts; the CsrfGuard compares with it),
 * and the one-shot flash message.
 */
export function registerWebHooks(
  app: FastifyInstance,
  options: { secureCookies: boolean; csrfSigner: CsrfSigner },
): void {
  secureCookies = options.secureCookies;
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const query = request.query as Record<string, unknown> | undefined;
    const cookies = request.cookies ?? {};
    request.locale = resolveLocale(query?.lang, cookies[COOKIES.lang], request.headers['accept-language']);
    if (isLocale(query?.lang) && query.lang !== cookies[COOKIES.lang]) {
      reply.setCookie(COOKIES.lang, query.lang, { ...cookieOptions(YEAR), httpOnly: false });
    }
    if (request.url.startsWith('/api/') || request.url.startsWith('/assets/')) return;
    if ((request.routeOptions.config as { page?: boolean }).page === false) return;
    let browserSecret = cookies[COOKIES.csrf];
    if (!browserSecret || !/^[\w-]{43}$/.test(browserSecret)) {
      browserSecret = newToken();
      reply.setCookie(COOKIES.csrf, browserSecret, cookieOptions());
    }
    request.csrfToken = await csrfTokenFor(options.csrfSigner, browserSecret, cookies[COOKIES.session]);
    const flash = readFlash(cookies[COOKIES.flash]);
    if (flash) {
      request.flash = flash;
      reply.clearCookie(COOKIES.flash, { path: '/' });
    }
  });
}
