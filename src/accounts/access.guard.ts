import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ACCESS_KEY, type Access } from '../common/auth.decorators.js';
import { CommonError } from '../common/domain-error.js';
import { COOKIES } from '../common/request-context.js';
import { AuthService } from './auth.service.js';

/**
 * Every route declares who may call it (`@Public()` or `@Roles(...)`); a route that declares nothing is refused.
 * The API authenticates with bearer tokens only and pages with the session cookie only, so that no ambient
 * credential can be used against the API from another site.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(AuthService) private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const access = this.reflector.getAllAndOverride<Access | undefined>(ACCESS_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const isApi = request.url.startsWith('/api/');
    if (isApi) {
      const header = request.headers.authorization;
      const bearer = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
      if (bearer) request.principal = await this.auth.principalFor(bearer, 'api');
    } else {
      const cookie = request.cookies?.[COOKIES.session];
      if (cookie) request.principal = await this.auth.principalFor(cookie, 'web');
    }
    if (!access) throw new CommonError('forbidden', { reason: 'route_without_access_rule' });
    if (access.kind === 'public') return true;
    if (!request.principal) throw new CommonError('unauthenticated');
    const role = request.principal.role;
    if (role === 'organiser' || access.roles.includes(role)) return true;
    throw new CommonError('forbidden');
  }
}
