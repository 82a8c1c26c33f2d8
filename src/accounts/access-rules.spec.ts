import {
  decideAccess,
  type AccessDecision,
  type AccessPrincipal,
  type EventStatus,
  type Permission,
  type ResourceFacts,
} from './access-rules.js';

// Event 1 is "ours": staff member 7 is assigned to it, device 5 scans its list 10, registration 100 belongs to it.
// Event 2 is another event with list 20 and registration 200.
const organiser: AccessPrincipal = { kind: 'user', userId: 1, role: 'organiser' };
const staff: AccessPrincipal = { kind: 'user', userId: 7, role: 'staff' };
const device: AccessPrincipal = { kind: 'device', deviceId: 5, eventId: 1, listId: 10 };
const attendee: AccessPrincipal = { kind: 'attendee', registrationId: 100, eventId: 1 };
const principals = { anonymous: null, organiser, staff, device, attendee } as const;
type Who = keyof typeof principals;

type Resource = 'own' | 'other';
/** The facts the service would load for the resource of a permission, on our event or the other one. */
function facts(permission: Permission, who: Who, resource: Resource, eventStatus: EventStatus): ResourceFacts {
  const eventId = resource === 'own' ? 1 : 2;
  const base = { eventId, eventStatus, assigned: who === 'staff' && eventId === 1 };
  if (permission.startsWith('registration.')) return { ...base, registrationId: eventId * 100 };
  if (permission.startsWith('checkInList.')) return { ...base, listId: eventId * 10 };
  return base;
}

const A = 'allowed';
const U = 'unauthenticated';
const F = 'forbidden';
const N = 'not_found';

/**
 * [permission, resource, expected for anonymous, organiser, staff, device, attendee] per event status.
 * "own" is our event (or its registration 100 / list 10); "other" is event 2 (registration 200 / list 20).
 */
const TABLE: [
  Permission,
  Resource,
  Record<EventStatus, [AccessDecision, AccessDecision, AccessDecision, AccessDecision, AccessDecision]>,
][] = [
  // each status: [anonymous, organiser, staff (assigned to our event), device (of our list), attendee (of our event)]
  ['event.read', 'own', { draft: [N, A, A, A, A], published: [A, A, A, A, A], closed: [A, A, A, A, A] }],
  ['event.read', 'other', { draft: [N, A, N, N, N], published: [A, A, A, A, A], closed: [A, A, A, A, A] }],
  ['event.manage', 'own', { draft: [U, A, F, F, F], published: [U, A, F, F, F], closed: [U, A, F, F, F] }],
  ['event.manage', 'other', { draft: [U, A, N, N, N], published: [U, A, F, F, F], closed: [U, A, F, F, F] }],
  ['event.checkIn', 'own', { draft: [U, A, A, A, F], published: [U, A, A, A, F], closed: [U, A, A, A, F] }],
  ['event.checkIn', 'other', { draft: [U, A, N, N, N], published: [U, A, F, F, F], closed: [U, A, F, F, F] }],
  ['event.work', 'own', { draft: [U, A, A, F, F], published: [U, A, A, F, F], closed: [U, A, A, F, F] }],
  ['event.work', 'other', { draft: [U, A, N, N, N], published: [U, A, F, F, F], closed: [U, A, F, F, F] }],
  ['registration.readOwn', 'own', { draft: [U, F, F, F, A], published: [U, F, F, F, A], closed: [U, F, F, F, A] }],
  ['registration.readOwn', 'other', { draft: [U, F, N, N, N], published: [U, F, F, F, F], closed: [U, F, F, F, F] }],
  ['registration.updateOwn', 'own', { draft: [U, F, F, F, A], published: [U, F, F, F, A], closed: [U, F, F, F, A] }],
  ['registration.updateOwn', 'other', { draft: [U, F, N, N, N], published: [U, F, F, F, F], closed: [U, F, F, F, F] }],
  ['session.star', 'own', { draft: [U, F, F, F, A], published: [U, F, F, F, A], closed: [U, F, F, F, A] }],
  ['session.star', 'other', { draft: [U, F, N, N, N], published: [U, F, F, F, F], closed: [U, F, F, F, F] }],
  ['session.acceptWarning', 'own', { draft: [U, A, F, F, F], published: [U, A, F, F, F], closed: [U, A, F, F, F] }],
  ['session.acceptWarning', 'other', { draft: [U, A, N, N, N], published: [U, A, F, F, F], closed: [U, A, F, F, F] }],
  ['checkInList.scan', 'own', { draft: [U, A, A, A, F], published: [U, A, A, A, F], closed: [U, A, A, A, F] }],
  ['checkInList.scan', 'other', { draft: [U, A, N, N, N], published: [U, A, F, F, F], closed: [U, A, F, F, F] }],
];

const WHO: Who[] = ['anonymous', 'organiser', 'staff', 'device', 'attendee'];
const cases = TABLE.flatMap(([permission, resource, byStatus]) =>
  (Object.keys(byStatus) as EventStatus[]).flatMap((status) =>
    WHO.map((who, i) => [who, permission, resource, status, byStatus[status][i]] as const),
  ),
);

describe('decideAccess', () => {
  it.each(cases)('%s · %s on the %s resource of a %s event → %s', (who, permission, resource, status, expected) => {
    expect(decideAccess(principals[who], permission, facts(permission, who, resource, status))).toBe(expected);
  });

  it('answers 404 for a resource that does not exist, after asking anonymous visitors to sign in where needed', () => {
    expect(decideAccess(null, 'event.read', undefined)).toBe('not_found');
    expect(decideAccess(null, 'event.checkIn', undefined)).toBe('unauthenticated');
    expect(decideAccess(organiser, 'event.manage', undefined)).toBe('not_found');
    expect(decideAccess(attendee, 'registration.readOwn', undefined)).toBe('not_found');
  });

  it('lets a device scan only at its own list, even of its own event', () => {
    const ownEvent = { eventId: 1, eventStatus: 'published', assigned: false } as const;
    expect(decideAccess(device, 'checkInList.scan', { ...ownEvent, listId: 10 })).toBe('allowed');
    expect(decideAccess(device, 'checkInList.scan', { ...ownEvent, listId: 11 })).toBe('forbidden');
  });

  it('lets an attendee act on their own registration only, even at their own event', () => {
    const ownEvent = { eventId: 1, eventStatus: 'published', assigned: false } as const;
    expect(decideAccess(attendee, 'registration.updateOwn', { ...ownEvent, registrationId: 100 })).toBe('allowed');
    expect(decideAccess(attendee, 'registration.updateOwn', { ...ownEvent, registrationId: 101 })).toBe('forbidden');
  });

  it('treats an unassigned staff member like a visitor: a draft event does not exist for them', () => {
    const draft = { eventId: 1, eventStatus: 'draft', assigned: false } as const;
    expect(decideAccess(staff, 'event.read', draft)).toBe('not_found');
    expect(decideAccess(staff, 'event.checkIn', draft)).toBe('not_found');
    expect(decideAccess(staff, 'event.checkIn', { ...draft, eventStatus: 'published' })).toBe('forbidden');
  });
});
