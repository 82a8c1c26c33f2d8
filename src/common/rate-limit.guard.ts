import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { RATE_LIMIT_KEY, type RateLimitRule } from './auth.decorators.js';
import { CommonError } from './domain-error.js';
import { RateLimiter } from './rate-limiter.js';

/** Applies `@RateLimit` rules per client address. */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly limiters = new Map<string, RateLimiter>();

  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const rule = this.reflector.get<RateLimitRule | undefined>(RATE_LIMIT_KEY, context.getHandler());
    if (!rule || this.config.rateLimitScale === 0) return true;
    let limiter = this.limiters.get(rule.name);
    if (!limiter) {
      limiter = new RateLimiter(Math.ceil(rule.limit * this.config.rateLimitScale), rule.windowSeconds * 1000);
      this.limiters.set(rule.name, limiter);
    }
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const { allowed, retryAfterSeconds } = limiter.hit(request.ip);
    if (allowed) return true;
    context.switchToHttp().getResponse<FastifyReply>().header('retry-after', String(retryAfterSeconds));
    throw new CommonError('rate_limited', { retryAfterSeconds });
  }
}
