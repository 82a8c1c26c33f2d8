import { Inject, Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { Badge } from '../badges/badge.entity.js';
import { Database } from '../database/database.service.js';
import { ManageLinks } from '../registration/manage-links.service.js';
import { Registration } from '../registration/registration.entity.js';
import { RoadshowLinks } from './roadshow-links.service.js';
import { RoadshowsError } from './roadshows.errors.js';

/** The cookie a phone keeps the attendee's roadshow recognition in (HttpOnly, only sent to /roadshows pages). */
export const ATTENDEE_COOKIE = 'duijie_roadshow_attendee';
export const ATTENDEE_COOKIE_PATH = '/roadshows';
export const ATTENDEE_COOKIE_DAYS = 14;

/**
 * Who is holding the phone on a project page: a registered attendee of the event, recognised once by their personal
 * link (opened from the personal page) or by their badge code (typed, or pasted from the phone's camera). The page
 * then keeps a signed recognition of its own (RoadshowLinks.attendeeToken) in a cookie: it records leads and nothing
 * else, so a badge code seen by someone else never opens that person's personal page.
 */
@Injectable()
export class RoadshowAttendees {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(ManageLinks) private readonly manageLinks: ManageLinks,
    @Inject(RoadshowLinks) private readonly links: RoadshowLinks,
  ) {}

  /** The registration a personal link (its token, or the whole /me/… address) names, or null. */
  async byPersonalLink(text: string): Promise<Registration | null> {
    const token = /(?:^|\/me\/)(\d{1,10}\.[\w-]{43})(?:[/?#].*)?$/.exec(text.trim())?.[1];
    const parsed = token ? this.manageLinks.parse(token) : undefined;
    const registration = parsed ? await this.db.manager.findOneBy(Registration, { id: parsed.id }) : null;
    if (!registration || !parsed || !(await this.manageLinks.verify(registration, parsed.signature))) return null;
    return registration;
  }

  /** The registration whose current (unrevoked) badge of this event carries the code, or null. */
  async byBadgeCode(eventId: number, code: string): Promise<Registration | null> {
    const badge = await this.db.manager.findOneBy(Badge, { code: code.trim(), eventId, revokedAt: IsNull() });
    return badge ? this.db.manager.findOneBy(Registration, { id: badge.registrationId }) : null;
  }

  /**
   * Recognises the attendee of an event from what they typed or pasted (badge code or personal link): a confirmed
   * registration of that event, or a 400 on `code`.
   */
  async identify(eventId: number, code: string): Promise<Registration> {
    const registration = (await this.byPersonalLink(code)) ?? (await this.byBadgeCode(eventId, code));
    if (!registration || registration.eventId !== eventId)
      throw new RoadshowsError('attendee_unknown', {}, [
        { field: 'code', reason: 'not a badge code or personal link of this event' },
      ]);
    return this.confirmed(registration);
  }

  /** The recognition to keep in the cookie. */
  cookieValue(registration: Registration): Promise<string> {
    return this.links.attendeeToken(registration);
  }

  /** The attendee the cookie recognises at this event, or null (no cookie, a stale one, another event's). */
  async fromCookie(value: string | undefined, eventId: number): Promise<Registration | null> {
    const parsed = value ? this.links.parse(value) : undefined;
    if (!parsed) return null;
    const registration = await this.db.manager.findOneBy(Registration, { id: parsed.id });
    if (!registration || registration.eventId !== eventId) return null;
    if (!(await this.links.verify('roadshow-attendee', registration.id, registration.linkVersion, parsed.signature)))
      return null;
    return registration.status === 'confirmed' ? registration : null;
  }

  confirmed(registration: Registration): Registration {
    if (registration.status !== 'confirmed')
      throw new RoadshowsError('attendee_not_confirmed', { status: registration.status }, [
        { field: 'code', reason: 'only confirmed registrations can follow up on projects' },
      ]);
    return registration;
  }
}
