import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { CommonError } from '../common/domain-error.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF check on every state-changing page request: the form's `_csrf` field (or the X-CSRF-Token header, for scripts
 * on our pages) must equal the token made for this browser and session (`request.csrfToken`, an HMAC computed by
 * the web hooks from the cookies, see csrf.ts), compared in constant time. The JSON API uses bearer tokens, which
 * other sites cannot make a browser send.
 */
@Injectable()
export class CsrfGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (SAFE_METHODS.has(request.method) || request.url.startsWith('/api/')) return true;
    const expected = request.csrfToken;
    const body = request.body as Record<string, unknown> | undefined;
    const sent = (typeof body?._csrf === 'string' ? body._csrf : undefined) ?? request.headers['x-csrf-token'];
    if (typeof expected === 'string' && typeof sent === 'string') {
      const [a, b] = [Buffer.from(expected), Buffer.from(sent)];
      if (a.length === b.length && timingSafeEqual(a, b)) return true;
    }
    throw new CommonError('csrf_failed');
  }
}
