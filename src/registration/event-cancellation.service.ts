import { Inject, Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { BadgesService } from '../badges/badges.service.js';
import { Database } from '../database/database.service.js';
import type { Event } from '../events/event.entity.js';
import { EventsService } from '../events/events.service.js';
import { RegistrationMail } from './registration-mail.service.js';
import { Registration } from './registration.entity.js';

/** Registrations that still count on the event: each is told it is cancelled. */
const ACTIVE = ['confirmed', 'waitlisted', 'pending'] as const;

/**
 * Calls off an event people registered for, as one action in one transaction: the event is closed for good as
 * cancelled (archived: it stays readable, is never published again and cannot be deleted), each active registration
 * is cancelled with its badge revoked — without promoting anyone from the waiting list — and each person is emailed in
 * their language, with a METHOD:CANCEL for the invite their calendar holds. Registrations, badges and check-ins are
 * kept: this is how an event with personal history ends, instead of a deletion.
 */
@Injectable()
export class EventCancellationService {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(EventsService) private readonly events: EventsService,
    @Inject(BadgesService) private readonly badges: BadgesService,
    @Inject(RegistrationMail) private readonly mail: RegistrationMail,
  ) {}

  async cancel(eventId: number, reason: string | null): Promise<{ event: Event; told: number }> {
    return this.db.transaction(async (em) => {
      const event = await this.events.markCancelled(em, eventId, reason);
      const registrations = await em.find(Registration, {
        where: { eventId, status: In([...ACTIVE]) },
        order: { id: 'ASC' },
      });
      const now = new Date();
      for (const registration of registrations) {
        registration.status = 'cancelled';
        registration.cancelledAt = now;
        registration.decisionReason = reason;
        await em.save(registration);
        await this.badges.revoke(em, registration.id);
        await this.mail.send(em, 'event_cancelled', registration, { reason }, { event });
      }
      return { event, told: registrations.length };
    });
  }
}
