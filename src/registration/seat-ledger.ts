import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SqlRunner } from '../database/sql-runner.js';
import { AttendeeCategory } from './attendee-category.entity.js';
import { RegistrationSettings } from './registration-settings.entity.js';
import { Registration } from './registration.entity.js';

const TAKE_OVERALL = `UPDATE registration_settings SET "confirmedCount" = "confirmedCount" + 1
  WHERE "eventId" = $1 AND (capacity IS NULL OR "confirmedCount" < capacity)`;
const TAKE_CATEGORY = `UPDATE attendee_categories SET "confirmedCount" = "confirmedCount" + 1
  WHERE id = $1 AND (capacity IS NULL OR "confirmedCount" < capacity)`;
const GIVE_BACK_OVERALL = `UPDATE registration_settings SET "confirmedCount" = "confirmedCount" - 1 WHERE "eventId" = $1`;

/**
 * The seats of an event: the counters on the registration settings (the event's capacity) and on each attendee
 * category. Seats are taken by conditional updates (`confirmedCount < capacity`) inside the caller's transaction,
 * never count-then-insert, so no number of concurrent requests can oversell, on SQLite or PostgreSQL. The ledger
 * also decides who on the waiting list gets a freed seat; telling them is the caller's part.
 */
@Injectable()
export class SeatLedger {
  /**
   * Takes one seat of the event and of the category, or none. The event's settings row must exist. Plain statements
   * on the shared runner (prepared once on SQLite): this is on every registration's path.
   */
  async take(em: EntityManager, eventId: number, categoryId: number): Promise<boolean> {
    const run = SqlRunner.of(em.connection);
    if ((await run.changes(em, TAKE_OVERALL, [eventId])) === 0) return false;
    if ((await run.changes(em, TAKE_CATEGORY, [categoryId])) > 0) return true;
    await run.exec(em, GIVE_BACK_OVERALL, [eventId]);
    return false;
  }

  /** Gives back one seat of the event and of the category (never below zero). */
  async release(em: EntityManager, eventId: number, categoryId: number): Promise<void> {
    await em
      .createQueryBuilder()
      .update(RegistrationSettings)
      .set({ confirmedCount: () => '"confirmedCount" - 1' })
      .where('"eventId" = :eventId AND "confirmedCount" > 0', { eventId })
      .execute();
    await em
      .createQueryBuilder()
      .update(AttendeeCategory)
      .set({ confirmedCount: () => '"confirmedCount" - 1' })
      .where('id = :categoryId AND "confirmedCount" > 0', { categoryId })
      .execute();
  }

  /**
   * Takes the seats that are free now for the waiting list, first come first served within each category, and
   * answers the registrations that got one (still `waitlisted`: the caller confirms them and tells each person).
   * A full category is skipped for the rest of the round; a full event ends it.
   */
  async seatWaitingList(em: EntityManager, eventId: number): Promise<Registration[]> {
    const waiting = await em.find(Registration, {
      where: { eventId, status: 'waitlisted' },
      order: { id: 'ASC' },
      take: 500,
    });
    const seated: Registration[] = [];
    const fullCategories = new Set<number>();
    for (const registration of waiting) {
      if (fullCategories.has(registration.categoryId)) continue;
      if (await this.take(em, eventId, registration.categoryId)) {
        seated.push(registration);
        continue;
      }
      const settings = await em.findOneByOrFail(RegistrationSettings, { eventId });
      if (settings.capacity !== null && settings.confirmedCount >= settings.capacity) break;
      fullCategories.add(registration.categoryId);
    }
    return seated;
  }
}
