import { EventEmitter2 } from '@nestjs/event-emitter';
import { AGREEMENT_SIGNED, ROADSHOW_LEAD } from '../../src/common/domain-events.js';
import { Database } from '../../src/database/database.service.js';
import { IntentSources } from '../../src/intents/intent-sources.service.js';
import { Intent } from '../../src/intents/intent.entity.js';
import { ManageLinks } from '../../src/registration/manage-links.service.js';
import type { Registration } from '../../src/registration/registration.entity.js';
import { agreementSignedEventIn } from '../../src/signings/agreement-signed.js';
import { Browser } from '../support/browser.js';
import { aCategory, anEvent, aRegistration, aSession } from '../support/factories.js';
import { ADMIN, apiLogin, startTestApp, type TestApp } from '../support/test-app.js';

type Json = Record<string, unknown> & { id: number };

/**
 * The cooperation pipeline fed by the real publishers: an agreement marked signed through the signings API
 * (AGREEMENT_SIGNED after its commit) and a meeting asked for on a roadshow project's page (ROADSHOW_LEAD); and the
 * sweep that repairs a lost announcement of either.
 */
describe(`intents from the signings and roadshows publishers (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'SQLite'})`, () => {
  let t: TestApp;
  let auth: { authorization: string };
  let eventId = 0;
  let ceremonyId = 0;
  let projectPath = '';
  let attendee: Registration;
  let attendeeToken = '';

  const api = async (method: 'GET' | 'POST', url: string, payload?: object) => {
    const res = await t.app.inject({ method, url, headers: auth, ...(payload ? { payload } : {}) });
    return { status: res.statusCode, body: res.json<Json>() };
  };
  const signings = () => `/api/events/${eventId}/signings`;
  const intentsOf = (sourceKind: string) =>
    t.app.get(Database).manager.find(Intent, { where: { sourceKind: sourceKind as never }, order: { id: 'ASC' } });
  /** A confirmed agreement between two organisations, ready to be signed. */
  const confirmedAgreement = async (title: string, parties: string[], more: object = {}) => {
    const added = await api('POST', `${signings()}/ceremonies/${ceremonyId}/agreements`, {
      title,
      kind: 'technology_transfer',
      parties: parties.map((organisation) => ({ organisation })),
      ...more,
    });
    expect(added.status).toBe(201);
    expect(
      (await api('POST', `${signings()}/agreements/${added.body.id}/status`, { status: 'confirmed' })).status,
    ).toBe(200);
    return added.body.id;
  };
  /** The attendee's phone, recognised through their personal link, on the project's page. */
  const phone = async () => {
    const browser = new Browser(t.app);
    await browser.get(`/me/${attendeeToken}/roadshows`);
    return browser;
  };

  beforeAll(async () => {
    t = await startTestApp({ env: { MAIL_WORKER: 'false' } });
    auth = await apiLogin(t.app);
    const event = await anEvent(t);
    eventId = event.id;
    await aCategory(t, eventId, { code: 'enterprise', name: '企业代表' });
    attendee = await aRegistration(t, eventId, {
      name: '罗文斌',
      organisation: '四川恒麓电气科技有限公司',
      email: 'luo@publishers.example.cn',
    });
    attendeeToken = await t.app.get(ManageLinks).token(attendee);

    const signing = await aSession(t, event, { kind: 'signing_ceremony', title: '多方签约仪式' });
    const ceremony = await api('POST', `${signings()}/ceremonies`, {
      agendaSessionId: signing.id,
      hostOrganisation: '先进技术成果西部转化中心',
    });
    expect(ceremony.status).toBe(201);
    ceremonyId = ceremony.body.id;

    const day = new Date(event.startsAt.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    const pitching = await aSession(t, event, {
      kind: 'roadshow',
      title: '项目路演',
      startsAt: `${day}T14:00:00+08:00`,
      endsAt: `${day}T15:00:00+08:00`,
    });
    const roadshow = await api('POST', `/api/events/${eventId}/roadshows`, { agendaSessionId: pitching.id });
    expect(roadshow.status).toBe(201);
    const project = await api('POST', `/api/events/${eventId}/roadshows/${roadshow.body.id}/projects`, {
      name: '汽车磁流变智能油气悬架',
      organisation: '重庆武瓴智行科技有限公司',
      presenter: { name: '周航', title: '总经理', email: 'zhouhang@wuling.example.cn' },
      pitchMinutes: 10,
      qaMinutes: 5,
    });
    expect(project.status).toBe(201);
    const projects = (await t.app.inject({ method: 'GET', url: `/api/events/${eventId}/roadshows` })).json<
      { projects: { url: string }[] }[]
    >()[0].projects;
    projectPath = new URL(projects[0].url).pathname;
  });
  afterAll(async () => t?.close());

  describe('an agreement marked signed through the signings API', () => {
    it('becomes a signed intent whose source is the agreement, and the agreement shows its intent', async () => {
      const id = await confirmedAgreement('磐石基业 凯州新城 磁流变悬架产线技术转让协议', [
        '安徽磐石基业产业投资有限公司',
        '德阳凯州新城管理委员会',
      ]);
      expect(await intentsOf('agreement')).toEqual([]);
      const signed = await api('POST', `${signings()}/agreements/${id}/status`, { status: 'signed' });
      expect(signed.status).toBe(200);
      const [intent] = await intentsOf('agreement');
      expect(intent).toMatchObject({
        sourceId: id,
        agreementId: id,
        stage: 'signed',
        eventId,
        kind: 'technology_transfer',
      });
      // The signings API answers with the agreement's intent, and the organisers' list shows it too.
      expect(signed.body.intentId).toBe(intent.id);
      const listed = (await api('GET', `${signings()}/ceremonies`)).body.ceremonies as {
        agreements: { id: number; intentId: number | null }[];
      }[];
      expect(listed[0].agreements.find((a) => a.id === id)?.intentId).toBe(intent.id);
      // The intent names the agreement and its parties, in the agreement's order; the organiser who signed it acted.
      const details = (await api('GET', `/api/intents/${intent.id}`)).body;
      expect(details).toMatchObject({ agreementId: id, source: { kind: 'agreement', id }, stage: 'signed' });
      expect((details.parties as { organisation: string }[]).map((p) => p.organisation)).toEqual([
        '安徽磐石基业产业投资有限公司',
        '德阳凯州新城管理委员会',
      ]);
      expect((details.history as { actor: string }[])[0].actor).toMatch(/^user:\d+$/);
      // The console's agreement row links to the intent.
      const browser = new Browser(t.app);
      await browser.get('/login');
      await browser.post('/login', { email: ADMIN.email, password: ADMIN.password, next: '' });
      const page = await browser.get(`/console/events/${eventId}/signings?ceremony=${ceremonyId}&lang=zh-CN`);
      expect(page.body).toContain(`href="/console/intents/${intent.id}"`);
      expect(page.body).toContain(`合作意向 #${intent.id}`);
    });

    it('is followed once however often the signing is announced or attempted again', async () => {
      const [intent] = await intentsOf('agreement');
      const again = await api('POST', `${signings()}/agreements/${intent.agreementId}/status`, { status: 'signed' });
      expect([again.status, again.body.error]).toEqual([409, 'illegal_transition']);
      const announcement = await t.app
        .get(Database)
        .transaction((em) => agreementSignedEventIn(em, intent.agreementId!));
      await t.app.get(EventEmitter2).emitAsync(AGREEMENT_SIGNED, announcement);
      await t.app.get(EventEmitter2).emitAsync(AGREEMENT_SIGNED, announcement);
      expect((await intentsOf('agreement')).map((i) => i.id)).toEqual([intent.id]);
      expect((await api('GET', `/api/intents/${intent.id}`)).body.history).toHaveLength(1);
    });
  });

  describe('a meeting asked for on a roadshow project’s page', () => {
    it('becomes an intent at stage intent between the presenter’s and the attendee’s organisations, once', async () => {
      const browser = await phone();
      const interest = await browser.post(`${projectPath}/leads`, { kind: 'interest' });
      expect(interest.statusCode).toBe(303);
      expect(await intentsOf('roadshow_lead')).toEqual([]);
      const meeting = await browser.post(`${projectPath}/leads`, {
        kind: 'meeting',
        message: '想了解资阳落地的配套需求。',
      });
      expect(meeting.statusCode).toBe(303);
      const [intent] = await intentsOf('roadshow_lead');
      expect(intent).toMatchObject({ stage: 'intent', eventId, subjectKind: 'roadshow_project' });
      const details = (await api('GET', `/api/intents/${intent.id}`)).body;
      expect((details.parties as { organisation: string }[]).map((p) => p.organisation)).toEqual([
        '重庆武瓴智行科技有限公司',
        '四川恒麓电气科技有限公司',
      ]);
      // Asked again (from the same phone, or after a reload): the same lead, the same intent.
      expect((await browser.post(`${projectPath}/leads`, { kind: 'meeting' })).statusCode).toBe(303);
      expect((await (await phone()).post(`${projectPath}/leads`, { kind: 'meeting' })).statusCode).toBe(303);
      expect((await intentsOf('roadshow_lead')).map((i) => i.id)).toEqual([intent.id]);
    });
  });

  describe('the sweep', () => {
    /** Runs `work` while nobody listens to `name`, as if the process stopped between the commit and the announcement. */
    const unannounced = async (name: string, work: () => Promise<unknown>) => {
      const events = t.app.get(EventEmitter2);
      const listeners = events.listeners(name);
      events.removeAllListeners(name);
      try {
        await work();
      } finally {
        for (const listener of listeners) events.on(name, listener as never);
      }
    };

    it('follows a signed agreement whose announcement was lost, once', async () => {
      const id = await confirmedAgreement('哈威深 东坡医疗 医疗转运无人机订单协议', [
        '四川哈威深无人系统科技有限公司',
        '眉山东坡医疗健康投资有限公司',
      ]);
      await unannounced(AGREEMENT_SIGNED, async () => {
        expect((await api('POST', `${signings()}/agreements/${id}/status`, { status: 'signed' })).status).toBe(200);
      });
      expect((await intentsOf('agreement')).map((i) => i.agreementId)).not.toContain(id);
      const sources = t.app.get(IntentSources);
      expect(await sources.sweep()).toEqual({ meetings: 0, agreements: 1, roadshowLeads: 0 });
      const intent = (await intentsOf('agreement')).find((i) => i.agreementId === id);
      expect(intent).toMatchObject({ stage: 'signed', sourceId: id });
      expect(await sources.sweep()).toEqual({ meetings: 0, agreements: 0, roadshowLeads: 0 });
      // A confirmed agreement is not swept.
      await confirmedAgreement('未签的协议', ['甲方单位', '乙方单位']);
      expect((await sources.sweep()).agreements).toBe(0);
    });

    it('follows a roadshow meeting request whose announcement was lost, and not a mere interest', async () => {
      const colleague = await aRegistration(t, eventId, {
        name: '苏婷',
        organisation: '眉山东坡医疗健康投资有限公司',
        email: 'su@publishers.example.cn',
      });
      const browser = new Browser(t.app);
      await browser.get(`/me/${await t.app.get(ManageLinks).token(colleague)}/roadshows`);
      await unannounced(ROADSHOW_LEAD, async () => {
        expect((await browser.post(`${projectPath}/leads`, { kind: 'interest' })).statusCode).toBe(303);
        expect((await browser.post(`${projectPath}/leads`, { kind: 'meeting' })).statusCode).toBe(303);
      });
      expect(await intentsOf('roadshow_lead')).toHaveLength(1);
      const sources = t.app.get(IntentSources);
      expect(await sources.sweep()).toEqual({ meetings: 0, agreements: 0, roadshowLeads: 1 });
      const intents = await intentsOf('roadshow_lead');
      expect(intents).toHaveLength(2);
      const details = (await api('GET', `/api/intents/${intents[1].id}`)).body;
      expect((details.parties as { organisation: string }[]).map((p) => p.organisation)).toEqual([
        '重庆武瓴智行科技有限公司',
        '眉山东坡医疗健康投资有限公司',
      ]);
      expect(await sources.sweep()).toEqual({ meetings: 0, agreements: 0, roadshowLeads: 0 });
    });
  });
});
