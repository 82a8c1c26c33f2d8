import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Principal } from './request-context.js';

export type Role = 'organiser' | 'staff';

export const ACCESS_KEY = 'duijie:access';
export type Access = { kind: 'public' } | { kind: 'roles'; roles: Role[] };

/** Anyone may call this route. Every route declares either this or `@Roles(...)`; the guard refuses the rest. */
export const Public = () => SetMetadata(ACCESS_KEY, { kind: 'public' } satisfies Access);

/** Only signed-in users with one of these roles (organisers may do everything staff may). */
export const Roles = (...roles: Role[]) => SetMetadata(ACCESS_KEY, { kind: 'roles', roles } satisfies Access);

export const RATE_LIMIT_KEY = 'duijie:rate-limit';
export interface RateLimitRule {
  /** Bucket name: routes sharing it share the counter. */
  name: string;
  limit: number;
  windowSeconds: number;
}
/** Limits requests per client address on a public route. */
export const RateLimit = (rule: RateLimitRule) => SetMetadata(RATE_LIMIT_KEY, rule);

/** Form posts from pages check the CSRF token unless the route opts out (none should). */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<FastifyRequest>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a route without @Roles');
  return principal;
});
