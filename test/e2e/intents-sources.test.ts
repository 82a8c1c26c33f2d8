import { EventEmitter2 } from '@nestjs/event-emitter';
import {
  AGREEMENT_SIGNED,
  MEETING_HELD,
  ROADSHOW_LEAD,
  type AgreementSignedEvent,
  type RoadshowLeadEvent,
} from '../../src/common/domain-events.js';
import { Database } from '../../src/database/database.service.js';
import { DirectoryService } from '../../src/directory/directory.service.js';
import { IntentSources } from '../../src/intents/intent-sources.service.js';
import { Intent } from '../../src/intents/intent.entity.js';
import { ManageLinks } from '../../src/registration/manage-links.service.js';
import type { Registration } from '../../src/registration/registration.entity.js';
import { Browser } from '../support/browser.js';
import { aCategory, anEvent, aRegistration, shanghaiMorning } from '../support/factories.js';
import { apiLogin, startTestApp, type TestApp } from '../support/test-app.js';

type Json = Record<string, unknown> & { id: number };

/**
 * Intents that start by themselves or from the parties' phones: a proposal confirmed by the other party, a held
 * meeting (the meetings module announces MEETING_HELD), an agreement signed (AGREEMENT_SIGNED) and a roadshow lead
 * (ROADSHOW_LEAD), whose publishers arrive in other modules: their listeners are tested by emitting the facts.
 */
describe(`intents from phones, meetings, signings and roadshows (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'SQLite'})`, () => {
  let t: TestApp;
  let auth: { authorization: string };
  let eventId = 0;
  let events: EventEmitter2;
  const people: Record<string, { registration: Registration; token: string; browser: Browser }> = {};

  const api = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => {
    const res = await t.app.inject({ method, url, headers: auth, ...(payload ? { payload } : {}) });
    return { status: res.statusCode, body: res.json<Json & { items: Json[] }>() };
  };
  const intentsOf = async (source: string) =>
    await t.app.get(Database).manager.find(Intent, { where: { sourceKind: source as never }, order: { id: 'ASC' } });
  const organisationId = async (name: string) =>
    t.app
      .get(Database)
      .transaction(
        async (em) => (await t.app.get(DirectoryService).resolveOrganisationIn(em, { name })).organisation.id,
      );

  beforeAll(async () => {
    t = await startTestApp({ env: { MAIL_WORKER: 'false' } });
    auth = await apiLogin(t.app);
    events = t.app.get(EventEmitter2);
    eventId = (await anEvent(t)).id;
    await aCategory(t, eventId, { code: 'enterprise', name: '企业代表' });
    const who = [
      ['wuling', '周航', '重庆武瓴智行科技有限公司'],
      ['dongpo', '苏婷', '眉山东坡医疗健康投资有限公司'],
      ['colleague', '周二', '重庆武瓴智行科技有限公司'],
      ['henglu', '罗文斌', '四川恒麓电气科技有限公司'],
    ] as const;
    for (const [key, name, organisation] of who) {
      const registration = await aRegistration(t, eventId, { name, organisation, email: `${key}@sources.example.cn` });
      const token = await t.app.get(ManageLinks).token(registration);
      const browser = new Browser(t.app);
      await browser.get(`/me/${token}/intents?lang=zh-CN`);
      people[key] = { registration, token, browser };
    }
  });
  afterAll(async () => t?.close());

  describe('from both phones', () => {
    const page = (key: string, query = '') => people[key].browser.get(`/me/${people[key].token}/intents${query}`);
    const post = (key: string, path: string, fields: Record<string, string>) =>
      people[key].browser.post(`/me/${people[key].token}/intents${path}`, fields);
    const codeOf = (html: string) => /class="proposal-code">([A-Z0-9]{6})</.exec(html)?.[1];

    it('is a proposal until the other party confirms it with the code; then both see the intent', async () => {
      const before = (await api('GET', '/api/intents')).body.total;
      const refused = await post('wuling', '/proposals', { title: '', kind: 'order' });
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain('请填写意向名称');
      expect(refused.body).not.toContain('活动名称');
      const proposed = await post('wuling', '/proposals', {
        title: '医疗转运车辆磁流变减震座椅',
        kind: 'order',
        valueWan: '120',
        note: '先做样车测试',
      });
      expect(proposed.statusCode).toBe(303);
      const mine = await page('wuling');
      const code = codeOf(mine.body)!;
      expect(code).toMatch(/^[A-HJKMNP-Z2-9]{6}$/);
      expect(mine.body).toContain('等待对方确认');
      expect((await api('GET', '/api/intents')).body.total).toBe(before);

      const own = await page('wuling', `?code=${code}`);
      expect(own.statusCode).toBe(400);
      expect(own.body).toContain('这是您自己的提议，需由对方在其页面确认');
      const sameOrganisation = await post('colleague', '/answer', { code, answer: 'confirm' });
      expect(sameOrganisation.statusCode).toBe(400);
      expect(sameOrganisation.body).toContain('合作意向须在不同单位之间达成');

      const preview = await page('dongpo', `?code=${code.toLowerCase()}`);
      expect(preview.statusCode).toBe(200);
      expect(preview.body).toContain('周航（重庆武瓴智行科技有限公司）提议：');
      expect(preview.body).toContain('医疗转运车辆磁流变减震座椅');
      const confirmed = await post('dongpo', '/answer', { code, answer: 'confirm' });
      expect(confirmed.statusCode).toBe(303);
      const twice = await post('dongpo', '/answer', { code, answer: 'confirm' });
      expect(twice.statusCode).toBe(400);
      expect(twice.body).toContain('该提议已被答复或撤回');

      const [intent] = await intentsOf('proposal');
      const details = (await api('GET', `/api/intents/${intent.id}`)).body;
      expect(details).toMatchObject({
        title: '医疗转运车辆磁流变减震座椅',
        kind: 'order',
        valueWan: 120,
        stage: 'intent',
        eventId,
        subject: { kind: 'free_text', text: '先做样车测试' },
      });
      expect(
        (details.parties as { organisation: string; contact: { name: string } }[]).map((p) => [
          p.organisation,
          p.contact.name,
        ]),
      ).toEqual([
        ['重庆武瓴智行科技有限公司', '周航'],
        ['眉山东坡医疗健康投资有限公司', '苏婷'],
      ]);
      expect((details.history as { actor: string }[])[0].actor).toBe(`registration:${people.dongpo.registration.id}`);
      for (const key of ['wuling', 'dongpo']) expect((await page(key)).body).toContain(`id="intent-${intent.id}"`);
      expect((await page('henglu')).body).not.toContain(`id="intent-${intent.id}"`);
    });

    it('can be declined, or withdrawn by the one who proposed it', async () => {
      await post('henglu', '/proposals', { title: '储能改造', kind: 'technology_transfer' });
      const code = codeOf((await page('henglu')).body)!;
      expect((await post('dongpo', '/answer', { code, answer: 'decline' })).statusCode).toBe(303);
      expect((await page('henglu')).body).toContain('对方已谢绝');
      await post('henglu', '/proposals', { title: '第二次提议', kind: 'other' });
      const second = /id="proposal-(\d+)"/.exec((await page('henglu')).body)![1];
      expect((await post('henglu', `/proposals/${second}/withdraw`, {})).statusCode).toBe(303);
      expect((await page('henglu')).body).toContain('已撤回');
      expect(await intentsOf('proposal')).toHaveLength(1);
      const forged = await people.henglu.browser.get(`/me/${people.henglu.token.slice(0, -2)}xx/intents`);
      expect(forged.statusCode).toBe(404);
    });
  });

  describe('from a held meeting', () => {
    let meetingSessionId = 0;
    const meetingsApi = (method: 'GET' | 'POST' | 'PUT', path: string, payload?: object) =>
      api(method, `/api/events/${eventId}/meetings${path}`, payload);
    const placedMeeting = async (from: string, to: string) => {
      const participant = async (key: string) =>
        (
          await meetingsApi('PUT', `/sessions/${meetingSessionId}/participants`, {
            registrationId: people[key].registration.id,
            offer: '技术与产品',
            seek: '合作伙伴',
          })
        ).body.id;
      const request = await meetingsApi('POST', `/sessions/${meetingSessionId}/requests`, {
        from: await participant(from),
        to: await participant(to),
        message: '希望洽谈合作',
      });
      await meetingsApi('POST', `/requests/${request.body.id}/answer`, { answer: 'accept' });
      const schedule = await meetingsApi('POST', `/sessions/${meetingSessionId}/schedule/run`);
      const meetings = schedule.body.meetings as { id: number; requestId: number }[];
      return meetings.find((m) => m.requestId === request.body.id)!.id;
    };

    beforeAll(async () => {
      const session = await api('POST', `/api/events/${eventId}/sessions`, {
        kind: 'free_negotiation',
        title: '自由洽谈',
        startsAt: shanghaiMorning(30, 14),
        endsAt: shanghaiMorning(30, 17),
      });
      expect(session.status).toBe(201);
      const created = await meetingsApi('POST', '/sessions', {
        agendaSessionId: (session.body.session as { id: number }).id,
        slotMinutes: 20,
        tableCount: 4,
      });
      meetingSessionId = created.body.id;
    });

    it('becomes an intent between the two organisations when it was held with a wish to cooperate', async () => {
      const heldId = await placedMeeting('henglu', 'wuling');
      const noShowId = await placedMeeting('dongpo', 'henglu');
      const outcome = (id: number, payload: object) => meetingsApi('POST', `/meetings/${id}/outcome`, payload);
      expect((await outcome(noShowId, { outcome: 'no_show' })).status).toBe(200);
      expect((await outcome(heldId, { outcome: 'held', intent: true, note: '约定下月到资阳考察' })).status).toBe(200);
      const [intent] = await intentsOf('meeting');
      expect(intent).toMatchObject({
        sourceId: heldId,
        subjectKind: 'meeting',
        subjectId: heldId,
        eventId,
        stage: 'intent',
      });
      const details = (await api('GET', `/api/intents/${intent.id}`)).body;
      expect((details.parties as { organisation: string }[]).map((p) => p.organisation)).toEqual([
        '四川恒麓电气科技有限公司',
        '重庆武瓴智行科技有限公司',
      ]);
      expect((details.history as { actor: string; note: string }[])[0]).toMatchObject({
        actor: 'system:meeting',
        note: '约定下月到资阳考察',
      });
      // Recorded again (a correction of the note): still one intent.
      await outcome(heldId, { outcome: 'held', intent: true, note: '约定下月到资阳考察（已定日期）' });
      expect(await intentsOf('meeting')).toHaveLength(1);
    });

    it('is swept up when the announcement was lost, and not at all without a wish to cooperate', async () => {
      const lost = await placedMeeting('dongpo', 'wuling');
      const quiet = await placedMeeting('colleague', 'dongpo');
      // The meeting is recorded held while nobody listens (as if the process stopped after the commit).
      const listeners = events.listeners(MEETING_HELD);
      events.removeAllListeners(MEETING_HELD);
      try {
        await meetingsApi('POST', `/meetings/${lost}/outcome`, { outcome: 'held', intent: true });
        await meetingsApi('POST', `/meetings/${quiet}/outcome`, { outcome: 'held', intent: false });
      } finally {
        for (const listener of listeners) events.on(MEETING_HELD, listener as never);
      }
      expect((await intentsOf('meeting')).map((i) => i.sourceId)).not.toContain(lost);
      expect(await t.app.get(IntentSources).sweepMeetings()).toBe(1);
      expect((await intentsOf('meeting')).map((i) => i.sourceId)).toContain(lost);
      expect((await intentsOf('meeting')).map((i) => i.sourceId)).not.toContain(quiet);
      expect(await t.app.get(IntentSources).sweepMeetings()).toBe(0);
    });

    it('makes one party of two colleagues of one organisation, so that neither the listener nor the sweep stops', async () => {
      const colleagues = await placedMeeting('wuling', 'colleague');
      const listeners = events.listeners(MEETING_HELD);
      events.removeAllListeners(MEETING_HELD);
      try {
        await meetingsApi('POST', `/meetings/${colleagues}/outcome`, { outcome: 'held', intent: true });
      } finally {
        for (const listener of listeners) events.on(MEETING_HELD, listener as never);
      }
      expect(await t.app.get(IntentSources).sweepMeetings()).toBe(1);
      const intent = (await intentsOf('meeting')).find((i) => i.sourceId === colleagues)!;
      const details = (await api('GET', `/api/intents/${intent.id}`)).body;
      expect((details.parties as { organisation: string }[]).map((p) => p.organisation)).toEqual([
        '重庆武瓴智行科技有限公司',
      ]);
    });
  });

  describe('from a signed agreement', () => {
    const signed = (agreementId: number, partyOrganisationIds: number[], more: Partial<AgreementSignedEvent> = {}) =>
      events.emitAsync(AGREEMENT_SIGNED, {
        eventId,
        agreementId,
        title: `协议 ${agreementId}`,
        kind: 'technology_transfer',
        partyOrganisationIds,
        amountWan: 800.4,
        landingPlace: '资阳',
        signedAt: new Date('2031-05-20T02:00:00Z'),
        byUserId: 1,
        ...more,
      } satisfies AgreementSignedEvent);

    it('creates a signed intent linked to the agreement, once however often it is announced', async () => {
      const parties = [
        await organisationId('安徽磐石基业产业投资有限公司'),
        await organisationId('德阳凯州新城管理委员会'),
      ];
      await signed(101, parties);
      await signed(101, parties);
      const created = await intentsOf('agreement');
      expect(created).toHaveLength(1);
      expect(created[0]).toMatchObject({
        stage: 'signed',
        agreementId: 101,
        subjectKind: 'agreement',
        subjectId: 101,
        kind: 'technology_transfer',
        valueWan: 800,
        city: '资阳',
        reachedRank: 2,
        intentAt: null,
        signedAt: new Date('2031-05-20T02:00:00Z'),
      });
      const details = (await api('GET', `/api/intents/${created[0].id}`)).body;
      expect((details.parties as { organisationId: number }[]).map((p) => p.organisationId)).toEqual(parties);
      expect(details.history).toEqual([expect.objectContaining({ from: null, to: 'signed', actor: 'user:1' })]);
    });

    it('moves the one open intent between the same organisations at the event to signed instead of adding one', async () => {
      const open = await api('POST', '/api/intents', {
        title: '储能合作',
        kind: 'joint_development',
        eventId,
        parties: [{ organisation: '四川恒麓电气科技有限公司' }, { organisation: '雅安城市建设投资开发有限公司' }],
      });
      await signed(102, [
        await organisationId('雅安城市建设投资开发有限公司'),
        await organisationId('四川恒麓电气科技有限公司'),
      ]);
      expect((await intentsOf('agreement')).map((i) => i.agreementId)).toEqual([101]);
      const linked = (await api('GET', `/api/intents/${open.body.id}`)).body;
      expect(linked).toMatchObject({ stage: 'signed', agreementId: 102, source: { kind: 'api' } });
      expect((linked.history as { from: string; to: string; note: string }[]).at(-1)).toMatchObject({
        from: 'intent',
        to: 'signed',
        note: '签约：协议 102',
      });
    });

    it('works inside the caller’s transaction (what the demo loader does): rolled back with it', async () => {
      const parties = [await organisationId('甲方'), await organisationId('乙方')];
      const sources = t.app.get(IntentSources);
      await expect(
        t.app.get(Database).transaction(async (em) => {
          await sources.fromAgreementIn(em, {
            eventId,
            agreementId: 103,
            title: '回滚的协议',
            kind: 'strategic',
            partyOrganisationIds: parties,
            amountWan: null,
            landingPlace: null,
            signedAt: new Date(),
            byUserId: null,
          });
          throw new Error('the demo failed');
        }),
      ).rejects.toThrow('the demo failed');
      expect((await intentsOf('agreement')).map((i) => i.agreementId)).toEqual([101]);
    });
  });

  describe('from a roadshow lead', () => {
    const lead = (leadId: number, kind: string) =>
      events.emitAsync(ROADSHOW_LEAD, {
        eventId,
        projectId: 7,
        leadId,
        presenterOrganisationId: null,
        registrationId: people.henglu.registration.id,
        organisationId: null,
        kind,
        at: new Date('2031-05-20T06:00:00Z'),
      } satisfies RoadshowLeadEvent);

    it('starts an intent for a lead asking for a meeting, once, and none for mere interest', async () => {
      const presenter = await organisationId('矢安科技（路演项目）');
      await lead(201, 'interest');
      expect(await intentsOf('roadshow_lead')).toEqual([]);
      await events.emitAsync(ROADSHOW_LEAD, {
        eventId,
        projectId: 7,
        leadId: 202,
        presenterOrganisationId: presenter,
        registrationId: people.henglu.registration.id,
        organisationId: people.henglu.registration.organisationId,
        kind: 'meeting',
        at: new Date('2031-05-20T06:00:00Z'),
      } satisfies RoadshowLeadEvent);
      await lead(202, 'meeting');
      const [intent] = await intentsOf('roadshow_lead');
      expect(await intentsOf('roadshow_lead')).toHaveLength(1);
      expect(intent).toMatchObject({ sourceId: 202, stage: 'intent', subjectKind: 'roadshow_project', subjectId: 7 });
      const details = (await api('GET', `/api/intents/${intent.id}`)).body;
      expect(
        (details.parties as { organisationId: number; contact: { name: string } | null }[]).map((p) => [
          p.organisationId,
          p.contact?.name ?? null,
        ]),
      ).toEqual([
        [presenter, null],
        [people.henglu.registration.organisationId, '罗文斌'],
      ]);
    });
  });
});
