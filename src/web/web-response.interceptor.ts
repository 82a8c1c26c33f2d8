import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { map, type Observable } from 'rxjs';
import { Html, Redirect, safeLocalPath } from './html.js';
import { setFlash } from './web.hooks.js';

/** Turns `Html` and `Redirect` results of page handlers into replies. */
@Injectable()
export class WebResponseInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      map((result: unknown) => {
        if (result instanceof Html) {
          reply.status(result.status).header('content-type', 'text/html; charset=utf-8');
          return result.body;
        }
        if (result instanceof Redirect) {
          if (result.flash) setFlash(reply, result.flash);
          // Every redirect stays on this host, as a valid header: a path built from a route parameter holding a line
          // break or a scheme must not become a header error or a way off the site.
          reply.status(303).header('location', safeLocalPath(result.location, '/'));
          return '';
        }
        return result;
      }),
    );
  }
}
