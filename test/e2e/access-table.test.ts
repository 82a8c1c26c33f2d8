import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { UsersService } from '../../src/accounts/users.service.js';
import { Database } from '../../src/database/database.service.js';
import { IntentAttachment } from '../../src/intents/intent-attachment.entity.js';
import { IntentProposal } from '../../src/intents/intent-proposal.entity.js';
import { Intent } from '../../src/intents/intent.entity.js';
import { OutboxMessage } from '../../src/mail/outbox-message.entity.js';
import { RoadshowCriterion } from '../../src/roadshows/roadshow-criterion.entity.js';
import { RoadshowJudge } from '../../src/roadshows/roadshow-judge.entity.js';
import { RoadshowLead } from '../../src/roadshows/roadshow-lead.entity.js';
import { RoadshowLinks } from '../../src/roadshows/roadshow-links.service.js';
import { RoadshowProject } from '../../src/roadshows/roadshow-project.entity.js';
import { Roadshow } from '../../src/roadshows/roadshow.entity.js';
import { SigningCeremony } from '../../src/signings/ceremony.entity.js';
import { ScreenLinks } from '../../src/signings/screen-links.service.js';
import { aPdf } from '../support/files.js';
import {
  ACCESS_TABLE,
  PRINCIPALS,
  TOKEN_PRINCIPALS,
  type AccessRow,
  type Fixture,
  type Principal,
  type RequestBody,
} from '../support/access-table.js';
import { Browser, multipartBody } from '../support/browser.js';
import { openApiRoutes, routerRoutes, type RouteKey } from '../support/routes.js';
import { ADMIN, apiLogin, startTestApp, type TestApp } from '../support/test-app.js';

const STAFF_PASSWORD = 'staff-password-1';

/**
 * The route × principal table (test/support/access-table.ts), run against the real application with the demo data:
 * every route of the router and of the OpenAPI document must have a row; for each principal the row allows, the
 * request succeeds; every other principal is refused (401, 403 or 404 on the API; a redirect to the sign-in page,
 * 403 or 404 on pages). No response to anyone but an organiser carries another attendee's email or phone number, and
 * only those who work at the event see another attendee's name.
 */
describe(`route × principal access table on ${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'SQLite'}`, () => {
  let t: TestApp;
  let f: Fixture;
  let routes: RouteKey[];
  let openApi: RouteKey[];
  const bearers = new Map<Principal, Record<string, string>>();
  const browsers = new Map<Principal, Browser>();

  beforeAll(async () => {
    t = await startTestApp({ demo: true, env: { MAIL_WORKER: 'false', RATE_LIMIT_SCALE: '0' } });
    f = await buildFixture(t);
    routes = routerRoutes(t.app);
    const doc = await t.app.inject({ method: 'GET', url: '/api/docs-json' });
    openApi = openApiRoutes(doc.json());

    const organiser = await apiLogin(t.app);
    bearers.set('organiser', organiser);
    bearers.set('staff', await apiLogin(t.app, f.staff.email, STAFF_PASSWORD));
    bearers.set('staffElsewhere', await apiLogin(t.app, f.staffElsewhere.email, STAFF_PASSWORD));
    bearers.set('device', { authorization: `Bearer ${f.devices.own}` });
    bearers.set('deviceOtherList', { authorization: `Bearer ${f.devices.otherList}` });
    bearers.set('deviceElsewhere', { authorization: `Bearer ${f.devices.elsewhere}` });
    for (const who of PRINCIPALS) {
      const browser = new Browser(t.app);
      await browser.get('/login');
      if (who === 'organiser') await signIn(browser, ADMIN.email, ADMIN.password);
      if (who === 'staff') await signIn(browser, f.staff.email, STAFF_PASSWORD);
      if (who === 'staffElsewhere') await signIn(browser, f.staffElsewhere.email, STAFF_PASSWORD);
      if (who === 'device') browser.cookies.duijie_device = f.devices.own;
      if (who === 'deviceOtherList') browser.cookies.duijie_device = f.devices.otherList;
      if (who === 'deviceElsewhere') browser.cookies.duijie_device = f.devices.elsewhere;
      browsers.set(who, browser);
    }
    // Attendees hold nothing but their link: a browser without cookies of its own.
    for (const who of TOKEN_PRINCIPALS) if (!browsers.has(who)) browsers.set(who, new Browser(t.app));
  }, 300_000);
  afterAll(() => t?.close());

  async function signIn(browser: Browser, email: string, password: string) {
    const res = await browser.post('/login', { email, password, next: '' });
    if (res.statusCode !== 303) throw new Error(`sign-in of ${email}: ${res.statusCode}`);
  }

  it('has a row for every route of the router and of the OpenAPI document, and no row for a route that is gone', () => {
    const known = new Set(Object.keys(ACCESS_TABLE));
    const missing = [...new Set([...routes, ...openApi])].filter((route) => !known.has(route));
    if (missing.length)
      throw new Error(
        `Routes without a row in test/support/access-table.ts (add one saying who may call each):\n  ${missing.join('\n  ')}`,
      );
    const gone = [...known].filter((route) => !routes.includes(route as RouteKey));
    expect(gone).toEqual([]);
    // Every JSON API route is documented, but the hall screen's state (its link is the credential; the screen's own
    // script polls it, no client is written against it).
    const undocumented = ['GET /api/signing-screens/:token'];
    expect(
      routes.filter(
        (r) => r.startsWith('/api/', r.indexOf(' ') + 1) && !openApi.includes(r) && !undocumented.includes(r),
      ),
    ).toEqual([]);
  });

  /** A browser and bearer of their own for the principal (for requests that sign in or out, pair or unpair). */
  async function isolatedSession(who: Principal): Promise<{ browser: Browser; bearer: Record<string, string> }> {
    const browser = new Browser(t.app);
    await browser.get('/login');
    const account =
      who === 'organiser'
        ? [ADMIN.email, ADMIN.password]
        : who === 'staff'
          ? [f.staff.email, STAFF_PASSWORD]
          : who === 'staffElsewhere'
            ? [f.staffElsewhere.email, STAFF_PASSWORD]
            : undefined;
    if (account) await signIn(browser, account[0], account[1]);
    const device = {
      device: f.devices.own,
      deviceOtherList: f.devices.otherList,
      deviceElsewhere: f.devices.elsewhere,
    }[who as 'device'];
    if (device) browser.cookies.duijie_device = device;
    const bearer = account
      ? await apiLogin(t.app, account[0], account[1])
      : device
        ? { authorization: `Bearer ${device}` }
        : {};
    return { browser, bearer };
  }

  /** One request as a principal: bearer tokens on the API, the principal's browser (cookies, CSRF) on pages. */
  async function request(
    who: Principal,
    method: string,
    url: string,
    body: RequestBody | undefined,
    own?: { browser: Browser; bearer: Record<string, string> },
  ) {
    if (url.startsWith('/api/')) {
      const headers: Record<string, string> = { ...(own?.bearer ?? bearers.get(who) ?? {}) };
      let payload: string | Buffer | undefined;
      if (body?.multipart) {
        const form = multipartBody(body.multipart.fields ?? {}, body.multipart.files ?? {});
        headers['content-type'] = form.contentType;
        payload = form.payload;
      } else if (body?.json !== undefined) {
        headers['content-type'] = 'application/json';
        payload = JSON.stringify(body.json);
      }
      const res = await t.app.inject({ method: method as 'GET', url, headers, payload });
      return { status: res.statusCode, location: String(res.headers.location ?? ''), text: res.body, flash: undefined };
    }
    const browser = own?.browser ?? browsers.get(who)!;
    if (method === 'GET') {
      const res = await browser.get(url);
      return {
        status: res.statusCode,
        location: String(res.headers.location ?? ''),
        text: res.body,
        flash: flashOf(res),
      };
    }
    const res = body?.multipart
      ? await browser.upload(url, body.multipart.fields ?? {}, body.multipart.files ?? {})
      : body?.json !== undefined
        ? await browser.postJson(url, body.json)
        : await browser.post(url, body?.form ?? {});
    return {
      status: res.statusCode,
      location: String(res.headers.location ?? ''),
      text: res.body,
      flash: flashOf(res),
    };
  }

  const principalsFor = (route: string): readonly Principal[] =>
    /\/:token\b/.test(route) && /^\w+ \/(api\/)?me\//.test(route) ? TOKEN_PRINCIPALS : PRINCIPALS;

  it('lets each principal the table allows through every route, refuses the others, and leaks nobody’s data', async () => {
    const failures: string[] = [];
    const counts = { allowed: 0, refused: 0, routes: 0 };
    for (const route of routes) {
      const row: AccessRow | undefined = ACCESS_TABLE[route];
      if (!row) continue; // reported by the first test
      counts.routes++;
      const [method, pattern] = route.split(' ');
      const principals = principalsFor(route);
      // Refused principals first, on the shared fixture; then the allowed ones, each on a fresh target if the row
      // makes one (a request that uses up what it acts on).
      const order = [...principals].sort((a, b) => Number(row.allow.includes(a)) - Number(row.allow.includes(b)));
      for (const who of order) {
        const allowed = row.allow.includes(who);
        let res: Awaited<ReturnType<typeof request>>;
        let url: string;
        try {
          const params = { ...row.params?.(f), ...(allowed && row.fresh ? await row.fresh(f, t) : {}) };
          url = fillPath(pattern, f, who, params) + (row.query ? `?${row.query}` : '');
          const body = row.body ? await row.body(f, who, params) : undefined;
          res = await request(who, method, url, body, row.isolated ? await isolatedSession(who) : undefined);
        } catch (error) {
          failures.push(`${route} as ${who}: could not make the request: ${(error as Error).message.slice(0, 300)}`);
          continue;
        }
        const isApi = url.startsWith('/api/');
        const toLogin = res.status === 303 && res.location.startsWith('/login');
        const describe = `${route} as ${who} → ${res.status}${res.location ? ` ${res.location}` : ''}`;
        if (allowed) {
          counts.allowed++;
          // A page that redirects with an error message (a flash of kind "error") did not do what was asked.
          const ok = row.reaches
            ? res.status < 500 && ![401, 403, 404].includes(res.status) && !toLogin
            : res.flash?.kind !== 'error' &&
              (row.expect
                ? row.expect.includes(res.status)
                : (res.status >= 200 && res.status < 300) || (res.status >= 300 && res.status < 400 && !toLogin));
          if (!ok)
            failures.push(
              `${describe}: expected to succeed${row.expect ? ` (${row.expect.join('/')})` : ''}: ${
                res.flash ? JSON.stringify(res.flash) : gist(res.text)
              }`,
            );
        } else {
          counts.refused++;
          const refused = isApi ? [401, 403, 404].includes(res.status) : toLogin || [403, 404].includes(res.status);
          const harmless = row.redirectsInsteadOf?.includes(who) && res.status === 303;
          if (!refused && !harmless) failures.push(`${describe}: expected a refusal (401/403/404): ${gist(res.text)}`);
          else if (who === 'anonymous' && isApi && res.status === 403 && !row.anonymousForbidden)
            failures.push(`${describe}: an anonymous visitor is asked to sign in (401), not told 403`);
        }
        // Another attendee's personal data: email and phone only to organisers; the name also to whoever works at
        // the event (check-in look-ups name people).
        if (who !== 'organiser' && !(allowed && row.showsLeads)) {
          for (const secret of [f.neighbour.email, f.neighbour.phone])
            if (res.text.includes(secret)) failures.push(`${describe}: leaks ${secret}`);
          const worksHere = ['staff', 'device', 'deviceOtherList'].includes(who);
          if (!worksHere && res.text.includes(f.neighbour.name))
            failures.push(`${describe}: leaks ${f.neighbour.name}`);
        }
      }
    }
    console.log(
      `access table: ${counts.routes} routes, ${counts.allowed} allowed and ${counts.refused} refused requests checked`,
    );
    expect(failures).toEqual([]);
  }, 600_000);
  it('opens links that are credentials only with the issued, current link: forged, made-up and revoked ones are 404', async () => {
    const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });
    const post = (url: string, payload?: object) =>
      t.app.inject({ method: 'POST', url, headers: f.auth, ...(payload ? { payload } : {}) });
    const forge = (token: string) => `${token.split('.')[0]}.${'A'.repeat(43)}`;
    const path = (url: string) => new URL(url).pathname;

    // The hall screen: an HMAC of the ceremony and its version (256 bits), revoked from the console or the API.
    expect(f.mod.screenToken).toMatch(/^\d+\.[\w-]{43}$/);
    for (const url of [
      `/screens/signings/${forge(f.mod.screenToken)}`,
      `/api/signing-screens/${forge(f.mod.screenToken)}`,
    ])
      expect([url, (await get(url)).statusCode]).toEqual([url, 404]);
    const base = `/api/events/${f.ours.id}`;
    const revoked = await post(`${base}/signings/ceremonies/${f.mod.ceremonyId}/screen/revoke`);
    const screenUrl = revoked.json<{ screenUrl: string }>().screenUrl;
    expect((await get(`/api/signing-screens/${f.mod.screenToken}`)).statusCode).toBe(404);
    expect((await get(`/screens/signings/${f.mod.screenToken}`)).statusCode).toBe(404);
    expect((await get(path(screenUrl))).statusCode).toBe(200);

    // The presenter's page of leads and a judge's score sheet: signed, renewed from the console or the API.
    expect(f.mod.presenterToken).toMatch(/^\d+\.[\w-]{43}$/);
    expect((await get(`/roadshows/presenter/${forge(f.mod.presenterToken)}`)).statusCode).toBe(404);
    const presenter = await post(`${base}/roadshows/projects/${f.mod.projectId}/presenter-link/renew`);
    expect(presenter.statusCode).toBe(200);
    const presenterUrl = presenter.json<{ presenterUrl: string }>().presenterUrl;
    expect((await get(`/roadshows/presenter/${f.mod.presenterToken}`)).statusCode).toBe(404);
    expect((await get(`/roadshows/presenter/${f.mod.presenterToken}/leads.xlsx`)).statusCode).toBe(404);
    expect((await get(path(presenterUrl))).statusCode).toBe(200);

    expect((await get(`/roadshows/judge/${forge(f.mod.judgeToken)}`)).statusCode).toBe(404);
    const judge = await post(`${base}/roadshows/${f.mod.roadshowId}/judges/${f.mod.judgeId}/renew-link`);
    expect(judge.statusCode).toBe(200);
    const judgeUrl = judge.json<{ url: string }>().url;
    expect((await get(`/roadshows/judge/${f.mod.judgeToken}`)).statusCode).toBe(404);
    expect((await get(path(judgeUrl))).statusCode).toBe(200);

    // A project's QR code is its public address (the event's roadshow page lists it): a made-up one opens nothing.
    expect(f.mod.projectToken).toMatch(/^[\w-]{22}$/);
    expect((await get(`/roadshows/p/${'A'.repeat(22)}`)).statusCode).toBe(404);

    // The attendee's recognition on project pages is signed with their personal link's version: renewing the
    // personal link ends it, and a lead sent with the old cookie records nothing.
    const recognised = await get(`/me/${f.neighbour.token}/roadshows`);
    expect(recognised.statusCode).toBe(303);
    const cookie = recognised.cookies.find((c) => c.name === 'duijie_roadshow_attendee')!;
    expect(cookie.value).toMatch(/^\d+\.[\w-]{43}$/);
    const lead = async () => {
      const browser = new Browser(t.app);
      browser.cookies.duijie_roadshow_attendee = cookie.value;
      await browser.get(`/roadshows/p/${f.mod.projectToken}`);
      return browser.post(`/roadshows/p/${f.mod.projectToken}/leads`, { kind: 'message', message: '请联系我' });
    };
    const leads = () =>
      t.app.get(Database).manager.countBy(RoadshowLead, { registrationId: f.neighbour.id, kind: 'message' });
    expect((await lead()).statusCode).toBe(303);
    expect(await leads()).toBe(1);
    expect((await post(`/api/registrations/${f.neighbour.id}/renew-link`)).statusCode).toBe(200);
    expect((await lead()).statusCode).not.toBe(303);
    expect(await leads()).toBe(1);
  });
});

/** The flash message a page response sets (shown on the next page), if any. */
function flashOf(res: { cookies: { name: string; value: string }[] }): { kind: string; key: string } | undefined {
  const cookie = res.cookies.find((c) => c.name === 'duijie_flash' && c.value);
  if (!cookie) return undefined;
  try {
    return JSON.parse(Buffer.from(cookie.value, 'base64url').toString('utf8')) as { kind: string; key: string };
  } catch {
    return undefined;
  }
}

/** What a failure message shows of a response: JSON as it is, of a page the error messages on it. */
function gist(text: string): string {
  if (!text.startsWith('<')) return text.slice(0, 300);
  const errors = [...text.matchAll(/class="(?:field-error|alert[^"]*)"[^>]*>([\s\S]*?)<\/(?:p|div)>/g)].map((m) =>
    m[1]
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  );
  return errors.length
    ? errors.join(' | ').slice(0, 300)
    : text
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .slice(0, 200);
}

/** Fills `:param`s from the fixture by the segment before them (`events/:id` is the event, `sessions/:sessionId` …). */
function fillPath(pattern: string, f: Fixture, who: Principal, params: Record<string, string | number>): string {
  const segments = pattern.split('/');
  return segments
    .map((segment, i) => {
      if (!segment.startsWith(':')) return segment;
      const name = segment.slice(1).replace(/\(.*\)$/, '');
      if (name in params) return String(params[name]);
      const before = segments.slice(0, i).filter((s) => !s.startsWith(':'));
      const context = before.slice(-2).join('/');
      const value = paramValue(name, context, f, who);
      if (value === undefined) throw new Error(`no fixture value for ${segment} in ${pattern}`);
      return String(value);
    })
    .join('/');
}

function paramValue(name: string, context: string, f: Fixture, who: Principal): string | number | undefined {
  const last = context.split('/').pop();
  switch (name) {
    case 'token':
      if (context.endsWith('pair')) return f.pairingToken;
      if (context.endsWith('invitations')) return f.invitationToken;
      return who === 'attendee' ? f.attendee.token : who === 'attendeeForged' ? f.forgedToken : f.randomToken;
    case 'slug':
      return f.ours.slug;
    case 'library':
      return 'achievements';
    case 'version':
      return 1;
    case 'role':
      return f.ours.organisationRole;
    case 'action':
      return 'enable';
    case 'jobId':
      return f.jobId;
    case 'eventId':
      return f.ours.id;
    case 'id':
      if (last === 'events') return f.ours.id;
      if (last === 'registrations') return f.attendee.id;
      if (last === 'achievements') return f.ours.achievementId;
      if (last === 'demands') return f.ours.demandId;
      if (last === 'organisations') return f.organisationId;
      if (last === 'series') return f.seriesId;
      if (last === 'users') return f.staff.id;
      if (last === 'invitations') return f.invitationId;
      if (last === 'intents') return f.mod.intentId;
      if (last === 'console') return f.ours.achievementId;
      return undefined;
    case 'sessionId':
      return /meetings|meeting-sessions/.test(context) ? f.ours.meetingSessionId : f.ours.sessionId;
    case 'listId':
      return f.ours.entranceListId;
    case 'venueId':
      return f.ours.venueId;
    case 'roomId':
      return f.ours.roomId;
    case 'zoneId':
      return f.ours.zoneId;
    case 'categoryId':
      return f.ours.categoryId;
    case 'questionId':
      return f.ours.questionId;
    case 'deviceId':
      return f.ours.deviceId;
    case 'registrationId':
      return f.attendee.id;
    case 'messageId':
      return f.ours.outboxId;
    case 'organisationId':
      return f.ours.organisationId;
    case 'userId':
      return f.staff.id;
    case 'invitationId':
      return f.invitationId;
    case 'requestId':
      return context.includes('meeting-requests') ? f.meetings.requestToAttendee : f.meetings.requestId;
    case 'meetingId':
      return context.startsWith('me/') || context.endsWith('/meetings')
        ? f.meetings.attendeeMeetingId
        : f.meetings.meetingId;
    case 'participantId':
      return f.meetings.recommendedParticipantId;
    case 'ceremonyId':
      return f.mod.ceremonyId;
    case 'agreementId':
      return f.mod.agreementId;
    case 'partyId':
      return f.mod.partyId;
    case 'witnessId':
      return f.mod.witnessId;
    case 'roadshowId':
      return f.mod.roadshowId;
    case 'projectId':
      return f.mod.projectId;
    case 'judgeId':
      return f.mod.judgeId;
    case 'seriesId':
      return f.seriesId;
    case 'itemId':
      return f.ours.achievementId;
    case 'proposalId':
      return f.mod.proposalId;
    case 'attachmentId':
      if (context.includes('intents')) return f.mod.intentAttachmentId;
      if (context.includes('demands')) return f.mod.demandAttachmentId;
      return f.mod.achievementAttachmentId;
    default:
      return undefined;
  }
}

type Call = <T = Record<string, unknown>>(method: string, url: string, payload?: object) => Promise<T>;

/** Sends a file as the organiser (multipart field `file`); the parsed answer. */
async function upload(t: TestApp, method: 'POST' | 'PUT', url: string, fields: Record<string, string> = {}) {
  const body = multipartBody(fields, {
    file: { filename: '资料.pdf', contentType: 'application/pdf', data: aPdf('access table fixture') },
  });
  const res = await t.app.inject({
    method,
    url,
    headers: { ...(await apiLogin(t.app)), 'content-type': body.contentType },
    payload: body.payload,
  });
  if (res.statusCode >= 400) throw new Error(`fixture ${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json<{ id: number; attachments?: { id: number }[] }>();
}

/**
 * The demo's signing ceremony and roadshow of our event (an agreement with two parties and a witness added, slides
 * on the first project, a judge), an intent with an attached follow-up, attachments on the listed achievement and
 * demand, and a proposal made from the attendee's personal page.
 */
async function buildModulesFixture(
  t: TestApp,
  eventId: number,
  attendeeToken: string,
  neighbourToken: string,
  achievementId: number,
  demandId: number,
  call: Call,
): Promise<Fixture['mod']> {
  const em = t.app.get(Database).manager;
  const ceremony = await em.findOneOrFail(SigningCeremony, { where: { eventId }, order: { id: 'ASC' } });
  const agreement = await call<{ id: number; parties: { id: number }[]; witnesses: { id: number }[] }>(
    'POST',
    `/api/events/${eventId}/signings/ceremonies/${ceremony.id}/agreements`,
    {
      title: '访问表夹具协议',
      kind: 'project',
      parties: [{ organisation: '访问表夹具甲方' }, { organisation: '访问表夹具乙方' }],
      witnesses: [{ name: '访问表夹具见证人' }],
    },
  );
  const roadshow = await em.findOneOrFail(Roadshow, { where: { eventId }, order: { id: 'ASC' } });
  const project = await em.findOneOrFail(RoadshowProject, {
    where: { roadshowId: roadshow.id },
    order: { position: 'ASC' },
  });
  await upload(t, 'PUT', `/api/events/${eventId}/roadshows/projects/${project.id}/slides`);
  let criterion = await em.findOne(RoadshowCriterion, { where: { roadshowId: roadshow.id }, order: { id: 'ASC' } });
  if (!criterion) {
    await call('PUT', `/api/events/${eventId}/roadshows/${roadshow.id}/criteria`, {
      criteria: [{ name: '技术先进性', weight: 100 }],
    });
    criterion = await em.findOneOrFail(RoadshowCriterion, { where: { roadshowId: roadshow.id } });
  }
  const judge = await call<{ id: number }>('POST', `/api/events/${eventId}/roadshows/${roadshow.id}/judges`, {
    name: '访问表评委',
    organisation: '访问表评审单位',
  });
  const judgeRow = await em.findOneByOrFail(RoadshowJudge, { id: judge.id });
  const links = t.app.get(RoadshowLinks);

  const intent = await em.findOneOrFail(Intent, { where: {}, order: { id: 'ASC' } });
  await upload(t, 'POST', `/api/intents/${intent.id}/follow-ups`, {
    note: '访问表附件',
    happenedOn: new Date().toISOString().slice(0, 10),
  });
  const intentAttachment = await em.findOneOrFail(IntentAttachment, {
    where: { intentId: intent.id },
    order: { id: 'DESC' },
  });
  const achievementAttachment = await upload(t, 'POST', `/api/achievements/${achievementId}/attachments`);
  const demandAttachment = await upload(t, 'POST', `/api/demands/${demandId}/attachments`);

  // The neighbour asks the first project for a meeting (their name and contact are the presenter's to see).
  const neighbourPhone = new Browser(t.app);
  const recognised = await neighbourPhone.get(`/me/${neighbourToken}/roadshows`);
  if (recognised.statusCode !== 303) throw new Error(`fixture roadshow recognition: ${recognised.statusCode}`);
  await neighbourPhone.get(`/roadshows/p/${project.publicToken}`);
  const lead = await neighbourPhone.post(`/roadshows/p/${project.publicToken}/leads`, {
    kind: 'meeting',
    message: '希望约见',
  });
  if (lead.statusCode !== 303) throw new Error(`fixture roadshow lead: ${lead.statusCode} ${lead.body.slice(0, 300)}`);

  const browser = new Browser(t.app);
  await browser.get(`/me/${attendeeToken}/intents`);
  const proposed = await browser.post(`/me/${attendeeToken}/intents/proposals`, {
    title: '夹具合作意向',
    kind: 'licence',
  });
  const proposalId = Number(/#proposal-(\d+)$/.exec(String(proposed.headers.location ?? ''))?.[1]);
  const proposal = await em.findOneByOrFail(IntentProposal, { id: proposalId });

  return {
    ceremonyId: ceremony.id,
    agreementId: agreement.id,
    partyId: agreement.parties[0].id,
    witnessId: agreement.witnesses[0].id,
    screenToken: await t.app.get(ScreenLinks).token(ceremony),
    roadshowId: roadshow.id,
    projectId: project.id,
    projectToken: project.publicToken,
    presenterToken: await links.presenterToken(project),
    judgeId: judge.id,
    judgeToken: await links.judgeToken(judgeRow),
    criterionId: criterion.id,
    intentId: intent.id,
    intentAttachmentId: intentAttachment.id,
    achievementAttachmentId: achievementAttachment.id,
    demandAttachmentId: demandAttachment.id,
    proposalId: proposal.id,
    listedAchievementId: achievementId,
  };
}

/**
 * The demo data (Chengdu = our event, Suzhou = another), plus: an attendee and a neighbour at our event (the
 * neighbour with recognisable personal data), staff assigned to each event, paired devices (our entrance list, our
 * VIP list, the other event's entrance), the attendee in the free negotiation with a request and a meeting.
 */
async function buildFixture(t: TestApp): Promise<Fixture> {
  const app: NestFastifyApplication = t.app;
  const auth = await apiLogin(app);
  const call = async <T = Record<string, unknown>>(method: string, url: string, payload?: object) => {
    const res = await app.inject({ method: method as 'GET', url, headers: auth, ...(payload ? { payload } : {}) });
    if (res.statusCode >= 400) throw new Error(`fixture ${method} ${url}: ${res.statusCode} ${res.body}`);
    return (res.body ? res.json() : undefined) as T;
  };
  const events = await call<{ id: number; slug: string }[]>('GET', '/api/events');
  const ours = events.find((e) => e.slug === 'chengdu-metro')!;
  const other = events.find((e) => e.slug === 'suzhou-2023')!;
  const event = await call<{
    venues: { id: number; rooms: { id: number }[] }[];
    zones: { id: number }[];
    organisations: { id: number; role: string }[];
  }>('GET', `/api/events/${ours.id}`);
  const entrance = async (eventId: number) =>
    (await call<{ id: number; kind: string }[]>('GET', `/api/events/${eventId}/checkin-lists`)).find(
      (l) => l.kind === 'entrance',
    )!.id;
  const vip = await call<{ id: number }>('POST', `/api/events/${ours.id}/checkin-lists`, {
    name: '贵宾厅',
    kind: 'zone',
  });
  const oursEntrance = await entrance(ours.id);
  const otherEntrance = await entrance(other.id);
  const pair = async (eventId: number, listId: number, name: string) => {
    const issued = await call<{ id: number; pairingToken: string }>('POST', `/api/events/${eventId}/checkin-devices`, {
      name,
      listId,
    });
    const paired = await app.inject({
      method: 'POST',
      url: '/api/devices/pair',
      payload: { token: issued.pairingToken },
    });
    return { id: issued.id, token: paired.json<{ deviceToken: string }>().deviceToken };
  };
  const own = await pair(ours.id, oursEntrance, '东门 1 号机');
  const otherList = await pair(ours.id, vip.id, '贵宾厅 1 号机');
  const elsewhere = await pair(other.id, otherEntrance, '苏州 1 号机');

  const users = app.get(UsersService);
  const staffUser = async (email: string, eventId: number) => {
    const user = await users.createUser({ email, name: `工作人员 ${email}`, role: 'staff', password: STAFF_PASSWORD });
    await users.assignStaff(user.id, eventId);
    return { id: user.id, email };
  };
  const staff = await staffUser('gate@table.test', ours.id);
  const staffElsewhere = await staffUser('suzhou@table.test', other.id);

  const register = async (name: string, email: string, phone: string) => {
    const res = await app.inject({
      method: 'POST',
      url: `/api/events/${ours.id}/registrations`,
      payload: { name, email, phone, organisation: '四川恒麓电气科技有限公司', category: 'enterprise', consent: true },
    });
    if (res.statusCode !== 201) throw new Error(`register: ${res.statusCode} ${res.body}`);
    const { id, manageUrl } = res.json<{ id: number; manageUrl: string }>();
    return { id, token: new URL(manageUrl).pathname.slice('/me/'.length) };
  };
  const attendee = await register('王敏', 'wang.min@table.test', '+86 138 0000 1111');
  const neighbourData = { name: '李秘密', email: 'li.mimi.secret@table.test', phone: '13912345678' };
  const neighbour = await register(neighbourData.name, neighbourData.email, neighbourData.phone);
  const signature = attendee.token.split('.')[1];

  // The agenda, registration form and venue things of our event.
  const sessions = await call<{ id: number; kind: string }[]>('GET', `/api/events/${ours.id}/sessions`);
  const form = await call<{ categories: { id: number; code: string }[]; questions: { id: number }[] }>(
    'GET',
    `/api/events/${ours.id}/registration-form`,
  );
  const lists = await call<{ items: { id: number }[] }>('GET', `/api/events/${ours.id}/achievements`);
  const demands = await call<{ items: { id: number }[] }>('GET', `/api/events/${ours.id}/demands`);
  const series = await call<{ id: number }[]>('GET', '/api/series');
  const organisations = await call<{ items?: { id: number }[] } | { id: number }[]>('GET', '/api/organisations');
  const organisationList = Array.isArray(organisations) ? organisations : (organisations.items ?? []);
  const db = app.get(Database);
  const outbox = await db.manager.findOneOrFail(OutboxMessage, { where: { eventId: ours.id }, order: { id: 'ASC' } });
  const invitation = await call<{ id: number; url: string }>('POST', '/api/users/invitations', {
    email: 'invited@table.test',
    name: '被邀请人',
    role: 'staff',
    eventId: ours.id,
  });
  const pairing = await call<{ pairingToken: string }>('POST', `/api/events/${ours.id}/checkin-devices`, {
    name: '备用机',
    listId: oursEntrance,
  });

  // The free negotiation: the attendee takes part, sends a request, receives one, and has a meeting.
  const meetingBase = `/api/events/${ours.id}/meetings`;
  const [meetingSession] = await call<{ id: number }[]>('GET', `${meetingBase}/sessions`);
  const me = (method: string, path: string, payload?: object) =>
    app.inject({ method: method as 'GET', url: `/api/me/${attendee.token}${path}`, ...(payload ? { payload } : {}) });
  const joined = await me('PUT', `/meeting-sessions/${meetingSession.id}/participation`, {
    offer: '碳化硅功率器件',
    seek: '整机厂商',
  });
  const attendeeParticipant = joined.json<{ id: number }>().id;
  const participants = (await me('GET', `/meeting-sessions/${meetingSession.id}/participants`)).json<
    { id: number }[]
  >();
  const sent = await me('POST', `/meeting-sessions/${meetingSession.id}/requests`, {
    to: participants[0].id,
    message: '想了解贵公司的成果',
  });
  await call('POST', `${meetingBase}/requests/${sent.json<{ id: number }>().id}/answer`, { answer: 'accept' });
  const toAttendee = await call<{ id: number }>('POST', `${meetingBase}/sessions/${meetingSession.id}/requests`, {
    from: participants[1].id,
    to: attendeeParticipant,
    message: '希望与您洽谈',
  });
  const schedule = await call<{
    meetings: { id: number; people: { participantId?: number; id?: number; name: string }[] }[];
  }>('POST', `${meetingBase}/sessions/${meetingSession.id}/schedule/run`);
  const attendeeMeeting = schedule.meetings.find((m) => m.people.some((p) => p.name === '王敏'))!;
  const requests = await call<{ id: number; status: string }[]>(
    'GET',
    `${meetingBase}/sessions/${meetingSession.id}/requests`,
  );
  const recommendations = (await me('GET', `/meeting-sessions/${meetingSession.id}/recommendations`)).json<
    { participantId?: number; id?: number }[]
  >();

  // A finished library import, for the progress routes.
  const csv = Buffer.from(
    '成果名称 title,成果简介 summary,领域 category,成熟度 maturity,转化方式 transferModes,成果单位 owner\r\n' +
      '表内测试成果,访问表测试用的成果。,electronics,pilot,许可,成都测试有限公司\r\n',
  );
  const upload = multipartBody({}, { file: { filename: 'one.csv', contentType: 'text/csv', data: csv } });
  const job = await app.inject({
    method: 'POST',
    url: '/api/achievements/import',
    headers: { ...auth, 'content-type': upload.contentType },
    payload: upload.payload,
  });

  // Locked, the fixture's meetings keep their ids when a row runs the scheduler again.
  for (const meeting of schedule.meetings)
    await call('POST', `${meetingBase}/sessions/${meetingSession.id}/meetings/${meeting.id}/lock`, { locked: true });
  const allParticipants = await call<{ id: number }[]>(
    'GET',
    `${meetingBase}/sessions/${meetingSession.id}/participants`,
  );
  const eventStart = await call<{ startsAt: string }>('GET', `/api/events/${ours.id}`);
  const hostRole = event.organisations[0];
  const mod = await buildModulesFixture(
    t,
    ours.id,
    attendee.token,
    neighbour.token,
    lists.items[0].id,
    demands.items[0].id,
    call,
  );
  return {
    mod,
    auth,
    oursDay: new Date(new Date(eventStart.startsAt).getTime() + 8 * 3600_000).toISOString().slice(0, 10),
    ours: {
      id: ours.id,
      slug: ours.slug,
      entranceListId: oursEntrance,
      vipListId: vip.id,
      sessionId: sessions.find((s) => s.kind !== 'free_negotiation')!.id,
      meetingSessionId: meetingSession.id,
      achievementId: lists.items[0].id,
      demandId: demands.items[0].id,
      venueId: event.venues[0].id,
      roomId: event.venues[0].rooms[0].id,
      zoneId: (await call<{ id: number }>('POST', `/api/events/${ours.id}/zones`, { name: '成果展区' })).id,
      categoryId: form.categories[0].id,
      questionId:
        form.questions[0]?.id ??
        (
          await call<{ id: number }>('POST', `/api/events/${ours.id}/questions`, {
            code: 'industry',
            kind: 'text',
            label: '所属行业',
          })
        ).id,
      deviceId: own.id,
      outboxId: outbox.id,
      organisationId: hostRole.id,
      organisationRole: hostRole.role,
    },
    other: { id: other.id, slug: other.slug, entranceListId: otherEntrance },
    staff,
    staffElsewhere,
    devices: { own: own.token, otherList: otherList.token, elsewhere: elsewhere.token },
    attendee,
    neighbour: { id: neighbour.id, token: neighbour.token, ...neighbourData },
    forgedToken: `${neighbour.id}.${signature}`,
    randomToken: `${attendee.id}.${randomBytes(32).toString('base64url').slice(0, 43)}`,
    seriesId: series[0].id,
    openCallDemandId: (
      await call<{ id: number }>('POST', '/api/demands', {
        title: '揭榜挂帅：小水电站变速恒频改造',
        description: '面向全国征集技术方案。',
        category: 'new_energy',
        publisher: '雅安城市建设投资开发有限公司',
        openCall: true,
      })
    ).id,
    organisationId: organisationList[0].id,
    jobId: job.json<{ id: string }>().id,
    invitationId: invitation.id,
    invitationToken: new URL(invitation.url).pathname.split('/').pop()!,
    pairingToken: pairing.pairingToken,
    meetings: {
      participantIds: allParticipants.map((p) => p.id).filter((id) => id !== attendeeParticipant),
      attendeeParticipantId: attendeeParticipant,
      spareMeetingIds: schedule.meetings
        .map((m) => m.id)
        .filter((id) => id !== attendeeMeeting.id)
        .slice(1),
      requestId: requests.find((r) => r.status === 'pending')!.id,
      requestToAttendee: toAttendee.id,
      meetingId: schedule.meetings.find((m) => m !== attendeeMeeting)!.id,
      attendeeMeetingId: attendeeMeeting.id,
      recommendedParticipantId: recommendations[0]?.participantId ?? recommendations[0]?.id ?? participants[2].id,
    },
  };
}
