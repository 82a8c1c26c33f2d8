/**
 * Who may call each route: the expectations of test/e2e/access-table.test.ts, one row per route of the router (pages
 * and API; the test fails, naming it, for a route without a row). A new module adds a row for each of its routes:
 * who may call it (`allow`), and, when a bare request would not succeed for them, the body (`body`), a fresh target
 * for a request that uses up what it acts on (`fresh`), or the statuses that count as success (`expect`).
 *
 * Principals: `anonymous`; `organiser` (every event); `staff` (assigned to our event) and `staffElsewhere` (assigned
 * to another event); `device` (paired to our event's entrance list), `deviceOtherList` (paired to another list of our
 * event) and `deviceElsewhere` (another event's device). Routes with a personal link (`/me/:token`,
 * `/api/me/:token`) are called by `attendee` (their own link), `attendeeForged` (another attendee's id with the
 * attendee's signature) and `anonymous` (a well-formed link that was never issued).
 */
import type { TestApp } from './test-app.js';
import { multipartBody, type UploadFile } from './browser.js';
import { aPdf } from './files.js';
import type { RouteKey } from './routes.js';

export const PRINCIPALS = [
  'anonymous',
  'organiser',
  'staff',
  'staffElsewhere',
  'device',
  'deviceOtherList',
  'deviceElsewhere',
] as const;
export const TOKEN_PRINCIPALS = ['anonymous', 'attendee', 'attendeeForged'] as const;
export type Principal = (typeof PRINCIPALS)[number] | (typeof TOKEN_PRINCIPALS)[number];

export interface Fixture {
  auth: { authorization: string };
  ours: {
    id: number;
    slug: string;
    entranceListId: number;
    vipListId: number;
    sessionId: number;
    meetingSessionId: number;
    achievementId: number;
    demandId: number;
    venueId: number;
    roomId: number;
    zoneId: number;
    categoryId: number;
    questionId: number;
    deviceId: number;
    outboxId: number;
    organisationId: number;
    organisationRole: string;
  };
  other: { id: number; slug: string; entranceListId: number };
  staff: { id: number; email: string };
  staffElsewhere: { id: number; email: string };
  devices: { own: string; otherList: string; elsewhere: string };
  attendee: { id: number; token: string };
  neighbour: { id: number; token: string; name: string; email: string; phone: string };
  forgedToken: string;
  randomToken: string;
  seriesId: number;
  /** A demand of the library that is an open call (揭榜挂帅): it takes bids. */
  openCallDemandId: number;
  organisationId: number;
  jobId: string;
  invitationId: number;
  invitationToken: string;
  pairingToken: string;
  /** The first day of our event, local (Asia/Shanghai), YYYY-MM-DD. */
  oursDay: string;
  meetings: {
    participantIds: number[];
    spareMeetingIds: number[];
    attendeeParticipantId: number;
    requestId: number;
    requestToAttendee: number;
    meetingId: number;
    attendeeMeetingId: number;
    recommendedParticipantId: number;
  };
  /** What the modules merged later act on: signings, roadshows, intents, library attachments (the demo's, mostly). */
  mod: {
    ceremonyId: number;
    agreementId: number;
    partyId: number;
    witnessId: number;
    screenToken: string;
    roadshowId: number;
    projectId: number;
    projectToken: string;
    presenterToken: string;
    judgeId: number;
    judgeToken: string;
    criterionId: number;
    intentId: number;
    intentAttachmentId: number;
    achievementAttachmentId: number;
    demandAttachmentId: number;
    /** A proposal the attendee made from their personal page. */
    proposalId: number;
    /** An achievement listed at our event with an attachment. */
    listedAchievementId: number;
  };
}

export interface RequestBody {
  json?: unknown;
  form?: Record<string, string | string[]>;
  multipart?: { fields?: Record<string, string>; files?: Record<string, UploadFile> };
}

type Params = Record<string, string | number>;

export interface AccessRow {
  /** The principals for whom the request succeeds; every other principal is refused. */
  allow: readonly Principal[];
  body?: (f: Fixture, who: Principal, params: Params) => RequestBody | Promise<RequestBody>;
  /** For an allowed request that uses up its target: path parameters of a new one, made for each such request. */
  fresh?: (f: Fixture, t: TestApp) => Promise<Params>;
  /** Statuses that count as success, when not any 2xx or a redirect elsewhere than the sign-in page. */
  expect?: number[];
  /** The request changes who the caller is (signs in or out, pairs or unpairs): made from a session of its own. */
  isolated?: boolean;
  /** Path parameters for every request of the row, where the fixture's defaults do not fit. */
  params?: (f: Fixture) => Params;
  /** A query string for every request of the row (e.g. the text of a look-up). */
  query?: string;
  /** Refused principals that are sent elsewhere (303) instead, with nothing of the route's data. */
  redirectsInsteadOf?: readonly Principal[];
  /** A public route whose service refuses anonymous callers with 403 (they lack a personal link, not an account). */
  anonymousForbidden?: boolean;
  /**
   * For the allowed principals, reaching the route's own code is what is checked: any answer but a refusal (401, 403,
   * 404, the sign-in page) or a 5xx counts, a 400 or 409 about the body included. For form and API posts whose valid
   * body needs more setup than the row is worth; the refusals of every other principal are checked all the same.
   */
  reaches?: boolean;
  /**
   * The allowed principals see the people who left leads on a roadshow project (the presenter's link: those people
   * asked to be contacted), so the neighbour's lead in the fixture is no leak there.
   */
  showsLeads?: boolean;
}

// ---- who

const ALL = [...PRINCIPALS];
const ORGANISER = ['organiser'] as const;
/** Anyone signed in with an account (organisers and staff, wherever assigned). */
const SIGNED_IN = ['organiser', 'staff', 'staffElsewhere'] as const;
/** Check-in at our event, list chosen by the device's pairing: organisers, assigned staff, our devices. */
const CHECK_IN = ['organiser', 'staff', 'device', 'deviceOtherList'] as const;
/** Check-in at one list of our event (the entrance): as above, but not a device paired to another list. */
const CHECK_IN_LIST = ['organiser', 'staff', 'device'] as const;
const ATTENDEE = ['attendee'] as const;

// ---- how (requests as the organiser, to make fresh targets)

async function call<T = Record<string, unknown>>(
  t: TestApp,
  f: Fixture,
  method: string,
  url: string,
  payload?: object,
) {
  const res = await t.app.inject({ method: method as 'GET', url, headers: f.auth, ...(payload ? { payload } : {}) });
  if (res.statusCode >= 400) throw new Error(`fresh ${method} ${url}: ${res.statusCode} ${res.body}`);
  return (res.body ? res.json() : {}) as T;
}

let serial = 0;
const unique = () => `${Date.now().toString(36)}${++serial}`;
const json = (value: unknown): RequestBody => ({ json: value });
const form = (value: Record<string, string | string[]>): RequestBody => ({ form: value });

const inAMonth = () => new Date(Date.now() + 30 * 24 * 3600_000);
const eventBody = () => {
  const startsAt = inAMonth();
  return {
    slug: `table-${unique()}`,
    title: '访问表测试活动',
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 8 * 3600_000).toISOString(),
    venues: [{ name: '主会场', kind: 'main', rooms: [{ name: '一号厅', capacity: 100 }] }],
  };
};
const freshEvent = async (f: Fixture, t: TestApp, publish = false): Promise<Params> => {
  const event = await call<{ id: number; slug: string }>(t, f, 'POST', '/api/events', eventBody());
  if (publish) await call(t, f, 'POST', `/api/events/${event.id}/publish`);
  return { id: event.id, eventId: event.id, slug: event.slug };
};
const freshVenue = async (f: Fixture, t: TestApp) => {
  const venue = await call<{ id: number }>(t, f, 'POST', `/api/events/${f.ours.id}/venues`, {
    name: `分会场 ${unique()}`,
    kind: 'sub',
  });
  return { venueId: venue.id };
};
const freshRoom = async (f: Fixture, t: TestApp) => {
  const room = await call<{ id: number }>(t, f, 'POST', `/api/events/${f.ours.id}/venues/${f.ours.venueId}/rooms`, {
    name: `洽谈室 ${unique()}`,
  });
  return { roomId: room.id };
};
const freshZone = async (f: Fixture, t: TestApp) => {
  const zone = await call<{ id: number }>(t, f, 'POST', `/api/events/${f.ours.id}/zones`, { name: `展区 ${unique()}` });
  return { zoneId: zone.id };
};
const freshCategory = async (f: Fixture, t: TestApp) => {
  const category = await call<{ id: number }>(t, f, 'POST', `/api/events/${f.ours.id}/categories`, {
    code: `c${unique()}`.slice(0, 30),
    name: '临时类别',
  });
  return { categoryId: category.id };
};
const freshQuestion = async (f: Fixture, t: TestApp) => {
  const question = await call<{ id: number }>(t, f, 'POST', `/api/events/${f.ours.id}/questions`, {
    code: `q${unique()}`.slice(0, 30),
    kind: 'text',
    label: '临时问题',
  });
  return { questionId: question.id };
};
const freshList = async (f: Fixture, t: TestApp) => {
  const list = await call<{ id: number }>(t, f, 'POST', `/api/events/${f.ours.id}/checkin-lists`, {
    name: `临时名单 ${unique()}`,
    kind: 'zone',
  });
  return { listId: list.id };
};
const freshDevice = async (f: Fixture, t: TestApp) => {
  const device = await call<{ id: number; pairingToken: string }>(
    t,
    f,
    'POST',
    `/api/events/${f.ours.id}/checkin-devices`,
    {
      name: `临时设备 ${unique()}`,
      listId: f.ours.entranceListId,
    },
  );
  return { deviceId: device.id, token: device.pairingToken };
};
const freshSession = async (f: Fixture, t: TestApp) => {
  const event = await call<{ startsAt: string }>(t, f, 'GET', `/api/events/${f.ours.id}`);
  const start = new Date(new Date(event.startsAt).getTime() + 30 * 60_000);
  const created = await call<{ session: { id: number } }>(t, f, 'POST', `/api/events/${f.ours.id}/sessions`, {
    kind: 'keynote',
    title: `临时报告 ${unique()}`,
    startsAt: start.toISOString(),
    endsAt: new Date(start.getTime() + 15 * 60_000).toISOString(),
  });
  return { sessionId: created.session.id };
};
const freshRegistration = async (f: Fixture, t: TestApp, category = 'enterprise') => {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/events/${f.ours.id}/registrations`,
    payload: {
      name: '临时参会者',
      email: `temp-${unique()}@table.test`,
      organisation: '临时单位',
      category,
      consent: true,
    },
  });
  if (res.statusCode !== 201) throw new Error(`fresh registration: ${res.statusCode} ${res.body}`);
  return { registrationId: res.json<{ id: number }>().id };
};
/** The same, for routes that name the registration `:id` (/api/registrations/:id). */
const asId = (make: (f: Fixture, t: TestApp) => Promise<Params>) => async (f: Fixture, t: TestApp) => ({
  id: (await make(f, t)).registrationId,
});
const freshReviewRegistration = (f: Fixture, t: TestApp) => freshRegistration(f, t, 'media');
const freshInvitation = async (f: Fixture, t: TestApp) => {
  const invitation = await call<{ id: number; url: string }>(t, f, 'POST', '/api/users/invitations', {
    email: `invitee-${unique()}@table.test`,
    name: '受邀者',
    role: 'staff',
    eventId: f.ours.id,
  });
  return { invitationId: invitation.id, token: new URL(invitation.url).pathname.split('/').pop()! };
};
const freshAchievement = async (f: Fixture, t: TestApp): Promise<Params> => {
  const item = await call<{ id: number }>(t, f, 'POST', '/api/achievements', achievementBody());
  return { id: item.id };
};
const freshDemand = async (f: Fixture, t: TestApp) => {
  const item = await call<{ id: number }>(t, f, 'POST', '/api/demands', demandBody());
  return { id: item.id };
};
const freshListedAchievement = async (f: Fixture, t: TestApp) => {
  const { id } = await freshAchievement(f, t);
  await call(t, f, 'POST', `/api/events/${f.ours.id}/achievements/${id}`, {});
  return { id };
};
const freshListedDemand = async (f: Fixture, t: TestApp) => {
  const { id } = await freshDemand(f, t);
  await call(t, f, 'POST', `/api/events/${f.ours.id}/demands/${id}`, {});
  return { id };
};
const freshOrganisationRole = async (f: Fixture, t: TestApp) => {
  const organisation = await call<{ id: number }>(t, f, 'POST', '/api/organisations', {
    name: `协办单位 ${unique()}`,
    kind: 'enterprise',
  });
  const event = await call<{ organisations: { id: number; role: string }[] }>(t, f, 'GET', `/api/events/${f.ours.id}`);
  const current = event.organisations.map((o) => ({ organisationId: o.id, role: o.role }));
  await call(t, f, 'PUT', `/api/events/${f.ours.id}/organisations`, {
    organisations: [...current, { organisationId: organisation.id, role: 'supporter' }],
  });
  return { organisationId: organisation.id, role: 'supporter' };
};
const freshPairing = async (f: Fixture, t: TestApp) => ({ token: (await freshDevice(f, t)).token });

const achievementBody = () => ({
  title: `访问表成果 ${unique()}`,
  summary: '用于访问表测试的成果。',
  category: 'electronics',
  maturity: 'pilot',
  transferModes: ['licence'],
  owner: '成都测试有限公司',
});
const demandBody = () => ({
  title: `访问表需求 ${unique()}`,
  description: '用于访问表测试的需求。',
  category: 'electronics',
  publisher: '德阳测试有限公司',
  openCall: true,
});
const registrationBody = () => ({
  name: '新参会者',
  email: `new-${unique()}@table.test`,
  organisation: '新单位',
  category: 'enterprise',
  consent: true,
});
const csvFile = (text: string): UploadFile => ({
  filename: 'file.csv',
  contentType: 'text/csv',
  data: Buffer.from(text),
});
const libraryCsv = () =>
  csvFile(
    '成果名称 title,成果简介 summary,领域 category,成熟度 maturity,转化方式 transferModes,成果单位 owner\r\n' +
      `导入成果 ${unique()},导入的成果。,electronics,pilot,许可,成都导入有限公司\r\n`,
  );
const demandCsv = () =>
  csvFile(
    '需求名称 title,需求描述 description,领域 category,发布单位 publisher\r\n' +
      `导入需求 ${unique()},导入的需求。,electronics,德阳导入有限公司\r\n`,
  );
const guestCsv = () =>
  csvFile(
    `姓名 name,邮箱 email,单位 organisation,类别 category\r\n导入嘉宾,guest-${unique()}@table.test,导入单位,enterprise\r\n`,
  );
const scan = () => json({ code: 'DJNOTABADGE', nonce: `n-${unique()}` });
const offline = () => ({
  scans: [{ code: 'DJNOTABADGE', nonce: `o-${unique()}`, scannedAt: new Date().toISOString() }],
});

// ---- the table

export const ACCESS_TABLE: Partial<Record<RouteKey, AccessRow>> = {
  // public site and health
  'GET /': { allow: ALL },
  'GET /health': { allow: ALL },
  'GET /events/:slug': { allow: ALL },
  'GET /events/:slug/agenda': { allow: ALL },
  'GET /events/:slug/agenda.ics': { allow: ALL },
  'GET /events/:slug/agenda/changes': { allow: ALL },
  'GET /events/:slug/sessions/:sessionId': { allow: ALL },
  'GET /events/:slug/sessions/:sessionId/calendar.ics': { allow: ALL },
  'GET /events/:slug/achievements': { allow: ALL },
  'GET /events/:slug/achievements/:id': { allow: ALL },
  'GET /events/:slug/demands': { allow: ALL },
  'GET /events/:slug/demands/:id': { allow: ALL },
  'GET /events/:slug/register': { allow: ALL },
  'GET /events/:slug/register/sent': { allow: ALL },
  'POST /events/:slug/register': {
    allow: ALL,
    body: () => {
      const b = registrationBody();
      return form({ name: b.name, email: b.email, organisation: b.organisation, category: b.category, consent: 'yes' });
    },
  },

  // signing in
  'GET /login': { allow: ALL },
  'POST /login': {
    allow: ALL,
    isolated: true,
    body: () => form({ email: 'admin@test.duijie', password: 'correct-horse-battery', next: '' }),
  },
  'POST /logout': { allow: ALL, isolated: true },
  'GET /invitations/:token': { allow: ALL, fresh: freshInvitation },
  // The new account's password is set; the invitee is sent to sign in with it.
  'POST /invitations/:token': {
    allow: ALL,
    isolated: true,
    expect: [303],
    fresh: freshInvitation,
    body: () => form({ password: 'a-new-password-1', passwordConfirm: 'a-new-password-1' }),
  },
  'POST /api/auth/login': {
    allow: ALL,
    body: () => json({ email: 'admin@test.duijie', password: 'correct-horse-battery' }),
  },
  'POST /api/auth/logout': { allow: SIGNED_IN, isolated: true },
  'GET /api/auth/me': { allow: SIGNED_IN },

  // attendees' personal links
  'GET /me/:token': { allow: ATTENDEE },
  'POST /me/:token': {
    allow: ATTENDEE,
    body: () => form({ name: '王敏', organisation: '四川恒麓电气科技有限公司', locale: 'zh-CN' }),
  },
  'POST /me/:token/cancel': { allow: ATTENDEE, fresh: (f, t) => freshAttendee(f, t) },
  'GET /me/:token/badge.png': { allow: ATTENDEE },
  'GET /me/:token/badge.svg': { allow: ATTENDEE },
  'GET /me/:token/calendar.ics': { allow: ATTENDEE },
  'GET /me/:token/event.ics': { allow: ATTENDEE },
  'POST /me/:token/stars/:sessionId': { allow: ATTENDEE, body: () => form({ starred: '1' }) },
  'GET /me/:token/meetings': { allow: ATTENDEE },
  'POST /me/:token/meetings/:meetingId/outcome': {
    allow: ATTENDEE,
    body: () => form({ outcome: 'held', note: '继续跟进', intent: 'yes' }),
  },
  'POST /me/:token/meetings/:sessionId/participation': {
    allow: ATTENDEE,
    body: () => form({ offer: '碳化硅功率器件', seek: '整机厂商' }),
  },
  'POST /me/:token/meetings/:sessionId/opt-out': { allow: ATTENDEE, fresh: (f, t) => freshAttendee(f, t, true) },
  'POST /me/:token/meetings/:sessionId/recommendations/:participantId/dismiss': { allow: ATTENDEE },
  'POST /me/:token/meetings/:sessionId/requests': {
    allow: ATTENDEE,
    fresh: freshRecipient,
    body: (_f, _w, p) => form({ to: String(p.to ?? 1), message: '想交流' }),
  },
  'POST /me/:token/meetings/requests/:requestId/answer': {
    allow: ATTENDEE,
    fresh: freshRequestToAttendee,
    body: () => form({ answer: 'accept' }),
  },
  'GET /api/me/:token/meetings': { allow: ATTENDEE },
  'POST /api/me/:token/meetings/:meetingId/outcome': { allow: ATTENDEE, body: () => json({ outcome: 'held' }) },
  'PUT /api/me/:token/meeting-sessions/:sessionId/participation': {
    allow: ATTENDEE,
    body: () => json({ offer: '碳化硅功率器件', seek: '整机厂商' }),
  },
  'DELETE /api/me/:token/meeting-sessions/:sessionId/participation': {
    allow: ATTENDEE,
    fresh: (f, t) => freshAttendee(f, t, true),
  },
  'GET /api/me/:token/meeting-sessions/:sessionId/participants': { allow: ATTENDEE },
  'GET /api/me/:token/meeting-sessions/:sessionId/recommendations': { allow: ATTENDEE },
  'POST /api/me/:token/meeting-sessions/:sessionId/recommendations/:participantId/dismiss': { allow: ATTENDEE },
  'POST /api/me/:token/meeting-sessions/:sessionId/requests': {
    allow: ATTENDEE,
    fresh: freshRecipient,
    body: (_f, _w, p) => json({ to: p.to ?? 1, message: '想交流' }),
  },
  'POST /api/me/:token/meeting-requests/:requestId/answer': {
    allow: ATTENDEE,
    fresh: freshRequestToAttendee,
    body: () => json({ answer: 'decline' }),
  },

  // check-in: scanner pages and API, pairing
  'GET /staff': { allow: SIGNED_IN },
  'GET /staff/sw.js': { allow: ALL },
  'GET /staff/vendor/jsqr.js': { allow: ALL },
  'GET /staff/vendor/ed25519.js': { allow: ALL },
  'GET /staff/pair/:token': { allow: ALL, fresh: freshPairing },
  'POST /staff/pair/:token': { allow: ALL, isolated: true, fresh: freshPairing },
  'POST /staff/unpair': { allow: ALL, isolated: true },
  'GET /staff/events/:eventId/check-in': { allow: CHECK_IN },
  // A device paired to another list is sent to its own list's scanner.
  'GET /staff/events/:eventId/check-in/:listId': { allow: CHECK_IN_LIST, redirectsInsteadOf: ['deviceOtherList'] },
  'GET /staff/events/:eventId/check-in/:listId/offline-data': { allow: CHECK_IN_LIST },
  'GET /staff/events/:eventId/check-in/:listId/lookup': {
    allow: CHECK_IN_LIST,
    query: `q=${encodeURIComponent('王')}`,
  },
  'POST /staff/events/:eventId/check-in/:listId/scan': { allow: CHECK_IN_LIST, body: scan },
  'POST /staff/events/:eventId/check-in/:listId/sync': { allow: CHECK_IN_LIST, body: () => json(offline()) },
  'POST /api/devices/pair': {
    allow: ALL,
    fresh: freshPairing,
    body: (_f, _w, p) => json({ token: p.token ?? 'x'.repeat(43) }),
  },
  'POST /api/events/:eventId/checkins': { allow: CHECK_IN, body: scan },
  'POST /api/events/:eventId/checkins/sync': { allow: CHECK_IN, body: () => json(offline()) },
  'GET /api/events/:eventId/checkins/lookup': { allow: CHECK_IN, query: `q=${encodeURIComponent('王')}` },
  'GET /api/events/:eventId/checkins/offline-data': { allow: CHECK_IN },
  'GET /api/events/:eventId/checkin-lists': { allow: CHECK_IN },
  'POST /api/events/:eventId/checkin-lists': {
    allow: ORGANISER,
    body: () => json({ name: `名单 ${unique()}`, kind: 'zone' }),
  },
  'PATCH /api/events/:eventId/checkin-lists/:listId': {
    allow: ORGANISER,
    fresh: freshList,
    body: () => json({ name: '改名' }),
  },
  'DELETE /api/events/:eventId/checkin-lists/:listId': { allow: ORGANISER, fresh: freshList },
  'GET /api/events/:eventId/arrivals': { allow: ORGANISER },
  'GET /api/events/:eventId/checkin-devices': { allow: ORGANISER },
  'POST /api/events/:eventId/checkin-devices': {
    allow: ORGANISER,
    body: (f) => json({ name: `设备 ${unique()}`, listId: f.ours.entranceListId }),
  },
  'POST /api/events/:eventId/checkin-devices/:deviceId/revoke': { allow: ORGANISER, fresh: freshDevice },

  // events, series, organisations, users (organisers)
  'GET /api/events': { allow: ALL },
  'POST /api/events': { allow: ORGANISER, body: () => json(eventBody()), expect: [201] },
  'GET /api/events/:id': { allow: ALL },
  'PATCH /api/events/:id': { allow: ORGANISER, body: () => json({ themeEn: 'Mutual trust, shared progress' }) },
  'DELETE /api/events/:id': { allow: ORGANISER, fresh: (f, t) => freshEvent(f, t) },
  'GET /api/events/:id/readiness': { allow: ORGANISER },
  'POST /api/events/:id/publish': { allow: ORGANISER, fresh: (f, t) => freshEvent(f, t) },
  'POST /api/events/:id/unpublish': { allow: ORGANISER, fresh: (f, t) => freshEvent(f, t, true) },
  'POST /api/events/:id/close': { allow: ORGANISER, fresh: (f, t) => freshEvent(f, t, true) },
  'PUT /api/events/:id/organisations': {
    allow: ORGANISER,
    fresh: (f, t) => freshEvent(f, t),
    body: (f) => json({ organisations: [{ organisationId: f.organisationId, role: 'host' }] }),
  },
  'POST /api/events/:id/venues': { allow: ORGANISER, body: () => json({ name: `分会场 ${unique()}`, kind: 'sub' }) },
  'PATCH /api/events/:id/venues/:venueId': {
    allow: ORGANISER,
    fresh: freshVenue,
    body: () => json({ nameEn: 'Sub-venue' }),
  },
  'DELETE /api/events/:id/venues/:venueId': { allow: ORGANISER, fresh: freshVenue },
  'POST /api/events/:id/venues/:venueId/rooms': { allow: ORGANISER, body: () => json({ name: `洽谈室 ${unique()}` }) },
  'PATCH /api/events/:id/rooms/:roomId': { allow: ORGANISER, fresh: freshRoom, body: () => json({ capacity: 30 }) },
  'DELETE /api/events/:id/rooms/:roomId': { allow: ORGANISER, fresh: freshRoom },
  'POST /api/events/:id/zones': { allow: ORGANISER, body: () => json({ name: `展区 ${unique()}` }) },
  'PATCH /api/events/:id/zones/:zoneId': { allow: ORGANISER, fresh: freshZone, body: () => json({ nameEn: 'Zone' }) },
  'DELETE /api/events/:id/zones/:zoneId': { allow: ORGANISER, fresh: freshZone },
  'GET /api/series': { allow: ALL },
  'POST /api/series': { allow: ORGANISER, body: () => json({ slug: `series-${unique()}`, name: '测试系列' }) },
  'PATCH /api/series/:id': { allow: ORGANISER, body: () => json({ nameEn: 'Mutual trust series' }) },
  'GET /api/organisations': { allow: ORGANISER },
  'POST /api/organisations': {
    allow: ORGANISER,
    body: () => json({ name: `测试单位 ${unique()}`, kind: 'enterprise' }),
  },
  'GET /api/organisations/:id': { allow: ORGANISER },
  'PATCH /api/organisations/:id': { allow: ORGANISER, body: () => json({ region: '成都' }) },
  'GET /api/users': { allow: ORGANISER },
  'POST /api/users/invitations': {
    allow: ORGANISER,
    body: (f) => json({ email: `invitee-${unique()}@table.test`, name: '受邀者', role: 'staff', eventId: f.ours.id }),
  },
  'DELETE /api/users/invitations/:id': {
    allow: ORGANISER,
    fresh: async (f, t) => ({ id: (await freshInvitation(f, t)).invitationId }),
  },
  'POST /api/users/:id/events': { allow: ORGANISER, body: (f) => json({ eventId: f.ours.id }) },
  'POST /api/users/:id/disable': { allow: ORGANISER, fresh: (f, t) => freshStaff(f, t) },
  'POST /api/users/:id/enable': { allow: ORGANISER },

  // registration
  'GET /api/events/:eventId/registration-form': { allow: ALL },
  'POST /api/events/:eventId/registrations': { allow: ALL, body: () => json(registrationBody()) },
  'GET /api/events/:eventId/registrations': { allow: ORGANISER },
  'GET /api/events/:eventId/registration-counts': { allow: ORGANISER },
  'PUT /api/events/:eventId/registration-settings': {
    allow: ORGANISER,
    body: () => json({ consentTextEn: 'I agree.' }),
  },
  'POST /api/events/:eventId/categories': {
    allow: ORGANISER,
    body: () => json({ code: `c${unique()}`.slice(0, 30), name: '新类别' }),
  },
  'PATCH /api/events/:eventId/categories/:categoryId': {
    allow: ORGANISER,
    fresh: freshCategory,
    body: () => json({ nameEn: 'New' }),
  },
  'DELETE /api/events/:eventId/categories/:categoryId': { allow: ORGANISER, fresh: freshCategory },
  'POST /api/events/:eventId/questions': {
    allow: ORGANISER,
    body: () => json({ code: `q${unique()}`.slice(0, 30), kind: 'text', label: '新问题' }),
  },
  'PATCH /api/events/:eventId/questions/:questionId': {
    allow: ORGANISER,
    fresh: freshQuestion,
    body: () => json({ labelEn: 'Q' }),
  },
  'DELETE /api/events/:eventId/questions/:questionId': { allow: ORGANISER, fresh: freshQuestion },
  'GET /api/events/:eventId/registrations/template': { allow: ORGANISER },
  'GET /api/events/:eventId/registrations/export': { allow: ORGANISER },
  'POST /api/events/:eventId/registrations/import': {
    allow: ORGANISER,
    body: () => ({ multipart: { files: { file: guestCsv() } } }),
  },
  'GET /api/registrations/:id': { allow: ORGANISER },
  'PATCH /api/registrations/:id': { allow: ORGANISER, body: () => json({ title: '总经理' }) },
  'POST /api/registrations/:id/approve': { allow: ORGANISER, fresh: asId(freshReviewRegistration) },
  'POST /api/registrations/:id/reject': {
    allow: ORGANISER,
    fresh: asId(freshReviewRegistration),
    body: () => json({ reason: '名额已满' }),
  },
  'POST /api/registrations/:id/cancel': { allow: ORGANISER, fresh: asId(freshRegistration) },
  'POST /api/registrations/:id/renew-link': { allow: ORGANISER, fresh: asId(freshRegistration) },

  // agenda
  'GET /api/events/:eventId/sessions': { allow: ORGANISER },
  'POST /api/events/:eventId/sessions': {
    allow: ORGANISER,
    body: async (f) => {
      const b = await sessionBody(f);
      return json({ kind: b.kind, title: b.title, startsAt: b.startsAt, endsAt: b.endsAt });
    },
  },
  'PATCH /api/events/:eventId/sessions/:sessionId': {
    allow: ORGANISER,
    fresh: freshSession,
    body: () => json({ titleEn: 'Keynote' }),
  },
  'DELETE /api/events/:eventId/sessions/:sessionId': { allow: ORGANISER, fresh: freshSession },
  'POST /api/events/:eventId/sessions/:sessionId/cancel': { allow: ORGANISER, fresh: freshSession },
  'POST /api/events/:eventId/sessions/:sessionId/restore': { allow: ORGANISER, fresh: freshCancelledSession },
  'POST /api/events/:eventId/sessions/:sessionId/accept-warning': {
    allow: ORGANISER,
    fresh: freshSessionOutsideEvent,
    body: (_f, _w, p) => json({ key: `outside_event:${p.sessionId}` }),
  },
  'POST /api/events/:eventId/sessions/reorder': {
    allow: ORGANISER,
    fresh: freshSessionsInOneRoom,
    body: (_f, _w, p) => json({ sessionIds: [p.second, p.first] }),
  },
  'GET /api/events/:eventId/conflicts': { allow: ORGANISER },
  'GET /api/events/:eventId/agenda': { allow: ALL },
  'GET /api/events/:eventId/agenda/changes': { allow: ALL },
  'GET /api/events/:eventId/agenda/pending': { allow: ORGANISER },
  'POST /api/events/:eventId/agenda/publish': { allow: ORGANISER, body: () => json({ notify: false }) },
  'GET /api/events/:eventId/agenda/versions/:version/recipients': { allow: ORGANISER },
  'POST /api/events/:eventId/agenda/versions/:version/notify': { allow: ORGANISER },

  // libraries, lists, recommendations
  'GET /api/match-categories': { allow: ALL },
  'POST /api/match-categories': {
    allow: ORGANISER,
    body: () => json({ code: `m${unique()}`.slice(0, 30), name: '新领域' }),
  },
  'GET /api/achievements': { allow: ORGANISER },
  'POST /api/achievements': { allow: ORGANISER, body: () => json(achievementBody()) },
  'GET /api/achievements/:id': { allow: ORGANISER },
  'PATCH /api/achievements/:id': { allow: ORGANISER, body: () => json({ patents: 'ZL 2023 1 0000000.0' }) },
  'DELETE /api/achievements/:id': { allow: ORGANISER, fresh: freshAchievement },
  'GET /api/achievements/template': { allow: ORGANISER },
  'GET /api/achievements/export': { allow: ORGANISER },
  'POST /api/achievements/import': { allow: ORGANISER, body: () => ({ multipart: { files: { file: libraryCsv() } } }) },
  'GET /api/demands': { allow: ORGANISER },
  'POST /api/demands': { allow: ORGANISER, body: () => json(demandBody()) },
  'GET /api/demands/:id': { allow: ORGANISER },
  'PATCH /api/demands/:id': { allow: ORGANISER, body: () => json({ city: '德阳' }) },
  'DELETE /api/demands/:id': { allow: ORGANISER, fresh: freshDemand },
  'GET /api/demands/:id/bids': { allow: ORGANISER },
  // Open calls: organisers, or attendees with their personal link in the body (not part of this table's principals).
  'POST /api/demands/:id/bids': {
    allow: ORGANISER,
    anonymousForbidden: true,
    params: (f) => ({ id: f.openCallDemandId }),
    body: () =>
      json({
        organisation: '揭榜单位',
        approach: '我们的方案',
        contactName: '揭榜人',
        contactEmail: `solver-${unique()}@table.test`,
      }),
  },
  'GET /api/demands/template': { allow: ORGANISER },
  'GET /api/demands/export': { allow: ORGANISER },
  'POST /api/demands/import': { allow: ORGANISER, body: () => ({ multipart: { files: { file: demandCsv() } } }) },
  'GET /api/library-imports/:jobId': { allow: ORGANISER },
  'GET /api/events/:eventId/achievements': { allow: ALL },
  'POST /api/events/:eventId/achievements': {
    allow: ORGANISER,
    fresh: freshAchievement,
    body: (_f, _w, p) => json({ ids: [p.id] }),
  },
  'PUT /api/events/:eventId/achievements/order': {
    allow: ORGANISER,
    body: (f) => json({ ids: [f.ours.achievementId] }),
  },
  'GET /api/events/:eventId/achievements/:id': { allow: ALL },
  'POST /api/events/:eventId/achievements/:id': { allow: ORGANISER, fresh: freshAchievement, body: () => json({}) },
  'DELETE /api/events/:eventId/achievements/:id': { allow: ORGANISER, fresh: freshListedAchievement },
  'GET /api/events/:eventId/achievements/:id/recommendations': { allow: ALL },
  'GET /api/events/:eventId/demands': { allow: ALL },
  'POST /api/events/:eventId/demands': {
    allow: ORGANISER,
    fresh: freshDemand,
    body: (_f, _w, p) => json({ ids: [p.id] }),
  },
  'PUT /api/events/:eventId/demands/order': {
    allow: ORGANISER,
    body: (f) => json({ ids: [f.ours.demandId] }),
  },
  'GET /api/events/:eventId/demands/:id': { allow: ALL },
  'POST /api/events/:eventId/demands/:id': { allow: ORGANISER, fresh: freshDemand, body: () => json({}) },
  'DELETE /api/events/:eventId/demands/:id': { allow: ORGANISER, fresh: freshListedDemand },
  'GET /api/events/:eventId/demands/:id/recommendations': { allow: ALL },
  'PUT /api/events/:eventId/recommendations': {
    allow: ORGANISER,
    body: (f) =>
      json({
        from: { kind: 'demand', id: f.ours.demandId },
        to: { kind: 'achievement', id: f.ours.achievementId },
        action: 'pin',
      }),
  },
  'DELETE /api/events/:eventId/recommendations': {
    allow: ORGANISER,
    fresh: async (f, t) => {
      await call(t, f, 'PUT', `/api/events/${f.ours.id}/recommendations`, {
        from: { kind: 'demand', id: f.ours.demandId },
        to: { kind: 'achievement', id: f.ours.achievementId },
        action: 'pin',
      });
      return {};
    },
    body: (f) =>
      json({ from: { kind: 'demand', id: f.ours.demandId }, to: { kind: 'achievement', id: f.ours.achievementId } }),
  },

  // meetings (organisers)
  'GET /api/events/:eventId/meetings/sessions': { allow: ORGANISER },
  'POST /api/events/:eventId/meetings/sessions': {
    allow: ORGANISER,
    fresh: freshNegotiationSession,
    body: (_f, _w, p) => json({ agendaSessionId: p.agendaSessionId, slotMinutes: 20, tableCount: 3 }),
  },
  'GET /api/events/:eventId/meetings/sessions/:sessionId': { allow: ORGANISER },
  'PATCH /api/events/:eventId/meetings/sessions/:sessionId': { allow: ORGANISER, body: () => json({ requestCap: 20 }) },
  'GET /api/events/:eventId/meetings/sessions/:sessionId/participants': { allow: ORGANISER },
  'PUT /api/events/:eventId/meetings/sessions/:sessionId/participants': {
    allow: ORGANISER,
    fresh: (f, t) => freshRegistration(f, t),
    body: (_f, _w, p) => json({ registrationId: p.registrationId, offer: '新参与者的成果', seek: '合作方' }),
  },
  'GET /api/events/:eventId/meetings/sessions/:sessionId/requests': { allow: ORGANISER },
  'POST /api/events/:eventId/meetings/sessions/:sessionId/requests': {
    allow: ORGANISER,
    fresh: freshParticipantPair,
    body: (_f, _w, p) => json({ from: p.from, to: p.to, message: '组织方代为发起' }),
  },
  'POST /api/events/:eventId/meetings/requests/:requestId/answer': {
    allow: ORGANISER,
    fresh: freshRequest,
    body: () => json({ answer: 'decline' }),
  },
  'POST /api/events/:eventId/meetings/requests/:requestId/priority': {
    allow: ORGANISER,
    body: () => json({ prioritised: true }),
  },
  'GET /api/events/:eventId/meetings/sessions/:sessionId/schedule': { allow: ['organiser', 'staff'] },
  'POST /api/events/:eventId/meetings/sessions/:sessionId/schedule/run': { allow: ORGANISER },
  'POST /api/events/:eventId/meetings/sessions/:sessionId/schedule/publish': {
    allow: ORGANISER,
    body: () => json({ phase: 'preliminary' }),
  },
  'POST /api/events/:eventId/meetings/sessions/:sessionId/meetings/:meetingId/move': {
    allow: ORGANISER,
    fresh: freeCell,
    body: (_f, _w, p) => json({ slot: p.slot, table: p.table }),
  },
  'POST /api/events/:eventId/meetings/sessions/:sessionId/meetings/:meetingId/lock': {
    allow: ORGANISER,
    body: () => json({ locked: true }),
  },
  'DELETE /api/events/:eventId/meetings/sessions/:sessionId/meetings/:meetingId': {
    allow: ORGANISER,
    fresh: freshMeeting,
  },
  // Staff at the tables record outcomes: organisers and the event's own staff.
  'POST /api/events/:eventId/meetings/meetings/:meetingId/outcome': {
    allow: ['organiser', 'staff'],
    body: () => json({ outcome: 'held' }),
  },

  // the organiser console (pages)
  'GET /console': { allow: ORGANISER },
  'GET /console/slug': { allow: ORGANISER },
  'GET /console/events/new': { allow: ORGANISER },
  'POST /console/events/new': {
    allow: ORGANISER,
    body: () =>
      form({
        title: '控制台新建活动',
        slug: `console-${unique()}`,
        startsAt: '2027-11-20T09:00',
        endsAt: '2027-11-20T17:00',
        timezone: 'Asia/Shanghai',
      }),
  },
  'GET /console/events/:id': { allow: ORGANISER },
  'POST /console/events/:id': {
    allow: ORGANISER,
    fresh: (f, t) => freshEvent(f, t),
    body: () =>
      form({
        title: '改过的活动',
        startsAt: '2027-11-21T09:00',
        endsAt: '2027-11-21T17:00',
        timezone: 'Asia/Shanghai',
      }),
  },
  'POST /console/events/:id/status': {
    allow: ORGANISER,
    fresh: (f, t) => freshEvent(f, t, true),
    body: () => form({ status: 'draft' }),
  },
  'POST /console/events/:id/delete': { allow: ORGANISER, fresh: (f, t) => freshEvent(f, t) },
  'POST /console/events/:id/venues': {
    allow: ORGANISER,
    body: () => form({ name: `分会场 ${unique()}`, kind: 'sub' }),
  },
  'POST /console/events/:id/venues/:venueId/delete': { allow: ORGANISER, fresh: freshVenue },
  'POST /console/events/:id/venues/:venueId/rooms': {
    allow: ORGANISER,
    body: () => form({ name: `洽谈室 ${unique()}` }),
  },
  'POST /console/events/:id/rooms/:roomId/delete': { allow: ORGANISER, fresh: freshRoom },
  'POST /console/events/:id/zones': { allow: ORGANISER, body: () => form({ name: `展区 ${unique()}` }) },
  'POST /console/events/:id/zones/:zoneId/delete': { allow: ORGANISER, fresh: freshZone },
  'POST /console/events/:id/organisations': {
    allow: ORGANISER,
    body: () => form({ name: `协办单位 ${unique()}`, kind: 'enterprise', role: 'supporter' }),
  },
  'POST /console/events/:id/organisations/:organisationId/:role/delete': {
    allow: ORGANISER,
    fresh: freshOrganisationRole,
  },
  'GET /console/organisations': { allow: ORGANISER },
  'POST /console/organisations': {
    allow: ORGANISER,
    body: () => form({ name: `目录单位 ${unique()}`, kind: 'university' }),
  },
  'GET /console/team': { allow: ORGANISER },
  'POST /console/team/invitations': {
    allow: ORGANISER,
    body: (f) =>
      form({ email: `team-${unique()}@table.test`, name: '新同事', role: 'staff', eventId: String(f.ours.id) }),
  },
  'POST /console/team/invitations/:invitationId/revoke': { allow: ORGANISER, fresh: freshInvitation },
  'POST /console/team/:userId/:action': { allow: ORGANISER },
  'GET /console/events/:id/registrations': { allow: ORGANISER },
  'GET /console/events/:id/registrations/export': { allow: ORGANISER },
  'GET /console/events/:id/registrations/template': { allow: ORGANISER },
  'GET /console/events/:id/registrations/import': { allow: ORGANISER },
  'POST /console/events/:id/registrations/import': {
    allow: ORGANISER,
    body: () => ({ multipart: { files: { file: guestCsv() } } }),
  },
  'GET /console/events/:id/registrations/settings': { allow: ORGANISER },
  'POST /console/events/:id/registrations/settings': {
    allow: ORGANISER,
    body: () => form({ consentText: '我同意主办方处理我的报名信息。', consentTextEn: 'I agree.' }),
  },
  'POST /console/events/:id/registrations/categories': {
    allow: ORGANISER,
    body: () => form({ code: `k${unique()}`.slice(0, 30), name: '控制台类别' }),
  },
  'POST /console/events/:id/registrations/categories/:categoryId': {
    allow: ORGANISER,
    fresh: freshCategory,
    body: () => form({ name: '改名类别' }),
  },
  'POST /console/events/:id/registrations/categories/:categoryId/delete': { allow: ORGANISER, fresh: freshCategory },
  'POST /console/events/:id/registrations/questions': {
    allow: ORGANISER,
    body: () => form({ code: `p${unique()}`.slice(0, 30), kind: 'text', label: '控制台问题' }),
  },
  'POST /console/events/:id/registrations/questions/:questionId/delete': { allow: ORGANISER, fresh: freshQuestion },
  'POST /console/events/:id/registrations/:registrationId/approve': {
    allow: ORGANISER,
    fresh: freshReviewRegistration,
  },
  'POST /console/events/:id/registrations/:registrationId/reject': {
    allow: ORGANISER,
    fresh: freshReviewRegistration,
    body: () => form({ reason: '不符合条件' }),
  },
  'POST /console/events/:id/registrations/:registrationId/cancel': {
    allow: ORGANISER,
    fresh: (f, t) => freshRegistration(f, t),
  },
  'POST /console/events/:id/registrations/:registrationId/renew-link': {
    allow: ORGANISER,
    fresh: (f, t) => freshRegistration(f, t),
  },
  'GET /console/events/:id/mail': { allow: ORGANISER },
  'GET /console/events/:id/mail/:messageId': { allow: ORGANISER },
  'POST /console/events/:id/mail/:messageId/resend': { allow: ORGANISER },
  'GET /console/events/:id/agenda': { allow: ORGANISER },
  'POST /console/events/:id/agenda/sessions': {
    allow: ORGANISER,
    body: async (f) => {
      const b = await sessionBody(f);
      return form({
        kind: b.kind,
        title: b.title,
        day: f.oursDay,
        startsAt: b.startsAtLocal.slice(11),
        endsAt: b.endsAtLocal.slice(11),
      });
    },
  },
  'POST /console/events/:id/agenda/sessions/:sessionId': {
    allow: ORGANISER,
    fresh: freshSession,
    body: async (f) => {
      const b = await sessionBody(f);
      return form({
        kind: b.kind,
        title: '改过的报告',
        day: f.oursDay,
        startsAt: b.startsAtLocal.slice(11),
        endsAt: b.endsAtLocal.slice(11),
      });
    },
  },
  'POST /console/events/:id/agenda/sessions/:sessionId/move': {
    allow: ORGANISER,
    fresh: freshSession,
    body: async (f) => form({ day: f.oursDay, startsAt: (await sessionBody(f)).startsAtLocal.slice(11) }),
  },
  'POST /console/events/:id/agenda/sessions/:sessionId/cancel': { allow: ORGANISER, fresh: freshSession },
  'POST /console/events/:id/agenda/sessions/:sessionId/restore': { allow: ORGANISER, fresh: freshCancelledSession },
  'POST /console/events/:id/agenda/sessions/:sessionId/delete': { allow: ORGANISER, fresh: freshSession },
  'POST /console/events/:id/agenda/sessions/:sessionId/accept': {
    allow: ORGANISER,
    fresh: freshSessionOutsideEvent,
    body: (_f, _w, p) => form({ key: `outside_event:${p.sessionId}` }),
  },
  'POST /console/events/:id/agenda/reorder': {
    allow: ORGANISER,
    fresh: freshSessionsInOneRoom,
    body: (f, _w, p) => form({ sessionIds: [String(p.second), String(p.first)], day: f.oursDay }),
  },
  'POST /console/events/:id/agenda/publish': { allow: ORGANISER, body: () => form({ notify: 'false' }) },
  'GET /console/events/:id/agenda/versions/:version': { allow: ORGANISER },
  'POST /console/events/:id/agenda/versions/:version/notify': { allow: ORGANISER },
  'GET /console/events/:id/check-in': { allow: ORGANISER },
  'GET /console/events/:id/check-in/lists': { allow: ORGANISER },
  'POST /console/events/:id/check-in/lists': {
    allow: ORGANISER,
    body: () => form({ name: `控制台名单 ${unique()}`, kind: 'zone' }),
  },
  'POST /console/events/:id/check-in/lists/:listId': {
    allow: ORGANISER,
    fresh: freshList,
    body: () => form({ name: '改名名单', kind: 'zone' }),
  },
  'POST /console/events/:id/check-in/lists/:listId/delete': { allow: ORGANISER, fresh: freshList },
  'GET /console/events/:id/check-in/devices': { allow: ORGANISER },
  'POST /console/events/:id/check-in/devices': {
    allow: ORGANISER,
    body: (f) => form({ name: `控制台设备 ${unique()}`, listId: String(f.ours.entranceListId) }),
  },
  'POST /console/events/:id/check-in/devices/:deviceId/revoke': { allow: ORGANISER, fresh: freshDevice },
  'GET /console/events/:id/badges': { allow: ORGANISER },
  'POST /console/events/:id/badges/print': {
    allow: ORGANISER,
    body: (f) => form({ registrationIds: String(f.attendee.id) }),
  },
  'GET /console/events/:id/badges/:registrationId/badge.png': { allow: ORGANISER },
  'GET /console/events/:id/badges/:registrationId/badge.svg': { allow: ORGANISER },
  'GET /console/events/:id/meetings': { allow: ORGANISER },
  'POST /console/events/:id/meetings': {
    allow: ORGANISER,
    fresh: freshNegotiationSession,
    body: (_f, _w, p) => form({ agendaSessionId: String(p.agendaSessionId), slotMinutes: '20', tableCount: '3' }),
  },
  'POST /console/events/:id/meetings/:sessionId': {
    allow: ORGANISER,
    body: () => form({ slotMinutes: '15', tableCount: '6', requestCap: '20' }),
  },
  'POST /console/events/:id/meetings/:sessionId/participants': {
    allow: ORGANISER,
    fresh: (f, t) => freshRegistration(f, t),
    body: (_f, _w, p) => form({ registrationId: String(p.registrationId), offer: '控制台加入', seek: '合作方' }),
  },
  'POST /console/events/:id/meetings/:sessionId/publish': {
    allow: ORGANISER,
    body: () => form({ phase: 'preliminary' }),
  },
  'GET /console/events/:id/meetings/:sessionId/plan': { allow: ['organiser', 'staff'] },
  'GET /console/events/:id/meetings/:sessionId/signs': { allow: ['organiser', 'staff'] },
  'POST /console/events/:id/meetings/:sessionId/requests': {
    allow: ORGANISER,
    fresh: freshParticipantPair,
    body: (_f, _w, p) => form({ from: String(p.from), to: String(p.to), message: '控制台代为发起' }),
  },
  'POST /console/events/:id/meetings/:sessionId/requests/:requestId/answer': {
    allow: ORGANISER,
    fresh: freshRequest,
    body: () => form({ answer: 'accept' }),
  },
  'POST /console/events/:id/meetings/:sessionId/requests/:requestId/priority': {
    allow: ORGANISER,
    body: () => form({ prioritised: 'true' }),
  },
  'POST /console/events/:id/meetings/:sessionId/run': { allow: ORGANISER },
  'POST /console/events/:id/meetings/:sessionId/meetings/:meetingId/move': {
    allow: ORGANISER,
    fresh: freeCell,
    body: (_f, _w, p) => form({ slot: String(p.slot), table: String(p.table) }),
  },
  'POST /console/events/:id/meetings/:sessionId/meetings/:meetingId/lock': {
    allow: ORGANISER,
    body: () => form({ locked: 'true' }),
  },
  'POST /console/events/:id/meetings/:sessionId/meetings/:meetingId/drop': { allow: ORGANISER, fresh: freshMeeting },
  'POST /console/events/:id/meetings/:sessionId/meetings/:meetingId/outcome': {
    allow: ['organiser', 'staff'],
    body: () => form({ outcome: 'held' }),
  },
  'GET /console/:library(achievements|demands)': { allow: ORGANISER },
  'GET /console/:library(achievements|demands)/template': { allow: ORGANISER },
  'GET /console/:library(achievements|demands)/export': { allow: ORGANISER },
  'POST /console/:library(achievements|demands)/import': {
    allow: ORGANISER,
    body: () => ({ multipart: { files: { file: libraryCsv() } } }),
  },
  'GET /console/library-imports/:jobId': { allow: ORGANISER },

  // events are cancelled, not deleted, once people registered
  'POST /api/events/:eventId/cancel': { allow: ORGANISER, fresh: (f, t) => freshEvent(f, t, true) },
  'POST /console/events/:id/cancel': { allow: ORGANISER, fresh: (f, t) => freshEvent(f, t, true) },

  // library attachments and the per-event lists' console pages
  'GET /api/achievements/:id/attachments': { allow: ORGANISER },
  'POST /api/achievements/:id/attachments': { allow: ORGANISER, body: pdfUpload, expect: [201] },
  'GET /api/achievements/:id/attachments/:attachmentId': { allow: ORGANISER },
  'DELETE /api/achievements/:id/attachments/:attachmentId': {
    allow: ORGANISER,
    fresh: (f, t) => freshAttachment(f, t, 'achievements'),
  },
  'GET /api/demands/:id/attachments': { allow: ORGANISER },
  'POST /api/demands/:id/attachments': { allow: ORGANISER, body: pdfUpload, expect: [201] },
  'GET /api/demands/:id/attachments/:attachmentId': { allow: ORGANISER },
  'DELETE /api/demands/:id/attachments/:attachmentId': {
    allow: ORGANISER,
    fresh: (f, t) => freshAttachment(f, t, 'demands'),
  },
  'GET /events/:slug/:library(achievements|demands)/:id/attachments/:attachmentId': {
    allow: ALL,
    params: (f) => ({ id: f.ours.achievementId }),
  },
  'GET /console/:library(achievements|demands)/:id': {
    allow: ORGANISER,
    params: (f) => ({ id: f.ours.achievementId }),
  },
  'POST /console/:library(achievements|demands)/:id': {
    allow: ORGANISER,
    reaches: true,
    params: (f) => ({ id: f.ours.achievementId }),
    body: () => form({ title: `改过的成果 ${unique()}`, summary: '访问表改过的成果。', category: 'electronics' }),
  },
  'POST /console/:library(achievements|demands)/:id/delete': { allow: ORGANISER, fresh: freshAchievement },
  'POST /console/:library(achievements|demands)/:id/attachments': {
    allow: ORGANISER,
    params: (f) => ({ id: f.ours.achievementId }),
    body: pdfUpload,
  },
  'GET /console/:library(achievements|demands)/:id/attachments/:attachmentId': {
    allow: ORGANISER,
    params: (f) => ({ id: f.ours.achievementId }),
  },
  'POST /console/:library(achievements|demands)/:id/attachments/:attachmentId/delete': {
    allow: ORGANISER,
    fresh: async (f, t) => ({ id: f.ours.achievementId, ...(await freshAttachment(f, t, 'achievements')) }),
  },
  'GET /console/events/:id/:library(achievements|demands)': { allow: ORGANISER },
  'POST /console/events/:id/:library(achievements|demands)/add': {
    allow: ORGANISER,
    fresh: async (f, t) => ({ addId: (await freshAchievement(f, t)).id }),
    body: (f, _w, p) => form({ itemId: String(p.addId ?? f.ours.achievementId) }),
  },
  'POST /console/events/:id/:library(achievements|demands)/:itemId/remove': {
    allow: ORGANISER,
    fresh: async (f, t) => ({ itemId: (await freshListedAchievement(f, t)).id }),
  },

  // recommendation overrides (pin or hide a person for a participant)
  'GET /api/events/:eventId/meetings/sessions/:sessionId/participants/:participantId/recommendations': {
    allow: ORGANISER,
  },
  'PUT /api/events/:eventId/meetings/sessions/:sessionId/recommendations': {
    allow: ORGANISER,
    body: (f) => json({ from: f.meetings.attendeeParticipantId, to: f.meetings.participantIds[0], action: 'pin' }),
  },
  'DELETE /api/events/:eventId/meetings/sessions/:sessionId/recommendations': {
    allow: ORGANISER,
    fresh: async (f, t) => {
      await call(t, f, 'PUT', `/api/events/${f.ours.id}/meetings/sessions/${f.ours.meetingSessionId}/recommendations`, {
        from: f.meetings.attendeeParticipantId,
        to: f.meetings.participantIds[0],
        action: 'pin',
      });
      return {};
    },
    body: (f) => json({ from: f.meetings.attendeeParticipantId, to: f.meetings.participantIds[0] }),
  },
  'GET /console/events/:id/meetings/:sessionId/recommendations': { allow: ORGANISER },
  'POST /console/events/:id/meetings/:sessionId/recommendations': {
    allow: ORGANISER,
    body: (f) =>
      form({
        from: String(f.meetings.attendeeParticipantId),
        to: String(f.meetings.participantIds[0]),
        action: 'pin',
      }),
  },

  // signings: the public list, the organisers' API and console, the hall screen (its link is the credential)
  'GET /api/events/:eventId/signings': { allow: ALL },
  'GET /api/events/:eventId/signings/ceremonies': { allow: ORGANISER },
  'POST /api/events/:eventId/signings/ceremonies': {
    allow: ORGANISER,
    fresh: freshSigningSession,
    body: (_f, _w, p) => json({ agendaSessionId: p.agendaSessionId }),
    expect: [201],
  },
  'GET /api/events/:eventId/signings/ceremonies/:ceremonyId': { allow: ORGANISER },
  'PATCH /api/events/:eventId/signings/ceremonies/:ceremonyId': {
    allow: ORGANISER,
    body: () => json({ openingMinutes: 3 }),
  },
  'DELETE /api/events/:eventId/signings/ceremonies/:ceremonyId': { allow: ORGANISER, fresh: freshCeremony },
  'POST /api/events/:eventId/signings/ceremonies/:ceremonyId/agreements': {
    allow: ORGANISER,
    body: () => json(agreementBody()),
    expect: [201],
  },
  'PUT /api/events/:eventId/signings/ceremonies/:ceremonyId/order': {
    allow: ORGANISER,
    fresh: async (f, t) => {
      const ceremony = await call<{ agreements: { id: number }[] }>(
        t,
        f,
        'GET',
        `/api/events/${f.ours.id}/signings/ceremonies/${f.mod.ceremonyId}`,
      );
      return { order: ceremony.agreements.map((a) => a.id).join(',') };
    },
    body: (_f, _w, p) =>
      json({
        agreementIds: String(p.order ?? '1')
          .split(',')
          .map(Number),
      }),
  },
  'POST /api/events/:eventId/signings/ceremonies/:ceremonyId/stage': {
    allow: ORGANISER,
    body: () => json({ action: 'next' }),
  },
  'POST /api/events/:eventId/signings/ceremonies/:ceremonyId/screen/revoke': { allow: ORGANISER, fresh: freshCeremony },
  'GET /api/events/:eventId/signings/ceremonies/:ceremonyId/run-sheet': { allow: ORGANISER },
  'GET /api/events/:eventId/signings/ceremonies/:ceremonyId/run-sheet.docx': { allow: ORGANISER },
  'GET /api/events/:eventId/signings/agreements/:agreementId': { allow: ORGANISER },
  'PATCH /api/events/:eventId/signings/agreements/:agreementId': {
    allow: ORGANISER,
    body: () => json({ minutes: 5 }),
  },
  'DELETE /api/events/:eventId/signings/agreements/:agreementId': { allow: ORGANISER, fresh: freshAgreement },
  'POST /api/events/:eventId/signings/agreements/:agreementId/status': {
    allow: ORGANISER,
    fresh: freshAgreement,
    body: () => json({ status: 'confirmed' }),
  },
  'POST /api/events/:eventId/signings/agreements/:agreementId/parties': {
    allow: ORGANISER,
    fresh: freshAgreement,
    body: () => json({ organisation: `访问表第三方 ${unique()}` }),
  },
  'PATCH /api/events/:eventId/signings/parties/:partyId': {
    allow: ORGANISER,
    fresh: freshAgreement,
    body: () => json({ signatoryTitle: '总经理' }),
  },
  'DELETE /api/events/:eventId/signings/parties/:partyId': { allow: ORGANISER, fresh: freshAgreement },
  'POST /api/events/:eventId/signings/agreements/:agreementId/witnesses': {
    allow: ORGANISER,
    fresh: freshAgreement,
    body: () => json({ name: '赵见证' }),
  },
  'PATCH /api/events/:eventId/signings/witnesses/:witnessId': {
    allow: ORGANISER,
    fresh: freshAgreement,
    body: () => json({ title: '局长' }),
  },
  'DELETE /api/events/:eventId/signings/witnesses/:witnessId': { allow: ORGANISER, fresh: freshAgreement },
  'GET /screens/signings/:token': { allow: ALL, params: (f) => ({ token: f.mod.screenToken }) },
  'GET /api/signing-screens/:token': { allow: ALL, params: (f) => ({ token: f.mod.screenToken }) },
  'GET /console/events/:id/signings': { allow: ORGANISER },
  'POST /console/events/:id/signings': {
    allow: ORGANISER,
    fresh: freshSigningSession,
    body: (_f, _w, p) => form({ agendaSessionId: String(p.agendaSessionId) }),
  },
  'POST /console/events/:id/signings/:ceremonyId': {
    allow: ORGANISER,
    body: () => form({ openingMinutes: '3', minutesPerSigning: '5' }),
  },
  'POST /console/events/:id/signings/:ceremonyId/delete': { allow: ORGANISER, fresh: freshCeremony },
  'POST /console/events/:id/signings/:ceremonyId/agreements': {
    allow: ORGANISER,
    body: () => form({ title: `访问表协议 ${unique()}`, kind: 'project', party1Organisation: '访问表甲方' }),
  },
  'POST /console/events/:id/signings/:ceremonyId/agreements/:agreementId': {
    allow: ORGANISER,
    fresh: freshAgreement,
    body: () => form({ title: `改过的协议 ${unique()}`, kind: 'project', party1Organisation: '访问表甲方' }),
  },
  'POST /console/events/:id/signings/:ceremonyId/agreements/:agreementId/delete': {
    allow: ORGANISER,
    fresh: freshAgreement,
  },
  'POST /console/events/:id/signings/:ceremonyId/agreements/:agreementId/move': {
    allow: ORGANISER,
    fresh: freshAgreement,
    body: () => form({ direction: 'up' }),
  },
  'POST /console/events/:id/signings/:ceremonyId/agreements/:agreementId/status': {
    allow: ORGANISER,
    fresh: freshAgreement,
    body: () => form({ status: 'confirmed' }),
  },
  'POST /console/events/:id/signings/:ceremonyId/stage': {
    allow: ORGANISER,
    body: () => form({ action: 'next' }),
  },
  'POST /console/events/:id/signings/:ceremonyId/screen/revoke': { allow: ORGANISER, fresh: freshCeremony },
  'GET /console/events/:id/signings/:ceremonyId/run-sheet': { allow: ORGANISER },
  'GET /console/events/:id/signings/:ceremonyId/run-sheet.docx': { allow: ORGANISER },

  // roadshows: the public list and project pages (the QR token is the address), the organisers' API and console,
  // the presenter's and the judges' links, the attendee's recognition from the personal page
  'GET /api/events/:eventId/roadshows': { allow: ALL },
  'POST /api/events/:eventId/roadshows': {
    allow: ORGANISER,
    fresh: freshRoadshowSession,
    body: (_f, _w, p) => json({ agendaSessionId: p.agendaSessionId }),
    expect: [201],
  },
  'GET /api/events/:eventId/roadshows/:roadshowId': { allow: ORGANISER },
  'PATCH /api/events/:eventId/roadshows/:roadshowId': {
    allow: ORGANISER,
    body: () => json({ changeoverMinutes: 2 }),
  },
  'DELETE /api/events/:eventId/roadshows/:roadshowId': { allow: ORGANISER, fresh: freshRoadshow },
  'POST /api/events/:eventId/roadshows/:roadshowId/projects': {
    allow: ORGANISER,
    body: () => json(projectBody()),
    expect: [201],
  },
  'PATCH /api/events/:eventId/roadshows/projects/:projectId': {
    allow: ORGANISER,
    body: () => json({ summaryEn: 'Access table' }),
  },
  'DELETE /api/events/:eventId/roadshows/projects/:projectId': { allow: ORGANISER, fresh: freshProject },
  'POST /api/events/:eventId/roadshows/:roadshowId/reorder': {
    allow: ORGANISER,
    fresh: async (f, t) => {
      const roadshow = await call<{ projects: { id: number }[] }>(
        t,
        f,
        'GET',
        `/api/events/${f.ours.id}/roadshows/${f.mod.roadshowId}`,
      );
      return { order: roadshow.projects.map((p) => p.id).join(',') };
    },
    body: (_f, _w, p) =>
      json({
        projectIds: String(p.order ?? '1')
          .split(',')
          .map(Number),
      }),
  },
  'POST /api/events/:eventId/roadshows/:roadshowId/accept-warning': {
    allow: ORGANISER,
    reaches: true,
    body: () => json({ key: 'none' }),
  },
  'PUT /api/events/:eventId/roadshows/:roadshowId/criteria': {
    allow: ORGANISER,
    reaches: true,
    body: (f) => json({ criteria: [{ id: f.mod.criterionId, name: '技术先进性', weight: 100 }] }),
  },
  'GET /api/events/:eventId/roadshows/:roadshowId/judges': { allow: ORGANISER },
  'POST /api/events/:eventId/roadshows/:roadshowId/judges': {
    allow: ORGANISER,
    body: () => json({ name: `评委 ${unique()}`, organisation: '访问表评审单位' }),
  },
  'DELETE /api/events/:eventId/roadshows/:roadshowId/judges/:judgeId': { allow: ORGANISER, fresh: freshJudge },
  'POST /api/events/:eventId/roadshows/:roadshowId/judges/:judgeId/renew-link': { allow: ORGANISER, fresh: freshJudge },
  'POST /api/events/:eventId/roadshows/projects/:projectId/presenter-link/renew': {
    allow: ORGANISER,
    fresh: (f, t) => freshProject(f, t),
  },
  'POST /console/events/:id/roadshows/:roadshowId/judges/:judgeId/renew-link': { allow: ORGANISER, fresh: freshJudge },
  'POST /console/events/:id/roadshows/:roadshowId/projects/:projectId/presenter-link/renew': {
    allow: ORGANISER,
    fresh: (f, t) => freshProject(f, t),
  },
  'GET /api/events/:eventId/roadshows/:roadshowId/scores': { allow: ORGANISER },
  'GET /api/events/:eventId/roadshows/:roadshowId/leads': { allow: ORGANISER },
  'GET /api/events/:eventId/roadshows/:roadshowId/leads/export': { allow: ORGANISER },
  'PUT /api/events/:eventId/roadshows/projects/:projectId/slides': { allow: ORGANISER, body: pdfUpload },
  'DELETE /api/events/:eventId/roadshows/projects/:projectId/slides': {
    allow: ORGANISER,
    fresh: (f, t) => freshProject(f, t, true),
  },
  'GET /events/:slug/roadshows': { allow: ALL },
  'GET /roadshows/p/:token': { allow: ALL, params: (f) => ({ token: f.mod.projectToken }) },
  'GET /roadshows/p/:token/qr.png': { allow: ALL, params: (f) => ({ token: f.mod.projectToken }) },
  'GET /roadshows/p/:token/qr.svg': { allow: ALL, params: (f) => ({ token: f.mod.projectToken }) },
  'GET /roadshows/p/:token/slides.pdf': { allow: ALL, params: (f) => ({ token: f.mod.projectToken }) },
  // Anyone on the project page may say who they are (a wrong code is a 400 with the form again).
  'POST /roadshows/p/:token/identify': {
    allow: ALL,
    params: (f) => ({ token: f.mod.projectToken }),
    body: () => form({ code: 'NOTACODE' }),
    reaches: true,
  },
  // Without the recognition cookie the page asks who one is and records nothing.
  'POST /roadshows/p/:token/leads': {
    allow: ALL,
    params: (f) => ({ token: f.mod.projectToken }),
    body: () => form({ kind: 'interest' }),
    reaches: true,
  },
  'POST /roadshows/forget': { allow: ALL, isolated: true },
  'GET /roadshows/judge/:token': { allow: ALL, params: (f) => ({ token: f.mod.judgeToken }) },
  'POST /roadshows/judge/:token/projects/:projectId': {
    allow: ALL,
    params: (f) => ({ token: f.mod.judgeToken }),
    body: (f) => form({ [`score-${f.mod.criterionId}`]: '8' }),
    reaches: true,
  },
  'GET /roadshows/presenter/:token': {
    allow: ALL,
    params: (f) => ({ token: f.mod.presenterToken }),
    showsLeads: true,
  },
  'GET /roadshows/presenter/:token/leads.xlsx': {
    allow: ALL,
    params: (f) => ({ token: f.mod.presenterToken }),
    showsLeads: true,
  },
  'GET /me/:token/roadshows': { allow: ATTENDEE },
  'GET /console/events/:id/roadshows': { allow: ORGANISER },
  'POST /console/events/:id/roadshows': {
    allow: ORGANISER,
    fresh: freshRoadshowSession,
    body: (_f, _w, p) => form({ agendaSessionId: String(p.agendaSessionId) }),
  },
  'POST /console/events/:id/roadshows/:roadshowId': {
    allow: ORGANISER,
    body: () => form({ changeoverMinutes: '2' }),
  },
  'POST /console/events/:id/roadshows/:roadshowId/delete': { allow: ORGANISER, fresh: freshRoadshow },
  'POST /console/events/:id/roadshows/:roadshowId/accept-warning': {
    allow: ORGANISER,
    body: () => form({ key: 'none' }),
    reaches: true,
  },
  'POST /console/events/:id/roadshows/:roadshowId/projects': {
    allow: ORGANISER,
    body: () => form({ name: `访问表项目 ${unique()}`, organisation: '访问表路演单位', pitchMinutes: '5' }),
  },
  'POST /console/events/:id/roadshows/:roadshowId/projects/:projectId': {
    allow: ORGANISER,
    fresh: freshProject,
    body: () => form({ name: `改过的项目 ${unique()}`, organisation: '访问表路演单位', pitchMinutes: '6' }),
  },
  'POST /console/events/:id/roadshows/:roadshowId/projects/:projectId/move': {
    allow: ORGANISER,
    fresh: freshProject,
    body: () => form({ direction: 'up' }),
  },
  'POST /console/events/:id/roadshows/:roadshowId/projects/:projectId/delete': {
    allow: ORGANISER,
    fresh: freshProject,
  },
  'POST /console/events/:id/roadshows/:roadshowId/projects/:projectId/slides': {
    allow: ORGANISER,
    fresh: freshProject,
    body: pdfUpload,
  },
  'POST /console/events/:id/roadshows/:roadshowId/criteria': {
    allow: ORGANISER,
    body: () => form({ name1: '技术先进性', weight1: '100' }),
  },
  'POST /console/events/:id/roadshows/:roadshowId/judges': {
    allow: ORGANISER,
    body: () => form({ name: `评委 ${unique()}`, organisation: '访问表评审单位' }),
  },
  'POST /console/events/:id/roadshows/:roadshowId/judges/:judgeId/delete': { allow: ORGANISER, fresh: freshJudge },
  'GET /console/events/:id/roadshows/:roadshowId/leads': { allow: ORGANISER },
  'GET /console/events/:id/roadshows/:roadshowId/leads.xlsx': { allow: ORGANISER },

  // the cooperation pipeline: organisers' API and console; both parties' personal pages
  'GET /api/intents': { allow: ORGANISER },
  'POST /api/intents': { allow: ORGANISER, body: (f) => json(intentBody(f)) },
  'GET /api/intents/funnel': { allow: ORGANISER, query: 'eventId=1' },
  'GET /api/intents/settings': { allow: ORGANISER },
  'PUT /api/intents/settings': { allow: ORGANISER, body: () => json({ idleDays: 14 }) },
  'POST /api/intents/owner': {
    allow: ORGANISER,
    reaches: true,
    body: (f) => json({ ids: [f.mod.intentId], owner: 'none' }),
  },
  'GET /api/intents/template': { allow: ORGANISER },
  'GET /api/intents/export': { allow: ORGANISER },
  'POST /api/intents/import': {
    allow: ORGANISER,
    reaches: true,
    body: () => ({ multipart: { files: { file: csvFile('title\r\n') } } }),
  },
  'GET /api/intents/:id': { allow: ORGANISER },
  'PATCH /api/intents/:id': { allow: ORGANISER, body: () => json({ city: '成都市' }) },
  'POST /api/intents/:id/stage': {
    allow: ORGANISER,
    reaches: true,
    body: () => json({ stage: 'negotiating', note: '访问表' }),
  },
  'GET /api/intents/:id/follow-ups': { allow: ORGANISER },
  'POST /api/intents/:id/follow-ups': {
    allow: ORGANISER,
    body: () => json({ note: '访问表跟进', happenedOn: new Date().toISOString().slice(0, 10) }),
  },
  'GET /api/intents/:id/attachments/:attachmentId': { allow: ORGANISER },
  'GET /console/intents': { allow: ORGANISER },
  'GET /console/intents/new': { allow: ORGANISER },
  'POST /console/intents': { allow: ORGANISER, reaches: true, body: () => form({ title: `访问表意向 ${unique()}` }) },
  'GET /console/intents/import': { allow: ORGANISER },
  'POST /console/intents/import': {
    allow: ORGANISER,
    reaches: true,
    body: () => ({ multipart: { files: { file: csvFile('title\r\n') } } }),
  },
  'GET /console/intents/template': { allow: ORGANISER },
  'GET /console/intents/export': { allow: ORGANISER },
  'POST /console/intents/owner': {
    allow: ORGANISER,
    body: (f) => form({ ids: String(f.mod.intentId), owner: 'none' }),
  },
  'POST /console/intents/settings': { allow: ORGANISER, body: () => form({ idleDays: '14' }) },
  'GET /console/intents/:id': { allow: ORGANISER },
  'POST /console/intents/:id': { allow: ORGANISER, body: () => form({ city: '成都市' }) },
  'POST /console/intents/:id/stage': {
    allow: ORGANISER,
    reaches: true,
    body: () => form({ stage: 'negotiating', note: '访问表' }),
  },
  'POST /console/intents/:id/follow-ups': {
    allow: ORGANISER,
    body: () => form({ note: '访问表跟进', happenedOn: new Date().toISOString().slice(0, 10) }),
  },
  'GET /console/intents/:id/attachments/:attachmentId': { allow: ORGANISER },
  'GET /me/:token/intents': { allow: ATTENDEE },
  'POST /me/:token/intents/proposals': {
    allow: ATTENDEE,
    body: () => form({ title: `访问表合作意向 ${unique()}`, kind: 'licence' }),
  },
  'POST /me/:token/intents/answer': {
    allow: ATTENDEE,
    fresh: freshProposalToAttendee,
    body: (_f, _w, p) => form({ code: String(p.code ?? 'ZZZZZZ'), answer: 'decline' }),
  },
  'POST /me/:token/intents/proposals/:proposalId/withdraw': { allow: ATTENDEE, fresh: freshProposal },

  // reports
  'GET /api/events/:eventId/report': { allow: ORGANISER },
  'GET /api/series/:seriesId/report': { allow: ORGANISER },
  'GET /console/events/:id/report': { allow: ORGANISER },
  'GET /console/events/:id/report/print': { allow: ORGANISER },
  'GET /console/events/:id/report.docx': { allow: ORGANISER },
  'GET /console/series/:seriesId/report': { allow: ORGANISER },
  'GET /vendor/echarts.min.js': { allow: ALL },
};

// ---- the modules merged later: signings, roadshows, intents, attachments

function pdfUpload(): RequestBody {
  return {
    multipart: {
      files: { file: { filename: '资料.pdf', contentType: 'application/pdf', data: aPdf('access table') } },
    },
  };
}

async function freshAttachment(f: Fixture, t: TestApp, library: 'achievements' | 'demands'): Promise<Params> {
  const id = library === 'achievements' ? f.ours.achievementId : f.ours.demandId;
  const upload = multipartBody({}, pdfUpload().multipart!.files);
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/${library}/${id}/attachments`,
    headers: { ...f.auth, 'content-type': upload.contentType },
    payload: upload.payload,
  });
  if (res.statusCode !== 201) throw new Error(`fresh attachment: ${res.statusCode} ${res.body}`);
  return { attachmentId: res.json<{ id: number }>().id };
}

/** An agenda session of our event of a kind (a signing ceremony, a roadshow), early on its first day. */
async function freshKindSession(f: Fixture, t: TestApp, kind: string): Promise<Params> {
  const b = await sessionBody(f);
  const created = await call<{ session: { id: number } }>(t, f, 'POST', `/api/events/${f.ours.id}/sessions`, {
    kind,
    title: `访问表${kind} ${unique()}`,
    startsAt: b.startsAt,
    endsAt: b.endsAt,
  });
  return { agendaSessionId: created.session.id };
}
function freshSigningSession(f: Fixture, t: TestApp) {
  return freshKindSession(f, t, 'signing_ceremony');
}
function freshRoadshowSession(f: Fixture, t: TestApp) {
  return freshKindSession(f, t, 'roadshow');
}

async function freshCeremony(f: Fixture, t: TestApp): Promise<Params> {
  const { agendaSessionId } = await freshSigningSession(f, t);
  const ceremony = await call<{ id: number }>(t, f, 'POST', `/api/events/${f.ours.id}/signings/ceremonies`, {
    agendaSessionId,
  });
  return { ceremonyId: ceremony.id };
}

const agreementBody = () => ({
  title: `访问表合作协议 ${unique()}`,
  kind: 'project',
  parties: [
    { organisation: '访问表甲方', signatory: '甲代表' },
    { organisation: '访问表乙方', signatory: '乙代表' },
  ],
  witnesses: [{ name: '访问表见证人', title: '主任' }],
});

/** A planned agreement of the fixture's ceremony, with two parties and a witness. */
async function freshAgreement(f: Fixture, t: TestApp): Promise<Params> {
  const agreement = await call<{ id: number; parties: { id: number }[]; witnesses: { id: number }[] }>(
    t,
    f,
    'POST',
    `/api/events/${f.ours.id}/signings/ceremonies/${f.mod.ceremonyId}/agreements`,
    agreementBody(),
  );
  return {
    ceremonyId: f.mod.ceremonyId,
    agreementId: agreement.id,
    partyId: agreement.parties[1].id,
    witnessId: agreement.witnesses[0].id,
  };
}

async function freshRoadshow(f: Fixture, t: TestApp): Promise<Params> {
  const { agendaSessionId } = await freshRoadshowSession(f, t);
  const roadshow = await call<{ id: number }>(t, f, 'POST', `/api/events/${f.ours.id}/roadshows`, { agendaSessionId });
  return { roadshowId: roadshow.id };
}

const projectBody = () => ({
  name: `访问表路演项目 ${unique()}`,
  organisation: '访问表路演单位',
  pitchMinutes: 5,
});

/** A project of the fixture's roadshow (with slides when asked). */
async function freshProject(f: Fixture, t: TestApp, slides = false): Promise<Params> {
  const created = await call<{ project: { id: number } }>(
    t,
    f,
    'POST',
    `/api/events/${f.ours.id}/roadshows/${f.mod.roadshowId}/projects`,
    projectBody(),
  );
  const projectId = created.project.id;
  if (slides) {
    const upload = multipartBody({}, pdfUpload().multipart!.files);
    const res = await t.app.inject({
      method: 'PUT',
      url: `/api/events/${f.ours.id}/roadshows/projects/${projectId}/slides`,
      headers: { ...f.auth, 'content-type': upload.contentType },
      payload: upload.payload,
    });
    if (res.statusCode !== 200) throw new Error(`fresh slides: ${res.statusCode} ${res.body}`);
  }
  return { roadshowId: f.mod.roadshowId, projectId };
}

async function freshJudge(f: Fixture, t: TestApp): Promise<Params> {
  const judge = await call<{ id: number }>(
    t,
    f,
    'POST',
    `/api/events/${f.ours.id}/roadshows/${f.mod.roadshowId}/judges`,
    {
      name: `临时评委 ${unique()}`,
      organisation: '访问表评审单位',
    },
  );
  return { roadshowId: f.mod.roadshowId, judgeId: judge.id };
}

const intentBody = (f: Fixture) => ({
  title: `访问表合作意向 ${unique()}`,
  kind: 'licence',
  eventId: f.ours.id,
  parties: [{ organisation: '访问表甲方' }, { organisation: '访问表乙方' }],
});

/** A proposal the attendee makes from their personal page (withdrawing it uses it up). */
async function freshProposal(f: Fixture, t: TestApp, token = f.attendee.token): Promise<Params> {
  const { Browser } = await import('./browser.js');
  const browser = new Browser(t.app);
  await browser.get(`/me/${token}/intents`);
  const res = await browser.post(`/me/${token}/intents/proposals`, {
    title: `临时合作意向 ${unique()}`,
    kind: 'licence',
  });
  const proposalId = /#proposal-(\d+)$/.exec(String(res.headers.location ?? ''))?.[1];
  if (!proposalId) throw new Error(`fresh proposal: ${res.statusCode} ${res.headers.location}`);
  return { proposalId: Number(proposalId) };
}

/** A proposal the neighbour makes, for the attendee to answer with its code. */
async function freshProposalToAttendee(f: Fixture, t: TestApp): Promise<Params> {
  const { proposalId } = await freshProposal(f, t, f.neighbour.token);
  return { code: await proposalCode(t, Number(proposalId)) };
}

async function proposalCode(t: TestApp, id: number): Promise<string> {
  const { Database } = await import('../../src/database/database.service.js');
  const { IntentProposal } = await import('../../src/intents/intent-proposal.entity.js');
  return (await t.app.get(Database).manager.findOneByOrFail(IntentProposal, { id })).code;
}

// ---- fresh targets that need more than one call

/** A session on the day before our event: it has the warning `outside_event:<id>` to accept. */
async function freshSessionOutsideEvent(f: Fixture, t: TestApp): Promise<Params> {
  const day = new Date(Date.parse(`${f.oursDay}T10:00:00+08:00`) - 24 * 3600_000);
  const created = await call<{ session: { id: number } }>(t, f, 'POST', `/api/events/${f.ours.id}/sessions`, {
    kind: 'keynote',
    title: `会前报告 ${unique()}`,
    startsAt: day.toISOString(),
    endsAt: new Date(day.getTime() + 20 * 60_000).toISOString(),
  });
  return { sessionId: created.session.id };
}

/** Two sessions one after the other in a new room of our event, to reorder. */
async function freshSessionsInOneRoom(f: Fixture, t: TestApp): Promise<Params> {
  const { roomId } = await freshRoom(f, t);
  const ids: number[] = [];
  for (const hour of ['07:00', '07:30']) {
    const start = new Date(`${f.oursDay}T${hour}:00+08:00`);
    const created = await call<{ session: { id: number } }>(t, f, 'POST', `/api/events/${f.ours.id}/sessions`, {
      kind: 'keynote',
      title: `排序报告 ${unique()}`,
      startsAt: start.toISOString(),
      endsAt: new Date(start.getTime() + 20 * 60_000).toISOString(),
      roomId,
    });
    ids.push(created.session.id);
  }
  return { first: ids[0], second: ids[1] };
}

/** A slot and table of the fixture's meeting session where no meeting sits. */
async function freeCell(f: Fixture, t: TestApp): Promise<Params> {
  const base = `/api/events/${f.ours.id}/meetings/sessions/${f.ours.meetingSessionId}`;
  const session = await call<{ slots: { number: number }[]; tables: { number: number }[] }>(t, f, 'GET', base);
  const schedule = await call<{ meetings: { slot: number; table: number }[] }>(t, f, 'GET', `${base}/schedule`);
  for (const slot of session.slots)
    for (const table of session.tables)
      if (!schedule.meetings.some((m) => m.slot === slot.number && m.table === table.number))
        return { slot: slot.number, table: table.number };
  throw new Error('no free table in the meeting session');
}

/** A new attendee of our event (and of its free negotiation): their personal link. */
async function freshAttendee(f: Fixture, t: TestApp, participant = false): Promise<Params> {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/events/${f.ours.id}/registrations`,
    payload: registrationBody(),
  });
  const token = new URL(res.json<{ manageUrl: string }>().manageUrl).pathname.slice('/me/'.length);
  if (participant) {
    const joined = await t.app.inject({
      method: 'PUT',
      url: `/api/me/${token}/meeting-sessions/${f.ours.meetingSessionId}/participation`,
      payload: { offer: '临时参与', seek: '合作方' },
    });
    if (joined.statusCode !== 200) throw new Error(`fresh participant: ${joined.statusCode} ${joined.body}`);
  }
  return { token };
}

let recipients = 0;
/** Someone the attendee has not asked yet. */
async function freshRecipient(f: Fixture): Promise<Params> {
  return { to: f.meetings.participantIds[2 + recipients++] };
}

let askers = 0;
/** A request to the attendee from someone who has not asked them yet. */
async function freshRequestToAttendee(f: Fixture, t: TestApp): Promise<Params> {
  const from = f.meetings.participantIds[f.meetings.participantIds.length - 1 - askers++];
  const request = await call<{ id: number }>(
    t,
    f,
    'POST',
    `/api/events/${f.ours.id}/meetings/sessions/${f.ours.meetingSessionId}/requests`,
    { from, to: f.meetings.attendeeParticipantId, message: '想与您洽谈' },
  );
  return { requestId: request.id };
}

async function freshStaff(f: Fixture, t: TestApp): Promise<Params> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/users/invitations',
    headers: f.auth,
    payload: { email: `staff-${unique()}@table.test`, name: '临时工作人员', role: 'staff', eventId: f.ours.id },
  });
  const token = new URL(res.json<{ url: string }>().url).pathname.split('/').pop()!;
  const { Browser } = await import('./browser.js');
  const browser = new Browser(t.app);
  await browser.get(`/invitations/${token}`);
  await browser.post(`/invitations/${token}`, { password: 'a-new-password-1', passwordConfirm: 'a-new-password-1' });
  const users = await call<{ id: number; email: string }[]>(t, f, 'GET', '/api/users');
  const user = users.find((u) => u.email.startsWith('staff-') && !usedStaff.has(u.id))!;
  usedStaff.add(user.id);
  return { id: user.id, userId: user.id };
}
const usedStaff = new Set<number>();

/** A short keynote early on the first day of our event (before its programme), as the API and the console take it. */
async function sessionBody(f: Fixture) {
  const minutes = 7 * 60 + (serial++ % 12) * 10;
  const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  const startsAtLocal = `${f.oursDay}T${hhmm(minutes)}`;
  const endsAtLocal = `${f.oursDay}T${hhmm(minutes + 5)}`;
  return {
    kind: 'keynote',
    title: `新报告 ${unique()}`,
    startsAt: new Date(`${startsAtLocal}:00+08:00`).toISOString(),
    endsAt: new Date(`${endsAtLocal}:00+08:00`).toISOString(),
    startsAtLocal,
    endsAtLocal,
  };
}

async function freshCancelledSession(f: Fixture, t: TestApp): Promise<Params> {
  const { sessionId } = await freshSession(f, t);
  await call(t, f, 'POST', `/api/events/${f.ours.id}/sessions/${sessionId}/cancel`);
  return { sessionId };
}

async function freshNegotiationSession(f: Fixture, t: TestApp): Promise<Params> {
  const b = await sessionBody(f);
  const created = await call<{ session: { id: number } }>(t, f, 'POST', `/api/events/${f.ours.id}/sessions`, {
    kind: 'free_negotiation',
    title: `自由洽谈 ${unique()}`,
    startsAt: b.startsAt,
    endsAt: new Date(new Date(b.startsAt).getTime() + 60 * 60_000).toISOString(),
  });
  return { agendaSessionId: created.session.id };
}

let pairs = 0;
async function freshParticipantPair(f: Fixture): Promise<Params> {
  const ids = f.meetings.participantIds;
  // Pairs not used by the fixture: the last participants among themselves, each pair once.
  const n = ids.length;
  const k = pairs++;
  return { from: ids[n - 1 - (k % 3)], to: ids[n - 4 - Math.floor(k / 3)] };
}

async function freshRequest(f: Fixture, t: TestApp): Promise<Params> {
  const pair = await freshParticipantPair(f);
  const request = await call<{ id: number }>(
    t,
    f,
    'POST',
    `/api/events/${f.ours.id}/meetings/sessions/${f.ours.meetingSessionId}/requests`,
    { from: pair.from, to: pair.to, message: '待答复的请求' },
  );
  return { requestId: request.id };
}

/** A meeting of the fixture's schedule that no other row uses (the schedule's meetings are locked, so re-runs keep them). */
async function freshMeeting(f: Fixture): Promise<Params> {
  const meetingId = f.meetings.spareMeetingIds.shift();
  if (meetingId === undefined) throw new Error('no spare meeting left in the fixture');
  return { meetingId };
}
