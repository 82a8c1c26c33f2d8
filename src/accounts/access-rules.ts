/**
 * Who may do what, as plain data and one pure function: the access service loads the facts of a resource from the
 * database and asks `decideAccess`; nothing else in the application decides visibility or scope.
 */
import type { Role } from '../common/auth.decorators.js';

/** A signed-in organiser or staff member (the request's `Principal` is one). */
export interface UserPrincipal {
  kind: 'user';
  userId: number;
  role: Role;
}

/** A paired scanner phone: bound to one event and one check-in list. */
export interface DevicePrincipal {
  kind: 'device';
  deviceId: number;
  eventId: number;
  listId: number;
}

/** Whoever holds an attendee's personal link: acts for that one registration. */
export interface AttendeePrincipal {
  kind: 'attendee';
  registrationId: number;
  eventId: number;
}

/** Who asks; `null` is an anonymous visitor. */
export type AccessPrincipal = UserPrincipal | DevicePrincipal | AttendeePrincipal;

export type EventStatus = 'draft' | 'published' | 'closed';

/** What a permission is checked on: the id passed with it names a row of this kind. */
export type ResourceKind = 'event' | 'registration' | 'session' | 'checkInList';

export const PERMISSIONS = {
  /** See the event: its public pages, the API's event, form and programme. */
  'event.read': 'event',
  /** Change the event and everything in it (the console and the organiser API). */
  'event.manage': 'event',
  /** Scan, look people up and fetch offline data at the event. */
  'event.checkIn': 'event',
  /** Work at the event with an account: the meetings' schedule, table plan and signs, meeting outcomes. */
  'event.work': 'event',
  /** Read one's own registration through the personal link. */
  'registration.readOwn': 'registration',
  /** Change or cancel one's own registration through the personal link. */
  'registration.updateOwn': 'registration',
  /** Follow a session of the programme from one's personal page. */
  'session.star': 'session',
  /** Accept a conflict warning on a session. */
  'session.acceptWarning': 'session',
  /** Scan at one check-in list. */
  'checkInList.scan': 'checkInList',
} as const satisfies Record<string, ResourceKind>;

export type Permission = keyof typeof PERMISSIONS;

/** What the access service knows about the resource an id names (undefined when there is no such row). */
export interface ResourceFacts {
  eventId: number;
  eventStatus: EventStatus;
  /** Whether the asking staff member is assigned to the resource's event (false for everyone else). */
  assigned: boolean;
  /** Set for registrations. */
  registrationId?: number;
  /** Set for check-in lists. */
  listId?: number;
}

export type AccessDecision = 'allowed' | 'unauthenticated' | 'forbidden' | 'not_found';

const isOrganiser = (p: AccessPrincipal | null) => p?.kind === 'user' && p.role === 'organiser';

/** Whoever works at or attends this event: assigned staff, its paired devices, its attendees. */
function boundTo(p: AccessPrincipal | null, facts: ResourceFacts): boolean {
  if (!p) return false;
  switch (p.kind) {
    case 'user':
      return p.role === 'staff' && facts.assigned;
    case 'device':
    case 'attendee':
      return p.eventId === facts.eventId;
  }
}

/** A draft event exists only for organisers and for those bound to it; everyone else is told it does not exist. */
function sees(p: AccessPrincipal | null, facts: ResourceFacts): boolean {
  return facts.eventStatus !== 'draft' || isOrganiser(p) || boundTo(p, facts);
}

interface Rule {
  /** Anonymous visitors are asked to sign in (401) before anything about the resource is looked at. */
  signIn: boolean;
  allows(p: AccessPrincipal | null, facts: ResourceFacts): boolean;
}

const ownRegistration = (p: AccessPrincipal | null, f: ResourceFacts) =>
  p?.kind === 'attendee' && p.registrationId === f.registrationId;

const RULES: Record<Permission, Rule> = {
  'event.read': { signIn: false, allows: () => true },
  'event.manage': { signIn: true, allows: (p) => isOrganiser(p) },
  'event.checkIn': {
    signIn: true,
    allows: (p, f) => isOrganiser(p) || (p?.kind !== 'attendee' && boundTo(p, f)),
  },
  'event.work': { signIn: true, allows: (p, f) => isOrganiser(p) || (p?.kind === 'user' && boundTo(p, f)) },
  'registration.readOwn': { signIn: true, allows: ownRegistration },
  'registration.updateOwn': { signIn: true, allows: ownRegistration },
  'session.star': { signIn: true, allows: (p, f) => p?.kind === 'attendee' && p.eventId === f.eventId },
  'session.acceptWarning': { signIn: true, allows: (p) => isOrganiser(p) },
  'checkInList.scan': {
    signIn: true,
    allows: (p, f) =>
      isOrganiser(p) || (p?.kind === 'user' && boundTo(p, f)) || (p?.kind === 'device' && p.listId === f.listId),
  },
};

/**
 * The decision, in this order: an anonymous visitor asking for something that needs a principal → 401; no such
 * resource, or an event the principal may not see (a draft) → 404; a resource the principal sees but may not act
 * on → 403; otherwise allowed.
 */
export function decideAccess(
  principal: AccessPrincipal | null,
  permission: Permission,
  facts: ResourceFacts | undefined,
): AccessDecision {
  const rule = RULES[permission];
  if (!principal && rule.signIn) return 'unauthenticated';
  if (!facts || !sees(principal, facts)) return 'not_found';
  if (rule.allows(principal, facts)) return 'allowed';
  return principal ? 'forbidden' : 'unauthenticated';
}
