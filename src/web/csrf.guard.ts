import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { CommonError } from '../common/domain-error.js';
import { COOKIES } from '../common/request-context.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Double-submit CSRF check on every state-changing page request: the form's `_csrf` field (or the X-CSRF-Token
 * header, for scripts on our pages) must equal the random `duijie_csrf` cookie that only our own pages can read
 * back into a form. The JSON API uses bearer tokens, which other sites cannot make a browser send.
 */
@Injectable()
export class CsrfGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (SAFE_METHODS.has(request.method) || request.url.startsWith('/api/')) return true;
    const cookie = request.cookies?.[COOKIES.csrf];
    const body = request.body as Record<string, unknown> | undefined;
    const sent = (typeof body?._csrf === 'string' ? body._csrf : undefined) ?? request.headers['x-csrf-token'];
    if (typeof cookie === 'string' && typeof sent === 'string' && cookie.length === sent.length) {
      if (timingSafeEqual(Buffer.from(cookie), Buffer.from(sent))) return true;
    }
    throw new CommonError('csrf_failed');
  }
}
