import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RATE_LIMIT_KEY, type RateLimitRule } from './auth.decorators.js';
import { CommonError } from './domain-error.js';
import { RateLimiter } from './rate-limiter.js';

/** Applies `@RateLimit` rules per client address. */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly limiters = new Map<string, RateLimiter>();

  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const rule = this.reflector.get<RateLimitRule | undefined>(RATE_LIMIT_KEY, context.getHandler());
    if (!rule) return true;
    let limiter = this.limiters.get(rule.name);
    if (!limiter) {
      limiter = new RateLimiter(rule.limit, rule.windowSeconds * 1000);
      this.limiters.set(rule.name, limiter);
    }
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const { allowed, retryAfterSeconds } = limiter.hit(request.ip);
    if (allowed) return true;
    context.switchToHttp().getResponse<FastifyReply>().header('retry-after', String(retryAfterSeconds));
    throw new CommonError('rate_limited', { retryAfterSeconds });
  }
}
