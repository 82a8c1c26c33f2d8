import { Inject, Injectable, Logger } from '@nestjs/common';
import { MoreThan } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { RateLimitStore } from '../common/rate-limit.store.js';
import { hashPassword, hashToken, newToken, verifyPassword } from '../common/tokens.js';
import { Database } from '../database/database.service.js';
import type { Principal } from '../common/request-context.js';
import { AccountsError } from './accounts.errors.js';
import { AuthToken, type AuthTokenKind } from './auth-token.entity.js';
import { User } from './user.entity.js';

const FAILURE_WINDOW_MS = 15 * 60_000;
const PAIR_FAILURES = 10;
const ADDRESS_FAILURES = 50;
/** How long an address where an account signed in stays known to it. */
const KNOWN_ADDRESS_MS = 30 * 24 * 3600_000;
const LIFETIME_MS: Record<AuthTokenKind, number> = { web: 14 * 24 * 3600_000, api: 30 * 24 * 3600_000 };

/** Owns signing in and out: password checks, failed-login limits, session and API tokens, and who a token is. */
@Injectable()
export class AuthService {
  private readonly logger = new Logger('Auth');
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(RateLimitStore) private readonly limits: RateLimitStore,
  ) {}

  async login(
    email: string,
    password: string,
    kind: AuthTokenKind,
    clientIp: string,
  ): Promise<{ token: string; user: User }> {
    const account = email.trim().toLowerCase();
    // Failed sign-ins are counted per account and address pair (10 per 15 minutes) and per address (50: a venue's
    // staff may share one address behind NAT). Never per account alone: wrong passwords sent from elsewhere must not
    // lock the owner out. Over a limit the address waits, except with the correct password from an address this
    // account has signed in from before.
    const pairKey = `login-failures:${account}|${clientIp}`;
    const addressKey = `login-failures-address:${clientIp}`;
    const knownKey = `login-known:${account}|${clientIp}`;
    const limited = [
      [await this.limits.peek(pairKey), PAIR_FAILURES],
      [await this.limits.peek(addressKey), ADDRESS_FAILURES],
    ] as const;
    const waitMs = Math.max(0, ...limited.map(([w, limit]) => (w && w.hits >= limit ? w.msLeft : 0)));
    const tooMany = () => new AccountsError('too_many_attempts', { retryAfterSeconds: Math.ceil(waitMs / 1000) });
    const knownAddress = waitMs > 0 && (await this.limits.peek(knownKey)) !== undefined;
    if (waitMs > 0 && !knownAddress) throw tooMany();
    const user = await this.db.manager.findOneBy(User, { email: account });
    const ok = await verifyPassword(password, user?.passwordHash ?? null);
    if (!user || !ok || user.disabledAt) {
      await this.limits.hit(pairKey, FAILURE_WINDOW_MS);
      await this.limits.hit(addressKey, FAILURE_WINDOW_MS);
      this.logger.warn({ event: 'login_failed' }, 'Failed sign-in');
      throw waitMs > 0 ? tooMany() : new AccountsError('invalid_credentials');
    }
    await this.limits.reset(pairKey);
    await this.limits.hit(knownKey, KNOWN_ADDRESS_MS);
    const token = newToken();
    await this.db.transaction(async (em) => {
      await em.insert(AuthToken, {
        tokenHash: hashToken(token),
        userId: user.id,
        kind,
        expiresAt: new Date(Date.now() + LIFETIME_MS[kind]),
      });
      await em.update(User, { id: user.id }, { lastLoginAt: new Date() });
    });
    return { token, user };
  }

  async logout(token: string): Promise<void> {
    await this.db.transaction((em) => em.delete(AuthToken, { tokenHash: hashToken(token) }));
  }

  /** The principal a token stands for, or undefined when it is unknown, expired, or of the other kind. */
  async principalFor(token: string, kind: AuthTokenKind): Promise<Principal | undefined> {
    if (!/^[\w-]{20,100}$/.test(token)) return undefined;
    const row = await this.db.manager.findOne(AuthToken, {
      where: { tokenHash: hashToken(token), kind, expiresAt: MoreThan(new Date()) },
      relations: { user: true },
    });
    const user = row?.user;
    if (!user || user.disabledAt) return undefined;
    return { kind: 'user', userId: user.id, email: user.email, name: user.name, role: user.role, via: kind };
  }

  /**
   * On first start, when no organiser exists, creates one from ADMIN_EMAIL/ADMIN_PASSWORD, or with a random
   * password that is printed once.
   */
  async ensureFirstOrganiser(): Promise<{ email: string; generatedPassword?: string } | undefined> {
    const count = await this.db.manager.countBy(User, { role: 'organiser' });
    if (count > 0) return undefined;
    const email = (this.config.adminEmail ?? 'admin@duijie.local').toLowerCase();
    const generatedPassword = this.config.adminPassword ? undefined : newToken().slice(0, 16);
    const passwordHash = await hashPassword(this.config.adminPassword ?? generatedPassword!);
    let created: boolean;
    try {
      created = await this.db.transaction(async (em) => {
        // Again inside the transaction: another instance starting at the same moment may have just made one.
        if ((await em.countBy(User, { role: 'organiser' })) > 0) return false;
        const existing = await em.findOneBy(User, { email });
        if (existing) await em.update(User, { id: existing.id }, { role: 'organiser', passwordHash, disabledAt: null });
        else await em.insert(User, { email, name: 'Administrator', role: 'organiser', passwordHash, locale: 'zh-CN' });
        return true;
      });
    } catch (error) {
      // Two instances inserted the same first organiser at once: the other one's insert won and it reports it.
      if (Database.isUniqueViolation(error)) return undefined;
      throw error;
    }
    return created ? { email, generatedPassword } : undefined;
  }
}
