import type { FastifyInstance, FastifyReply } from 'fastify';
import { Html, Redirect, safeLocalPath } from './html.js';
import { setFlash } from './web.hooks.js';

/** The body the hook has made, sent as it is. */
const asIs = (payload: string) => payload;

/**
 * Turns the `Html` and `Redirect` results of page handlers into replies, as the last step before a result is
 * serialised. A Fastify hook rather than a global Nest interceptor: an interceptor wraps every handler of every route
 * in RxJS observables, which cost each API request more than the whole of this work (a registration burst's first
 * hundred requests, on code not yet compiled, waited about 35 ms longer).
 */
export function registerPageReplies(app: FastifyInstance): void {
  app.addHook('preSerialization', (_request, reply: FastifyReply, payload: unknown, done) => {
    if (payload instanceof Html) {
      reply.code(payload.status).header('content-type', 'text/html; charset=utf-8').serializer(asIs);
      return done(null, payload.body);
    }
    if (payload instanceof Redirect) {
      if (payload.flash) setFlash(reply, payload.flash);
      // Every redirect stays on this host, as a valid header: a path built from a route parameter holding a line
      // break or a scheme must not become a header error or a way off the site.
      reply
        .code(303)
        .header('location', safeLocalPath(payload.location, '/'))
        .header('content-type', 'text/plain; charset=utf-8')
        .serializer(asIs);
      return done(null, '');
    }
    done(null, payload);
  });
}
