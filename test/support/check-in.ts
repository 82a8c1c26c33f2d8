import { IsNull } from 'typeorm';
import { UsersService } from '../../src/accounts/users.service.js';
import { Badge } from '../../src/badges/badge.entity.js';
import { Database } from '../../src/database/database.service.js';
import { apiLogin, twoDayEvent, type TestApp } from './test-app.js';

export type Auth = { authorization: string };

export interface CategorySpec {
  code: string;
  name: string;
  nameEn?: string;
  capacity?: number;
  approval?: 'automatic' | 'review';
  colour?: string;
}

export const DEFAULT_CATEGORIES: CategorySpec[] = [
  { code: 'guest', name: '嘉宾', nameEn: 'Guest of honour', colour: '#b3261e' },
  { code: 'enterprise', name: '企业代表', nameEn: 'Enterprise', colour: '#1d4f91' },
  { code: 'media', name: '媒体', nameEn: 'Media', approval: 'review', colour: '#1b6a3a' },
];

let slugs = 0;

/**
 * A published event a month from now with attendee categories, as an organiser sets it up through the API.
 * `underWay`: it started yesterday and ends tomorrow (scan times devices give now lie within its days).
 */
export async function checkInEvent(
  t: TestApp,
  options: { categories?: CategorySpec[]; auth?: Auth; title?: string; underWay?: boolean } = {},
): Promise<{ eventId: number; auth: Auth }> {
  const auth = options.auth ?? (await apiLogin(t.app));
  const day = 24 * 3600_000;
  const startsAt = new Date(Date.now() + (options.underWay ? -day : 30 * day));
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/events',
    headers: auth,
    payload: twoDayEvent({
      slug: `check-in-${process.pid}-${++slugs}`,
      ...(options.title ? { title: options.title } : {}),
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + (options.underWay ? 2 : 1) * day).toISOString(),
    }),
  });
  if (created.statusCode !== 201) throw new Error(`create event: ${created.statusCode} ${created.body}`);
  const eventId = created.json<{ id: number }>().id;
  await t.app.inject({ method: 'POST', url: `/api/events/${eventId}/publish`, headers: auth });
  for (const category of options.categories ?? DEFAULT_CATEGORIES) {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/events/${eventId}/categories`,
      headers: auth,
      payload: category,
    });
    if (res.statusCode !== 201) throw new Error(`category: ${res.statusCode} ${res.body}`);
  }
  return { eventId, auth };
}

/** Registers someone through the public API; answers the registration's id and status. */
export async function registerPerson(
  t: TestApp,
  eventId: number,
  person: { name: string; category: string; organisation?: string; phone?: string; email?: string; title?: string },
): Promise<{ id: number; status: string }> {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/events/${eventId}/registrations`,
    payload: {
      organisation: '四川恒麓电气科技有限公司',
      email: `${encodeURIComponent(person.name)}.${Math.random().toString(36).slice(2)}@example.cn`.toLowerCase(),
      consent: true,
      ...person,
    },
  });
  if (res.statusCode !== 201) throw new Error(`register: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** The registration's current (unrevoked) badge code. */
export async function badgeOf(t: TestApp, registrationId: number): Promise<string> {
  const badge = await t.app.get(Database).manager.findOneByOrFail(Badge, { registrationId, revokedAt: IsNull() });
  return badge.code;
}

/** A staff account (assigned to the given events) signed in on the API. */
export async function staffLogin(t: TestApp, email: string, eventIds: number[]): Promise<Auth> {
  const users = t.app.get(UsersService);
  const user = await users.createUser({
    email,
    name: `工作人员 ${email.split('@')[0]}`,
    role: 'staff',
    password: 'staff-password-1',
  });
  for (const eventId of eventIds) await users.assignStaff(user.id, eventId);
  return apiLogin(t.app, email, 'staff-password-1');
}

export async function scan(t: TestApp, eventId: number, auth: Auth, payload: Record<string, unknown>) {
  const res = await t.app.inject({ method: 'POST', url: `/api/events/${eventId}/checkins`, headers: auth, payload });
  return { status: res.statusCode, body: res.json<Record<string, unknown>>() };
}
