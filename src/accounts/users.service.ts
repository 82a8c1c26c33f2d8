import { Inject, Injectable } from '@nestjs/common';
import { IsNull, MoreThan, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { hashPassword, hashToken, newToken } from '../common/tokens.js';
import { Database } from '../database/database.service.js';
import { OutboxService } from '../mail/outbox.service.js';
import { AccountsError } from './accounts.errors.js';
import { AuthToken } from './auth-token.entity.js';
import type { InviteDto } from './dto/accounts.dto.js';
import { Invitation } from './invitation.entity.js';
import { StaffAssignment } from './staff-assignment.entity.js';
import { User, type UserRole } from './user.entity.js';

/**
 * Events are read by entity name: accounts sit below events (events' pages and checks use accounts), so they do not
 * import the Event class. Only existence and the invitation email's event data are read.
 */
const EVENT = 'Event';

const INVITATION_DAYS = 7;

export interface UserView {
  id: number;
  email: string;
  name: string;
  role: UserRole;
  disabled: boolean;
  lastLoginAt: Date | null;
  eventIds: number[];
}

/** Owns organiser and staff accounts: invitations, passwords, staff assignments to events. */
@Injectable()
export class UsersService {
  // Explicit tokens: the command line runs this service from TypeScript sources without decorator metadata.
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(OutboxService) private readonly outbox: OutboxService,
  ) {}

  async list(): Promise<UserView[]> {
    const [users, assignments] = await Promise.all([
      this.db.manager.find(User, { order: { role: 'ASC', email: 'ASC' } }),
      this.db.manager.find(StaffAssignment),
    ]);
    return users.map((u) => ({
      id: u.id,
      email: u.email,
      name: u.name,
      role: u.role,
      disabled: u.disabledAt !== null,
      lastLoginAt: u.lastLoginAt,
      eventIds: assignments.filter((a) => a.userId === u.id).map((a) => a.eventId),
    }));
  }

  pendingInvitations(): Promise<Invitation[]> {
    return this.db.manager.find(Invitation, {
      where: { acceptedAt: IsNull(), revokedAt: IsNull(), expiresAt: MoreThan(new Date()) },
      order: { createdAt: 'DESC' },
    });
  }

  /** Invites an organiser, or a staff member for one event. Answers the link to send (only its hash is kept). */
  async invite(dto: InviteDto, invitedById: number): Promise<{ invitation: Invitation; url: string }> {
    const email = dto.email.trim().toLowerCase();
    if (dto.role === 'staff' && !dto.eventId) {
      throw new AccountsError('event_required_for_staff', {}, [
        { field: 'eventId', reason: 'staff are invited for one event' },
      ]);
    }
    const token = newToken();
    const invitation = await this.db.transaction(async (em) => {
      if (dto.eventId && !(await em.existsBy(EVENT, { id: dto.eventId }))) {
        throw new AccountsError('event_required_for_staff', {}, [{ field: 'eventId', reason: 'no such event' }]);
      }
      const existing = await em.findOneBy(User, { email });
      if (existing && (existing.role === 'organiser' || dto.role === 'organiser')) {
        throw new AccountsError('email_taken', {}, [{ field: 'email', reason: 'an account with this email exists' }]);
      }
      const event = dto.eventId ? await em.findOneBy(EVENT, { id: dto.eventId }) : null;
      const saved = await em.save(
        em.create(Invitation, {
          tokenHash: hashToken(token),
          email,
          name: dto.name,
          role: dto.role,
          eventId: dto.eventId ?? null,
          invitedById,
          expiresAt: new Date(Date.now() + INVITATION_DAYS * 24 * 3600_000),
        }),
      );
      await this.outbox.enqueue(em, {
        kind: 'team_invitation',
        to: email,
        toName: dto.name,
        locale: 'zh-CN',
        template: 'team-invitation',
        eventId: dto.eventId,
        data: {
          name: dto.name,
          role: dto.role,
          event,
          url: `${this.config.appUrl}/invitations/${token}`,
          days: INVITATION_DAYS,
        },
      });
      return saved;
    });
    return { invitation, url: `${this.config.appUrl}/invitations/${token}` };
  }

  async findInvitation(token: string): Promise<Invitation> {
    const invitation = /^[\w-]{20,100}$/.test(token)
      ? await this.db.manager.findOneBy(Invitation, { tokenHash: hashToken(token) })
      : null;
    if (!invitation || invitation.revokedAt || invitation.acceptedAt) throw new AccountsError('invitation_not_found');
    if (invitation.expiresAt < new Date()) throw new AccountsError('invitation_expired');
    return invitation;
  }

  /** Accepting sets the password; a staff invitation for an existing staff account adds the event to it. */
  async acceptInvitation(token: string, password: string): Promise<User> {
    const invitation = await this.findInvitation(token);
    const passwordHash = await hashPassword(password);
    return this.db.transaction(async (em) => {
      const claimed = await em.update(
        Invitation,
        { id: invitation.id, acceptedAt: IsNull() },
        { acceptedAt: new Date() },
      );
      if (!claimed.affected) throw new AccountsError('invitation_not_found');
      let user = await em.findOneBy(User, { email: invitation.email });
      if (user) {
        user.passwordHash = passwordHash;
        user.disabledAt = null;
        await em.save(user);
      } else {
        user = await em.save(
          em.create(User, {
            email: invitation.email,
            name: invitation.name,
            role: invitation.role,
            passwordHash,
            locale: 'zh-CN',
          }),
        );
      }
      if (invitation.eventId) await this.assignIn(em, user.id, invitation.eventId);
      return user;
    });
  }

  async revokeInvitation(id: number): Promise<void> {
    await this.db.transaction(async (em) => {
      const result = await em.update(Invitation, { id, acceptedAt: IsNull() }, { revokedAt: new Date() });
      if (!result.affected) throw new AccountsError('invitation_not_found');
    });
  }

  async assignStaff(userId: number, eventId: number): Promise<void> {
    await this.db.transaction(async (em) => {
      const user = await em.findOneBy(User, { id: userId });
      if (!user) throw new AccountsError('user_not_found', { id: userId });
      if (!(await em.existsBy(EVENT, { id: eventId }))) {
        throw new AccountsError('event_required_for_staff', {}, [{ field: 'eventId', reason: 'no such event' }]);
      }
      await this.assignIn(em, userId, eventId);
    });
  }

  /** Disabling signs the user out everywhere. The last active organiser cannot be disabled. */
  async setDisabled(userId: number, disabled: boolean, actingUserId: number): Promise<void> {
    await this.db.transaction(async (em) => {
      const user = await em.findOneBy(User, { id: userId });
      if (!user) throw new AccountsError('user_not_found', { id: userId });
      if (disabled && userId === actingUserId) throw new AccountsError('cannot_disable_self');
      if (disabled && user.role === 'organiser') {
        const active = await em.countBy(User, { role: 'organiser', disabledAt: IsNull() });
        if (active <= 1) throw new AccountsError('last_organiser');
      }
      user.disabledAt = disabled ? new Date() : null;
      await em.save(user);
      if (disabled) await em.delete(AuthToken, { userId });
    });
  }

  /** Command-line: creates a user with a password, or answers email_taken. */
  async createUser(input: { email: string; name: string; role: UserRole; password: string }): Promise<User> {
    const email = input.email.trim().toLowerCase();
    const passwordHash = await hashPassword(input.password);
    return this.db.transaction(async (em) => {
      if (await em.existsBy(User, { email })) throw new AccountsError('email_taken');
      return em.save(em.create(User, { email, name: input.name, role: input.role, passwordHash, locale: 'zh-CN' }));
    });
  }

  /** Command-line: sets a new password and signs the user out everywhere. */
  async resetPassword(email: string, password: string): Promise<void> {
    const passwordHash = await hashPassword(password);
    await this.db.transaction(async (em) => {
      const user = await em.findOneBy(User, { email: email.trim().toLowerCase() });
      if (!user) throw new AccountsError('user_not_found');
      user.passwordHash = passwordHash;
      await em.save(user);
      await em.delete(AuthToken, { userId: user.id });
    });
  }

  private async assignIn(em: EntityManager, userId: number, eventId: number): Promise<void> {
    if (!(await em.existsBy(StaffAssignment, { userId, eventId })))
      await em.insert(StaffAssignment, { userId, eventId });
  }
}
