import { EventEmitter2 } from '@nestjs/event-emitter';
import ExcelJS from 'exceljs';
import { ROADSHOW_LEAD, type RoadshowLeadEvent } from '../../src/common/domain-events.js';
import { Database } from '../../src/database/database.service.js';
import { Organisation } from '../../src/directory/organisation.entity.js';
import { OutboxService } from '../../src/mail/outbox.service.js';
import { Registration } from '../../src/registration/registration.entity.js';
import { MAX_SLIDES_BYTES } from '../../src/roadshows/domain/slides.js';
import { RoadshowFollowUp } from '../../src/roadshows/roadshow-follow-up.service.js';
import { Browser, multipartBody } from '../support/browser.js';
import { staffLogin } from '../support/check-in.js';
import { badgeCode } from '../support/factories.js';
import { SmtpSink } from '../support/smtp-sink.js';
import { ADMIN, apiLogin, startTestApp, twoDayEvent, type TestApp } from '../support/test-app.js';

/** "HH:MM" Beijing time of an ISO instant. */
const beijing = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(11, 16);
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
  'latin1',
);

interface ProjectJson {
  id: number;
  name: string;
  position: number;
  startsAt: string;
  endsAt: string;
  url: string;
  presenterUrl?: string;
  presenterEmail?: string | null;
  presenter: { name: string } | null;
}

describe('roadshows: running orders, follow-up, scoring and the presenter’s leads', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let auth: { authorization: string };
  let eventId: number;
  let roadshowId: number;
  let sessionEndsAt: Date;
  const ids: Record<string, number> = {};
  const people: Record<string, { registrationId: number; token: string; email: string }> = {};
  const emitted: RoadshowLeadEvent[] = [];

  const api = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: auth, ...(payload ? { payload } : {}) });
  const base = () => `/api/events/${eventId}/roadshows`;
  const times = (projects: ProjectJson[]) => projects.map((p) => [p.name, beijing(p.startsAt)]);

  beforeAll(async () => {
    sink = await new SmtpSink().start();
    t = await startTestApp({
      env: { SMTP_URL: sink.url, MAIL_POLL_MS: '50', MAIL_FROM: 'Duijie <no-reply@duijie.test>', TRUST_PROXY: 'true' },
    });
    auth = await apiLogin(t.app);
    t.app.get(EventEmitter2).on(ROADSHOW_LEAD, (payload: RoadshowLeadEvent) => emitted.push(payload));
    const event = (
      await api(
        'POST',
        '/api/events',
        twoDayEvent({
          slug: 'roadshow-e2e',
          startsAt: '2027-05-20T09:00:00+08:00',
          endsAt: '2027-05-20T17:30:00+08:00',
        }),
      )
    ).json();
    eventId = event.id;
    const session = (
      await api('POST', `/api/events/${eventId}/sessions`, {
        kind: 'roadshow',
        title: '项目路演',
        titleEn: 'Project roadshow',
        startsAt: '2027-05-20T13:30:00+08:00',
        endsAt: '2027-05-20T14:15:00+08:00',
        roomId: event.venues[0].rooms[0].id,
      })
    ).json().session;
    ids.session = session.id;
    sessionEndsAt = new Date(session.endsAt);
    ids.lecture = (
      await api('POST', `/api/events/${eventId}/sessions`, {
        kind: 'lecture',
        title: '“双力”讲堂',
        startsAt: '2027-05-20T10:00:00+08:00',
        endsAt: '2027-05-20T11:00:00+08:00',
      })
    ).json().session.id;
    expect((await api('POST', `/api/events/${eventId}/publish`)).statusCode).toBe(200);
    await api('POST', `/api/events/${eventId}/categories`, {
      code: 'enterprise',
      name: '企业代表',
      nameEn: 'Enterprise',
    });
    for (const [key, name, organisation] of [
      ['a', '王敏', '眉山东坡医疗健康投资有限公司'],
      ['b', 'Li Na', '安徽磐石基业产业投资有限公司'],
    ] as const) {
      const email = `${key}@roadshow.example.cn`;
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/events/${eventId}/registrations`,
        payload: { name, email, organisation, title: '投资总监', consent: true },
      });
      expect(res.statusCode).toBe(201);
      const { id, manageUrl } = res.json<{ id: number; manageUrl: string }>();
      people[key] = { registrationId: id, email, token: new URL(manageUrl).pathname.slice('/me/'.length) };
    }
    await sink.waitFor(2);
  });

  afterAll(async () => {
    await t.close();
    await sink.stop();
  });

  it('gives only a roadshow session a running order, naming the field and the reason otherwise', async () => {
    const anonymous = await t.app.inject({ method: 'POST', url: base(), payload: { agendaSessionId: ids.session } });
    expect(anonymous.statusCode).toBe(401);
    const staff = await staffLogin(t, 'desk@roadshow.test', [eventId]);
    const asStaff = await t.app.inject({
      method: 'POST',
      url: base(),
      headers: staff,
      payload: { agendaSessionId: ids.session },
    });
    expect(asStaff.statusCode).toBe(403);
    const wrongKind = await api('POST', base(), { agendaSessionId: ids.lecture });
    expect(wrongKind.statusCode).toBe(400);
    expect(wrongKind.json().fields).toEqual([
      { field: 'agendaSessionId', reason: 'the session is not a roadshow session' },
    ]);
    const badInput = await api('POST', base(), { agendaSessionId: 'x', changeoverMinutes: 99 });
    expect(badInput.statusCode).toBe(400);
    expect(new Set(badInput.json().fields.map((f: { field: string }) => f.field))).toEqual(
      new Set(['agendaSessionId', 'changeoverMinutes']),
    );
    expect(badInput.json().fields).toContainEqual({
      field: 'changeoverMinutes',
      reason: 'at most 30 minutes',
    });

    const created = await api('POST', base(), { agendaSessionId: ids.session });
    expect(created.statusCode).toBe(201);
    roadshowId = created.json().id;
    expect(created.json()).toMatchObject({ agendaSessionId: ids.session, projects: [], warnings: [] });
    const again = await api('POST', base(), { agendaSessionId: ids.session });
    expect(again.statusCode).toBe(409);
  });

  it('computes each pitch’s start from the session start and the lengths before it', async () => {
    const projects = [
      {
        name: '矢安AI主动防御实战化评价中心',
        organisation: '成都矢安网络安全技术有限公司',
        presenter: { name: '李睿', title: '技术总监', email: 'lirui@shian.example.cn' },
        categoryCode: 'electronics',
        stage: 'pilot',
        seeks: ['partners', 'orders'],
        pitchMinutes: 8,
        qaMinutes: 4,
      },
      {
        name: '汽车磁流变智能油气悬架',
        organisation: '重庆武瓴智行科技有限公司',
        presenter: { name: '周航', title: '总经理', email: 'zhouhang@wuling.example.cn' },
        categoryCode: 'equipment',
        stage: 'small_batch',
        seeks: ['financing', 'land'],
        pitchMinutes: 10,
        qaMinutes: 5,
      },
      {
        name: '全彩微光夜视仪',
        organisation: '西部光电技术研究院',
        presenter: { name: '陈光', email: 'chenguang@xbgd.example.cn' },
        pitchMinutes: 8,
        qaMinutes: 4,
      },
    ];
    const answers = [];
    for (const project of projects) answers.push(await api('POST', `${base()}/${roadshowId}/projects`, project));
    expect(answers.map((a) => a.statusCode)).toEqual([201, 201, 201]);
    const body = answers[2].json();
    expect(body.project).toMatchObject({ name: '全彩微光夜视仪', position: 3 });
    expect(times(body.roadshow.projects)).toEqual([
      ['矢安AI主动防御实战化评价中心', '13:30'],
      ['汽车磁流变智能油气悬架', '13:42'],
      ['全彩微光夜视仪', '13:57'],
    ]);
    ids.shian = body.roadshow.projects[0].id;
    ids.wuling = body.roadshow.projects[1].id;
    ids.yeshi = body.roadshow.projects[2].id;
    expect(body.warnings).toEqual([]);

    const bad = await api('POST', `${base()}/${roadshowId}/projects`, {
      name: '',
      organisation: '某单位',
      pitchMinutes: 0,
      seeks: ['money'],
      categoryCode: 'astrology',
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .fields.map((f: { field: string }) => f.field)
        .sort(),
    ).toEqual(['name', 'pitchMinutes', 'seeks']);
    const unknownCategory = await api('POST', `${base()}/${roadshowId}/projects`, {
      name: '某项目',
      organisation: '某单位',
      pitchMinutes: 5,
      categoryCode: 'astrology',
    });
    expect(unknownCategory.statusCode).toBe(400);
    expect(unknownCategory.json().fields).toEqual([
      { field: 'categoryCode', reason: 'not a category code (astrology)' },
    ]);
  });

  it('recomputes the times after a reorder and after a change of length', async () => {
    const reordered = await api('POST', `${base()}/${roadshowId}/reorder`, {
      projectIds: [ids.wuling, ids.shian, ids.yeshi],
    });
    expect(reordered.statusCode).toBe(200);
    expect(times(reordered.json().projects)).toEqual([
      ['汽车磁流变智能油气悬架', '13:30'],
      ['矢安AI主动防御实战化评价中心', '13:45'],
      ['全彩微光夜视仪', '13:57'],
    ]);
    const incomplete = await api('POST', `${base()}/${roadshowId}/reorder`, { projectIds: [ids.wuling, ids.shian] });
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.json().fields).toEqual([
      { field: 'projectIds', reason: 'must list all 3 projects of this roadshow' },
    ]);

    const longer = await api('PATCH', `${base()}/projects/${ids.wuling}`, { pitchMinutes: 12 });
    expect(longer.statusCode).toBe(200);
    expect(times(longer.json().roadshow.projects)).toEqual([
      ['汽车磁流变智能油气悬架', '13:30'],
      ['矢安AI主动防御实战化评价中心', '13:47'],
      ['全彩微光夜视仪', '13:59'],
    ]);
    const changeover = await api('PATCH', `${base()}/${roadshowId}`, { changeoverMinutes: 1 });
    expect(times(changeover.json().projects)).toEqual([
      ['汽车磁流变智能油气悬架', '13:30'],
      ['矢安AI主动防御实战化评价中心', '13:48'],
      ['全彩微光夜视仪', '14:01'],
    ]);
  });

  it('warns when the projects no longer fit the session, until the organiser accepts the overrun or fixes it', async () => {
    // 14:01 + 8 + 4 = 14:13 fits 14:15; a longer Q&A pushes the end to 14:23.
    const over = await api('PATCH', `${base()}/projects/${ids.yeshi}`, { qaMinutes: 14 });
    expect(over.json().warnings).toEqual([
      {
        kind: 'overrun',
        severity: 'warning',
        key: `roadshow_overrun:${roadshowId}:8`,
        overrunMinutes: 8,
        endsAt: '2027-05-20T06:23:00.000Z',
        sessionEndsAt: sessionEndsAt.toISOString(),
        projectIds: [ids.yeshi],
      },
    ]);
    const stale = await api('POST', `${base()}/${roadshowId}/accept-warning`, {
      key: `roadshow_overrun:${roadshowId}:3`,
    });
    expect(stale.statusCode).toBe(400);
    expect(stale.json().fields).toEqual([{ field: 'key', reason: 'is not a current warning of this roadshow' }]);
    const accepted = await api('POST', `${base()}/${roadshowId}/accept-warning`, {
      key: `roadshow_overrun:${roadshowId}:8`,
    });
    expect(accepted.json()).toMatchObject({ warnings: [], overrunMinutes: 8 });
    // A longer overrun is a new situation: asked again.
    const worse = await api('PATCH', `${base()}/projects/${ids.yeshi}`, { qaMinutes: 16 });
    expect(worse.json().warnings.map((w: { key: string }) => w.key)).toEqual([`roadshow_overrun:${roadshowId}:10`]);
    // Fixed: back within the session, no warning.
    const fixed = await api('PATCH', `${base()}/projects/${ids.yeshi}`, { qaMinutes: 4 });
    expect(fixed.json().warnings).toEqual([]);
    expect((await api('GET', `${base()}/${roadshowId}`)).json()).toMatchObject({ overrunMinutes: 0, warnings: [] });
  });

  it('shows published running orders to anyone, without contact data, and drafts to no one but organisers', async () => {
    const res = await t.app.inject({ method: 'GET', url: base() });
    expect(res.statusCode).toBe(200);
    const [roadshow] = res.json();
    expect(roadshow).toMatchObject({ id: roadshowId, title: '项目路演', startsAt: '2027-05-20T05:30:00.000Z' });
    expect(roadshow.projects.map((p: ProjectJson) => [p.position, p.name, p.startsAt])).toEqual([
      [1, '汽车磁流变智能油气悬架', '2027-05-20T05:30:00.000Z'],
      [2, '矢安AI主动防御实战化评价中心', '2027-05-20T05:48:00.000Z'],
      [3, '全彩微光夜视仪', '2027-05-20T06:01:00.000Z'],
    ]);
    expect(JSON.stringify(roadshow)).not.toContain('@');
    expect(roadshow.projects[0].url).toMatch(new RegExp(`^${t.config.appUrl}/roadshows/p/[\\w-]{22}$`));

    const draft = (
      await api(
        'POST',
        '/api/events',
        twoDayEvent({
          slug: 'roadshow-draft',
          startsAt: '2027-06-01T09:00:00+08:00',
          endsAt: '2027-06-01T17:00:00+08:00',
        }),
      )
    ).json();
    const draftSession = (
      await api('POST', `/api/events/${draft.id}/sessions`, {
        kind: 'roadshow',
        title: '路演彩排',
        startsAt: '2027-06-01T10:00:00+08:00',
        endsAt: '2027-06-01T11:00:00+08:00',
      })
    ).json().session;
    expect(
      (await api('POST', `/api/events/${draft.id}/roadshows`, { agendaSessionId: draftSession.id })).statusCode,
    ).toBe(201);
    expect((await t.app.inject({ method: 'GET', url: `/api/events/${draft.id}/roadshows` })).statusCode).toBe(404);
    expect((await api('GET', `/api/events/${draft.id}/roadshows`)).json()).toHaveLength(1);
  });

  it('limits the public running orders per client address (120 a minute)', async () => {
    const from = (address: string) =>
      t.app.inject({ method: 'GET', url: base(), headers: { 'x-forwarded-for': address } });
    const answers = [];
    for (let i = 0; i < 121; i++) answers.push((await from('203.0.113.40')).statusCode);
    expect(answers.filter((s) => s === 200)).toHaveLength(120);
    expect(answers[120]).toBe(429);
    expect((await from('203.0.113.41')).statusCode).toBe(200);
  });

  it('keeps slides only when they are a PDF of at most 5 MB, and serves them as a PDF', async () => {
    const upload = (filename: string, contentType: string, data: Buffer) => {
      const body = multipartBody({}, { file: { filename, contentType, data } });
      return t.app.inject({
        method: 'PUT',
        url: `${base()}/projects/${ids.wuling}/slides`,
        headers: { ...auth, 'content-type': body.contentType },
        payload: body.payload,
      });
    };
    // An HTML page named and declared as a PDF is still not one.
    const fake = await upload('slides.pdf', 'application/pdf', Buffer.from('<html><script>alert(1)</script></html>'));
    expect(fake.statusCode).toBe(400);
    expect(fake.json()).toMatchObject({
      error: 'slides_invalid',
      fields: [{ field: 'file', reason: 'the slides must be a PDF file' }],
    });
    const huge = await upload('big.pdf', 'application/pdf', Buffer.concat([PDF, Buffer.alloc(MAX_SLIDES_BYTES)]));
    expect(huge.statusCode).toBe(400);
    expect(huge.json().fields).toEqual([{ field: 'file', reason: 'the slides must be at most 5 MB' }]);
    const missing = await api('PUT', `${base()}/projects/${ids.wuling}/slides`, {});
    expect(missing.statusCode).toBe(400);

    const ok = await upload('悬架.pptx.pdf', 'application/octet-stream', PDF);
    expect(ok.statusCode).toBe(200);
    expect(ok.json().bytes).toBe(PDF.length);
    const publicProject = (await t.app.inject({ method: 'GET', url: base() })).json()[0].projects[0];
    const served = await t.app.inject({ method: 'GET', url: publicProject.slides.url });
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('application/pdf');
    expect(served.headers['x-content-type-options']).toBe('nosniff');
    expect(served.headers['content-disposition']).toBe(
      `inline; filename="${'_'.repeat(11)}.pdf"; filename*=UTF-8''${encodeURIComponent('汽车磁流变智能油气悬架.pdf')}`,
    );
    expect(served.rawPayload.equals(PDF)).toBe(true);
  });

  it('runs the same running order from the console: forms with their problems, arrows, the printable programme', async () => {
    const b = new Browser(t.app);
    await b.get('/login');
    expect((await b.post('/login', { email: ADMIN.email, password: ADMIN.password, next: '' })).statusCode).toBe(303);
    const console = `/console/events/${eventId}/roadshows`;
    const page = await b.get(`${console}?roadshow=${roadshowId}`);
    expect(page.statusCode).toBe(200);
    const running = [
      ...page.body.matchAll(
        /<span class="running-time"><time[^>]*>([\d:]+)<\/time>–[\d:]+<\/span>\s*<strong class="running-name">([^<]+)</g,
      ),
    ];
    expect(running.map((m) => [m[1], m[2]])).toEqual([
      ['13:30', '汽车磁流变智能油气悬架'],
      ['13:48', '矢安AI主动防御实战化评价中心'],
      ['14:01', '全彩微光夜视仪'],
    ]);
    const refused = await b.post(`${console}/${roadshowId}/projects`, {
      name: '自主可控超高温难熔金属基复合材料产业化应用',
      organisation: '西南先进材料研究院',
      presenterName: '孙工',
      presenterEmail: 'not-an-email',
      pitchMinutes: '0',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('请输入有效的路演人邮箱');
    expect(refused.body).toContain('路演时长为 1–120 分钟的整数');
    expect(refused.body).toContain('value="自主可控超高温难熔金属基复合材料产业化应用"');
    const added = await b.post(`${console}/${roadshowId}/projects`, {
      name: '自主可控超高温难熔金属基复合材料产业化应用',
      organisation: '西南先进材料研究院',
      presenterName: '孙工',
      categoryCode: 'materials',
      seeks: ['financing', 'partners'],
      pitchMinutes: '8',
      qaMinutes: '4',
      achievementId: 'none',
    });
    expect(added.statusCode).toBe(303);
    // 14:01 + 12 + 1 = 14:14, + 12 = 14:26: past the 14:15 end, so the console warns.
    const warned = await b.get(`${console}?roadshow=${roadshowId}`);
    expect(warned.body).toContain('路演超时 11 分钟：项目预计 14:26 结束，而议程 14:15 结束。');
    const order = (await api('GET', `${base()}/${roadshowId}`)).json();
    const added4 = order.projects[3].id;
    expect(order.projects[3]).toMatchObject({ seeks: ['financing', 'partners'], category: { code: 'materials' } });
    expect((await b.post(`${console}/${roadshowId}/projects/${added4}/move`, { direction: 'up' })).statusCode).toBe(
      303,
    );
    expect(
      (await api('GET', base()))
        .json()[0]
        .projects.map((p: ProjectJson) => p.id)
        .slice(2),
    ).toEqual([added4, ids.yeshi]);
    expect((await b.post(`${console}/${roadshowId}/projects/${added4}/delete`, {})).statusCode).toBe(303);
    expect((await b.get(`${console}?roadshow=${roadshowId}`)).body).not.toContain('路演超时');

    const programme = await new Browser(t.app).get('/events/roadshow-e2e/roadshows');
    expect(programme.statusCode).toBe(200);
    expect(programme.body.match(/<svg[^>]*viewBox/g)).toHaveLength(3);
    expect([...programme.body.matchAll(/<div class="programme-time"><time[^>]*>([\d:]+)</g)].map((m) => m[1])).toEqual([
      '13:30',
      '13:48',
      '14:01',
    ]);
  });

  describe('the audience’s follow-up', () => {
    let projectPath: string;
    const phone = () => new Browser(t.app);

    beforeAll(async () => {
      const projects = (await t.app.inject({ method: 'GET', url: base() })).json()[0].projects as ProjectJson[];
      projectPath = new URL(projects[0].url).pathname;
    });

    it('asks who is there, and recognises a confirmed attendee by their badge code', async () => {
      const b = phone();
      const page = await b.get(projectPath);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('汽车磁流变智能油气悬架');
      expect(page.body).toContain('action="' + projectPath + '/identify"');
      const unknown = await b.post(`${projectPath}/identify`, { code: 'not-a-badge-code-at-all' });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.body).toContain('无法识别：请输入本活动的胸牌编码或个人链接');
      const forged = await b.post(
        `${projectPath}/identify`,
        { code: await badgeCode(t, people.a.registrationId) },
        { csrf: false },
      );
      expect(forged.statusCode).toBe(403);
      const known = await b.post(`${projectPath}/identify`, { code: await badgeCode(t, people.a.registrationId) });
      expect(known.statusCode).toBe(303);
      const cookie = known.cookies.find((c) => c.name === 'duijie_roadshow_attendee')!;
      expect(cookie).toMatchObject({ path: '/roadshows', httpOnly: true, sameSite: 'Lax' });
      // The recognition is not the personal link: it opens no personal page.
      expect(cookie.value).not.toBe(people.a.token);
      expect((await t.app.inject({ method: 'GET', url: `/me/${cookie.value}` })).statusCode).toBe(404);
      expect((await b.get(projectPath)).body).toContain('当前身份：王敏（眉山东坡医疗健康投资有限公司）');
    });

    it('records interest once however often it is tapped, and announces it once after the commit', async () => {
      const b = phone();
      await b.get(`/me/${people.a.token}/roadshows`);
      const first = await b.post(`${projectPath}/leads`, { kind: 'interest' });
      expect(first.statusCode).toBe(303);
      expect(first.headers.location).toBe(`${projectPath}#follow-up`);
      const second = await b.post(`${projectPath}/leads`, { kind: 'interest' });
      expect(second.statusCode).toBe(303);
      const leads = (await api('GET', `${base()}/${roadshowId}/leads`)).json();
      expect(leads.leads.filter((l: { kind: string }) => l.kind === 'interest')).toHaveLength(1);
      expect(emitted).toEqual([
        {
          eventId,
          projectId: ids.wuling,
          leadId: leads.leads[0].id,
          presenterOrganisationId: expect.any(Number),
          registrationId: people.a.registrationId,
          organisationId: expect.any(Number),
          kind: 'interest',
          at: expect.any(Date),
        },
      ]);
      const db = t.app.get(Database).manager;
      const wuling = await db.findOneByOrFail(Organisation, { name: '重庆武瓴智行科技有限公司' });
      const registration = await db.findOneByOrFail(Registration, { id: people.a.registrationId });
      expect([emitted[0].presenterOrganisationId, emitted[0].organisationId]).toEqual([
        wuling.id,
        registration.organisationId,
      ]);
      expect((await b.get(projectPath)).body).toContain('您已标记感兴趣');
    });

    it('sends a meeting request to the presenter by email, and keeps one message per attendee', async () => {
      const b = phone();
      await b.get(projectPath);
      // The personal link, pasted whole, recognises its holder too.
      const who = await b.post(`${projectPath}/identify`, { code: `${t.config.appUrl}/me/${people.b.token}` });
      expect(who.statusCode).toBe(303);
      const meeting = await b.post(`${projectPath}/leads`, { kind: 'meeting', message: '想了解资阳落地的配套需求。' });
      expect(meeting.statusCode).toBe(303);
      const mail = await until(() => sink.to('zhouhang@wuling.example.cn')[0]);
      expect(mail.parsed.subject).toBe('Li Na希望约见：汽车磁流变智能油气悬架');
      expect(mail.parsed.text).toContain('想了解资阳落地的配套需求。');
      expect(mail.parsed.text).toContain('b@roadshow.example.cn');
      expect(mail.parsed.text).toMatch(/\/roadshows\/presenter\/\d+\.[\w-]{43}/);

      const empty = await b.post(`${projectPath}/leads`, { kind: 'message' });
      expect(empty.statusCode).toBe(400);
      expect(empty.body).toContain('请填写留言');
      await b.post(`${projectPath}/leads`, { kind: 'message', message: '请发一份项目资料。' });
      await b.post(`${projectPath}/leads`, { kind: 'message', message: '请发一份项目资料和报价。' });
      const { leads, counts } = (await api('GET', `${base()}/${roadshowId}/leads`)).json();
      expect(
        leads.map((l: { name: string; kind: string; message: string | null }) => [l.name, l.kind, l.message]),
      ).toEqual([
        ['王敏', 'interest', null],
        ['Li Na', 'meeting', '想了解资阳落地的配套需求。'],
        ['Li Na', 'message', '请发一份项目资料和报价。'],
      ]);
      expect(counts[0]).toEqual({ projectId: ids.wuling, interest: 1, meeting: 1, message: 1, people: 2 });
      expect(emitted.map((e) => e.kind)).toEqual(['interest', 'meeting', 'message']);
      // Only the one meeting request was emailed.
      expect(sink.to('zhouhang@wuling.example.cn')).toHaveLength(1);
    });

    it('exports the leads as an .xlsx that a spreadsheet program reads', async () => {
      const res = await api('GET', `${base()}/${roadshowId}/leads/export`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const sheet = workbook.worksheets[0];
      const rows: string[][] = [];
      sheet.eachRow((row) => rows.push([1, 2, 3, 4, 5, 6, 7].map((c) => row.getCell(c).text)));
      expect(rows).toEqual([
        ['项目 Project', '类型 Kind', '姓名 Name', '单位 Organisation', '职务 Title', '邮箱 Email', '留言 Message'],
        [
          '汽车磁流变智能油气悬架',
          '感兴趣 Interested',
          '王敏',
          '眉山东坡医疗健康投资有限公司',
          '投资总监',
          'a@roadshow.example.cn',
          '',
        ],
        [
          '汽车磁流变智能油气悬架',
          '约见 Meeting',
          'Li Na',
          '安徽磐石基业产业投资有限公司',
          '投资总监',
          'b@roadshow.example.cn',
          '想了解资阳落地的配套需求。',
        ],
        [
          '汽车磁流变智能油气悬架',
          '留言 Message',
          'Li Na',
          '安徽磐石基业产业投资有限公司',
          '投资总监',
          'b@roadshow.example.cn',
          '请发一份项目资料和报价。',
        ],
      ]);
    });

    it('shows the presenter their leads through their link only', async () => {
      const order = (await api('GET', `${base()}/${roadshowId}`)).json();
      const presenterUrl = order.projects[0].presenterUrl as string;
      const page = await t.app.inject({ method: 'GET', url: new URL(presenterUrl).pathname });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('想了解资阳落地的配套需求。');
      expect(page.body).toMatch(/<strong class="count-interest">1<\/strong>/);
      const forged = new URL(presenterUrl).pathname.replace(/\.[\w-]{43}$/, `.${'A'.repeat(43)}`);
      expect((await t.app.inject({ method: 'GET', url: forged })).statusCode).toBe(404);
      const other = new URL(order.projects[1].presenterUrl).pathname;
      expect((await t.app.inject({ method: 'GET', url: other })).body).not.toContain('Li Na');
    });
  });

  it('averages the judges’ weighted scores, leaving out a judge of the presenting organisation', async () => {
    const criteria = await api('PUT', `${base()}/${roadshowId}/criteria`, {
      criteria: [
        { name: '技术创新性', nameEn: 'Innovation', weight: 40 },
        { name: '市场前景', weight: 40 },
        { name: '团队', weight: 20 },
      ],
    });
    expect(criteria.statusCode).toBe(200);
    const [c1, c2, c3] = criteria.json().map((c: { id: number }) => c.id);
    const judge = async (name: string, organisation: string) =>
      (await api('POST', `${base()}/${roadshowId}/judges`, { name, organisation })).json();
    const own = await judge('赵工', '重庆武瓴智行科技有限公司');
    const expert = await judge('程远', '清华四川能源互联网研究院');
    const investor = await judge('石峻', '安徽磐石基业产业投资有限公司');
    expect(
      (await api('POST', `${base()}/${roadshowId}/judges`, { name: '程远', organisation: '清华四川能源互联网研究院' }))
        .statusCode,
    ).toBe(409);

    const score = async (j: { url: string }, projectId: number, values: [number, number, number]) => {
      const b = new Browser(t.app);
      const path = new URL(j.url).pathname;
      expect((await b.get(path)).statusCode).toBe(200);
      return b.post(`${path}/projects/${projectId}`, {
        [`c.${c1}`]: String(values[0]),
        [`c.${c2}`]: String(values[1]),
        [`c.${c3}`]: String(values[2]),
      });
    };
    // The judge from 武瓴 may not score 武瓴's project.
    const refused = await score(own, ids.wuling, [10, 10, 10]);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('评委不为本单位的项目评分');
    expect((await new Browser(t.app).get(new URL(own.url).pathname)).body).toContain(
      '这是您所在单位的项目，不参与评分。',
    );
    expect((await score(own, ids.shian, [9, 9, 9])).statusCode).toBe(303);
    expect((await score(expert, ids.wuling, [8, 7, 9])).statusCode).toBe(303);
    expect((await score(investor, ids.wuling, [6, 6, 6])).statusCode).toBe(303);
    expect((await score(investor, ids.shian, [5, 5, 5])).statusCode).toBe(303);
    const expertPage = new Browser(t.app);
    await expertPage.get(new URL(expert.url).pathname);
    const incomplete = await expertPage.post(`${new URL(expert.url).pathname}/projects/${ids.yeshi}`, {
      [`c.${c1}`]: '11',
    });
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.body).toContain('请为每项标准打 1–10 分');

    const results = (await api('GET', `${base()}/${roadshowId}/scores`)).json();
    expect(results).toEqual([
      {
        projectId: ids.wuling,
        // (7.8 + 6) / 2; the judge from 武瓴 is left out.
        average: 6.9,
        judgeCount: 2,
        byCriterion: { [c1]: 7, [c2]: 6.5, [c3]: 7.5 },
        excludedJudgeIds: [own.id],
        incompleteJudgeIds: [],
      },
      {
        projectId: ids.shian,
        average: 7,
        judgeCount: 2,
        byCriterion: { [c1]: 7, [c2]: 7, [c3]: 7 },
        excludedJudgeIds: [],
        incompleteJudgeIds: [],
      },
      {
        projectId: ids.yeshi,
        average: null,
        judgeCount: 0,
        byCriterion: {},
        excludedJudgeIds: [],
        incompleteJudgeIds: [],
      },
    ]);
  });

  it('emails each presenter their leads once, after the session has ended', async () => {
    const followUp = t.app.get(RoadshowFollowUp);
    expect(await followUp.sendDue(new Date(sessionEndsAt.getTime() - 60_000))).toBe(0);
    expect(await followUp.sendDue(new Date(sessionEndsAt.getTime() + 60_000))).toBe(3);
    const digest = await until(() =>
      sink.to('zhouhang@wuling.example.cn').find((m) => m.parsed.subject?.startsWith('路演线索')),
    );
    expect(digest.parsed.subject).toBe('路演线索（3条）：汽车磁流变智能油气悬架');
    expect(digest.parsed.text).toContain('感兴趣 1 · 约见 1 · 留言 1');
    expect(digest.parsed.text).toContain('请发一份项目资料和报价。');
    const quiet = await until(() => sink.to('chenguang@xbgd.example.cn')[0]);
    expect(quiet.parsed.subject).toBe('路演线索（0条）：全彩微光夜视仪');
    // Run again (another instance, a later tick): nothing more is written to the outbox.
    expect(await followUp.sendDue(new Date(sessionEndsAt.getTime() + 120_000))).toBe(0);
    const outbox = await t.app.get(OutboxService).list({ eventId });
    expect(
      outbox
        .filter((m) => m.kind === 'roadshow_leads')
        .map((m) => m.toAddress)
        .sort(),
    ).toEqual(['chenguang@xbgd.example.cn', 'lirui@shian.example.cn', 'zhouhang@wuling.example.cn']);
  });
});

async function until<T>(probe: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}
