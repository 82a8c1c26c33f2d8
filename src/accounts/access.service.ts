import { Inject, Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { Database } from '../database/database.service.js';
import { AccessError } from './accounts.errors.js';
import {
  decideAccess,
  PERMISSIONS,
  type AccessPrincipal,
  type EventStatus,
  type Permission,
  type ResourceFacts,
  type ResourceKind,
} from './access-rules.js';
import { StaffAssignment } from './staff-assignment.entity.js';

/**
 * Where each kind of resource lives and which event it belongs to. Accounts sit below the features that own these
 * tables, so the rows are read by table name (as the staff assignments' foreign key names its event) rather than
 * through the features' entity classes.
 */
const SOURCES: Record<ResourceKind, { table: string; notFound: AccessErrorCode }> = {
  event: { table: 'events', notFound: 'event_not_found' },
  registration: { table: 'registrations', notFound: 'registration_not_found' },
  session: { table: 'agenda_sessions', notFound: 'session_not_found' },
  checkInList: { table: 'check_in_lists', notFound: 'list_not_found' },
};

type AccessErrorCode = (typeof AccessError.codes)[number];

interface FactsRow {
  id: number | string;
  eventId: number | string;
  eventStatus: EventStatus;
}

/**
 * Answers "may this principal do X on event/registration/session/list Y" in one place, in the style of immich's
 * `requireAccess`: services (and the few controllers whose service has no principal) ask here instead of checking
 * draft status, staff assignments or a device's list themselves. The decision table is `decideAccess`.
 */
@Injectable()
export class AccessService {
  constructor(@Inject(Database) private readonly db: Database) {}

  /** Throws 401, 403 or 404 (see `decideAccess`) unless the principal may do this on the resource. */
  async requireAccess(principal: AccessPrincipal | null, permission: Permission, id: number): Promise<void> {
    this.requireAccessOn(
      principal,
      permission,
      id,
      (await this.facts(principal, PERMISSIONS[permission], [id])).get(id),
    );
  }

  /**
   * The same decision on facts the caller read itself, together with its own data in one statement (the personal
   * calendar feed, polled every few minutes by every subscriber). For attendees and devices: no staff assignment is
   * looked up, so `assigned` must be false unless the caller read it.
   */
  requireAccessOn(
    principal: AccessPrincipal | null,
    permission: Permission,
    id: number,
    facts: ResourceFacts | undefined,
  ): void {
    const decision = decideAccess(principal, permission, facts);
    switch (decision) {
      case 'allowed':
        return;
      case 'unauthenticated':
        throw new AccessError('unauthenticated');
      case 'forbidden':
        throw new AccessError('forbidden', { permission });
      case 'not_found':
        throw new AccessError(SOURCES[PERMISSIONS[permission]].notFound, { id });
    }
  }

  /** The ids of those resources the principal may do this on (for lists: one query, not one per row). */
  async checkAccess(principal: AccessPrincipal | null, permission: Permission, ids: number[]): Promise<Set<number>> {
    const facts = await this.facts(principal, PERMISSIONS[permission], ids);
    return new Set(ids.filter((id) => decideAccess(principal, permission, facts.get(id)) === 'allowed'));
  }

  private async facts(
    principal: AccessPrincipal | null,
    kind: ResourceKind,
    ids: number[],
  ): Promise<Map<number, ResourceFacts>> {
    const wanted = [...new Set(ids.filter((id) => Number.isSafeInteger(id) && id > 0))];
    if (wanted.length === 0) return new Map();
    const em = this.db.manager;
    const query = em.createQueryBuilder().select('e.status', 'eventStatus');
    if (kind === 'event') query.addSelect('e.id', 'id').addSelect('e.id', 'eventId').from('events', 'e');
    else
      query
        .addSelect('r.id', 'id')
        .addSelect('r."eventId"', 'eventId')
        .from(SOURCES[kind].table, 'r')
        .innerJoin('events', 'e', 'e.id = r."eventId"');
    const rows = await query
      .where(`${kind === 'event' ? 'e' : 'r'}.id IN (:...ids)`, { ids: wanted })
      .getRawMany<FactsRow>();
    const assigned = new Set<number>();
    if (principal?.kind === 'user' && principal.role === 'staff' && rows.length > 0) {
      const assignments = await em.findBy(StaffAssignment, {
        userId: principal.userId,
        eventId: In([...new Set(rows.map((r) => Number(r.eventId)))]),
      });
      for (const a of assignments) assigned.add(a.eventId);
    }
    return new Map(
      rows.map((row) => {
        const id = Number(row.id);
        const eventId = Number(row.eventId);
        return [
          id,
          {
            eventId,
            eventStatus: row.eventStatus,
            assigned: assigned.has(eventId),
            ...(kind === 'registration' ? { registrationId: id } : {}),
            ...(kind === 'checkInList' ? { listId: id } : {}),
          },
        ];
      }),
    );
  }
}
