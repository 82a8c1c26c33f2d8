import { EventEmitter2 } from '@nestjs/event-emitter';
import { AGREEMENT_SIGNED, type AgreementSignedEvent } from '../../src/common/domain-events.js';
import { Browser } from '../support/browser.js';
import { staffLogin } from '../support/check-in.js';
import { ADMIN, apiLogin, startTestApp, twoDayEvent, type TestApp } from '../support/test-app.js';
import { docxParagraphs, unzip } from '../support/unzip.js';

const CENTRE = '先进技术成果西部转化中心';
const OFFICE = '四川省推进成德眉资同城化发展领导小组办公室';
const TSINGHUA = '清华四川能源互联网研究院';

interface AgreementJson {
  id: number;
  number: number;
  title: string;
  kind: string;
  status: string;
  confirmedAt: string | null;
  signedAt: string | null;
  parties: {
    id: number;
    organisation: { id: number; name: string };
    signatory: { name: string } | null;
    signatoryTitle: string | null;
    side: string;
  }[];
  witnesses: { id: number; person: { name: string }; title: string | null; organisation: { name: string } | null }[];
  facilitator: { id: number; name: string } | null;
  landing: { province: string | null; city: string | null; district: string | null; label: string } | null;
  amountWan: number | null;
  plannedStartsAt: string | null;
}

describe(`signing ceremonies on ${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'SQLite'}`, () => {
  let t: TestApp;
  let auth: { authorization: string };
  let eventId: number;
  let signingSession: number;
  let keynote: number;
  let ceremonyId: number;
  const ids: Record<string, number> = {};
  const signed: AgreementSignedEvent[] = [];

  const api = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: object, headers = auth) =>
    t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const base = () => `/api/events/${eventId}/signings`;
  const agreement = async (id: number) => (await api('GET', `${base()}/agreements/${id}`)).json<AgreementJson>();

  beforeAll(async () => {
    t = await startTestApp();
    auth = await apiLogin(t.app);
    t.app.get(EventEmitter2).on(AGREEMENT_SIGNED, (event: AgreementSignedEvent) => {
      signed.push(event);
    });
    const event = (await api('POST', '/api/events', twoDayEvent())).json();
    eventId = event.id;
    const session = await api('POST', `/api/events/${eventId}/sessions`, {
      kind: 'signing_ceremony',
      title: '多方签约仪式',
      titleEn: 'Multi-party signing ceremony',
      startsAt: '2027-12-04T09:15:00+08:00',
      endsAt: '2027-12-04T09:45:00+08:00',
      roomId: event.venues[0].rooms[0].id,
    });
    expect(session.statusCode).toBe(201);
    signingSession = session.json().session.id;
    keynote = (
      await api('POST', `/api/events/${eventId}/sessions`, {
        kind: 'keynote',
        title: '主旨报告',
        startsAt: '2027-12-04T10:00:00+08:00',
        endsAt: '2027-12-04T10:30:00+08:00',
      })
    ).json().session.id;
  });
  afterAll(async () => {
    await t.close();
  });

  describe('ceremonies', () => {
    it('refuses a session that is not a signing, naming the field and the reason', async () => {
      const res = await api('POST', `${base()}/ceremonies`, { agendaSessionId: keynote });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({
        error: 'not_a_signing_session',
        fields: [
          { field: 'agendaSessionId', reason: 'the session is not a signing ceremony or a sub-venue programme' },
        ],
      });
    });

    it('makes a ceremony of the signing session, once', async () => {
      const res = await api('POST', `${base()}/ceremonies`, {
        agendaSessionId: signingSession,
        hostOrganisation: CENTRE,
        openingMinutes: 3,
        minutesPerSigning: 4,
      });
      expect(res.statusCode).toBe(201);
      const ceremony = res.json();
      ceremonyId = ceremony.id;
      expect(ceremony).toMatchObject({
        agendaSessionId: signingSession,
        title: '多方签约仪式',
        host: { name: CENTRE },
        openingMinutes: 3,
        minutesPerSigning: 4,
        summary: null,
        agreements: [],
        stage: { phase: 'opening', agreementId: null },
        place: { venue: '主会场', room: '一号厅' },
      });
      expect(ceremony.screenUrl).toMatch(new RegExp(`/screens/signings/${ceremonyId}\\.[\\w-]{43}$`));
      const again = await api('POST', `${base()}/ceremonies`, { agendaSessionId: signingSession });
      expect([again.statusCode, again.json().error]).toEqual([409, 'ceremony_exists']);
    });

    it('answers 400 with the field and the reason for bad ceremony settings', async () => {
      const res = await api('PATCH', `${base()}/ceremonies/${ceremonyId}`, {
        minutesPerSigning: 0,
        summary: { byKind: { project: -1 } },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().fields).toEqual([
        { field: 'minutesPerSigning', reason: 'at least 1 minute' },
        { field: 'summary.byKind.project', reason: 'must not be negative' },
      ]);
    });
  });

  describe('agreements', () => {
    it('answers 400 with the field and the reason for a bad agreement', async () => {
      const res = await api('POST', `${base()}/ceremonies/${ceremonyId}/agreements`, {
        title: '',
        kind: 'handshake',
        parties: [{ signatory: '张伟' }],
        amountWan: 12.345,
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().fields).toEqual(
        expect.arrayContaining([
          { field: 'title', reason: 'enter a title of at most 300 characters' },
          { field: 'kind', reason: 'kind must be one of strategic, project, technology_transfer, order, investment' },
          { field: 'parties.0.organisation', reason: 'name the organisation' },
          { field: 'amountWan', reason: 'enter an amount in 万元' },
        ]),
      );
      const none = await api('POST', `${base()}/ceremonies/${ceremonyId}/agreements`, {
        title: '协议',
        kind: 'project',
        parties: [],
      });
      expect(none.json().fields).toEqual([{ field: 'parties', reason: 'name at least one party' }]);
      const twice = await api('POST', `${base()}/ceremonies/${ceremonyId}/agreements`, {
        title: '协议',
        kind: 'project',
        parties: [{ organisation: CENTRE }, { organisation: ` ${CENTRE} ` }],
      });
      expect([twice.statusCode, twice.json().fields]).toEqual([
        400,
        [{ field: 'parties.1.organisation', reason: 'the same organisation is named twice' }],
      ]);
    });

    it('adds agreements in order, finding organisations and people in the directory by name', async () => {
      const add = async (name: string, payload: object) => {
        const res = await api('POST', `${base()}/ceremonies/${ceremonyId}/agreements`, payload);
        expect(res.statusCode).toBe(201);
        ids[name] = res.json<AgreementJson>().id;
        return res.json<AgreementJson>();
      };
      const first = await add('office', {
        title: `${CENTRE} ${OFFICE}战略合作协议`,
        kind: 'strategic',
        parties: [
          { organisation: CENTRE, signatory: '张伟', signatoryTitle: '主任' },
          { organisation: OFFICE, signatory: '李强', signatoryTitle: '副主任' },
        ],
        witnesses: [{ name: '王明', title: '副局长', organisation: '国家国防科技工业局' }],
      });
      expect(first).toMatchObject({
        number: 1,
        status: 'planned',
        parties: [
          { organisation: { name: CENTRE }, signatory: { name: '张伟' }, signatoryTitle: '主任', side: 'left' },
          { organisation: { name: OFFICE }, signatory: { name: '李强' }, signatoryTitle: '副主任', side: 'right' },
        ],
        witnesses: [{ person: { name: '王明' }, title: '副局长', organisation: { name: '国家国防科技工业局' } }],
        // 09:15 + 3 minutes of opening.
        plannedStartsAt: '2027-12-04T01:18:00.000Z',
      });
      const second = await add('tsinghua', {
        title: `${CENTRE} ${TSINGHUA}战略合作协议`,
        kind: 'strategic',
        parties: [{ organisation: CENTRE, signatory: '张伟' }, { organisation: TSINGHUA }],
      });
      // The same organisation and the same person, found again by name (the title stays the one first given).
      expect(second.parties[0].organisation.id).toBe(first.parties[0].organisation.id);
      expect(second.parties[0]).toMatchObject({ signatory: { name: '张伟' }, signatoryTitle: '主任' });
      await add('wuling', {
        title: '重庆武瓴智行科技有限公司磁流变减震器商业航天配套项目协议',
        kind: 'project',
        facilitator: CENTRE,
        landing: { province: '四川省', city: '资阳市' },
        amountWan: 3000,
        parties: [{ organisation: '重庆武瓴智行科技有限公司' }],
      });
      await add('henglu', {
        title: '四川恒麓电气科技有限公司 雅安城市建设投资开发有限公司合作项目协议',
        kind: 'project',
        facilitator: CENTRE,
        landing: { province: '四川省', city: '雅安市', district: '雨城区' },
        amountWan: 1200.5,
        minutes: 6,
        parties: [
          { organisation: '四川恒麓电气科技有限公司', side: 'left' },
          { organisation: '雅安城市建设投资开发有限公司', side: 'right' },
        ],
      });
      // Inserted at the top with `position`.
      await add('first', {
        title: '开场项目协议',
        kind: 'order',
        position: 0,
        parties: [{ organisation: '甲公司' }, { organisation: '乙公司' }],
      });
      const ceremony = (await api('GET', `${base()}/ceremonies/${ceremonyId}`)).json();
      expect(ceremony.agreements.map((a: AgreementJson) => [a.number, a.id])).toEqual([
        [1, ids.first],
        [2, ids.office],
        [3, ids.tsinghua],
        [4, ids.wuling],
        [5, ids.henglu],
      ]);
      expect(ceremony.agreements[3]).toMatchObject({
        facilitator: { name: CENTRE },
        landing: { province: '四川省', city: '资阳市', district: null, label: '四川省资阳市' },
        amountWan: 3000,
      });
    });

    it('reorders with every agreement once, and refuses an order that misses one', async () => {
      const bad = await api('PUT', `${base()}/ceremonies/${ceremonyId}/order`, {
        agreementIds: [ids.office, ids.tsinghua, ids.wuling, ids.henglu],
      });
      expect([bad.statusCode, bad.json().fields]).toEqual([
        400,
        [{ field: 'agreementIds', reason: `missing from the order: ${ids.first}` }],
      ]);
      const res = await api('PUT', `${base()}/ceremonies/${ceremonyId}/order`, {
        agreementIds: [ids.office, ids.tsinghua, ids.first, ids.wuling, ids.henglu],
      });
      expect(res.statusCode).toBe(200);
      const agreements: AgreementJson[] = res.json().agreements;
      expect(agreements.map((a) => a.id)).toEqual([ids.office, ids.tsinghua, ids.first, ids.wuling, ids.henglu]);
      // Planned times follow the order: 09:18, +4 minutes each, the last one after 4 × 4 minutes.
      expect(agreements.map((a) => a.plannedStartsAt?.slice(11, 16))).toEqual([
        '01:18',
        '01:22',
        '01:26',
        '01:30',
        '01:34',
      ]);
    });

    it('changes a party and a witness, and keeps two parties on a confirmed agreement', async () => {
      const office = await agreement(ids.office);
      const party = office.parties[1];
      const changed = await api('PATCH', `${base()}/parties/${party.id}`, { signatoryTitle: '主任' });
      expect(changed.json().parties[1]).toMatchObject({ signatory: { name: '李强' }, signatoryTitle: '主任' });
      const witness = await api('POST', `${base()}/agreements/${ids.office}/witnesses`, {
        name: '赵华',
        title: '巡视员',
      });
      expect(witness.json().witnesses.map((w: { person: { name: string } }) => w.person.name)).toEqual([
        '王明',
        '赵华',
      ]);
      expect((await api('POST', `${base()}/agreements/${ids.office}/status`, { status: 'confirmed' })).statusCode).toBe(
        200,
      );
      const removal = await api('DELETE', `${base()}/parties/${party.id}`);
      expect([removal.statusCode, removal.json().error]).toEqual([409, 'too_few_parties']);
    });
  });

  describe('status', () => {
    it('refuses to sign what is not confirmed, with 409 naming both statuses', async () => {
      const res = await api('POST', `${base()}/agreements/${ids.tsinghua}/status`, { status: 'signed' });
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({
        error: 'illegal_transition',
        details: { from: 'planned', to: 'signed' },
        fields: [{ field: 'status', reason: 'an agreement that is planned cannot become signed' }],
      });
      expect(signed).toEqual([]);
    });

    it('refuses to confirm an agreement with one party', async () => {
      const res = await api('POST', `${base()}/agreements/${ids.wuling}/status`, { status: 'confirmed' });
      expect([res.statusCode, res.json().error]).toEqual([409, 'too_few_parties']);
    });

    it('confirms, then signs once when two organisers press at the same time, and announces the signing after commit', async () => {
      const confirmed = await api('POST', `${base()}/agreements/${ids.tsinghua}/status`, { status: 'confirmed' });
      expect(confirmed.json<AgreementJson>()).toMatchObject({ status: 'confirmed', signedAt: null });
      expect(confirmed.json<AgreementJson>().confirmedAt).not.toBeNull();
      const [a, b] = await Promise.all([
        api('POST', `${base()}/agreements/${ids.tsinghua}/status`, { status: 'signed' }),
        api('POST', `${base()}/agreements/${ids.tsinghua}/status`, { status: 'signed' }),
      ]);
      expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
      const done = await agreement(ids.tsinghua);
      expect(done.status).toBe('signed');
      expect(signed).toHaveLength(1);
      const user = (await api('GET', '/api/auth/me')).json();
      expect(signed[0]).toEqual({
        eventId,
        agreementId: ids.tsinghua,
        title: `${CENTRE} ${TSINGHUA}战略合作协议`,
        kind: 'strategic',
        partyOrganisationIds: done.parties.map((p) => p.organisation.id),
        amountWan: null,
        landingPlace: null,
        signedAt: new Date(done.signedAt!),
        byUserId: user.id,
      });
    });

    it('keeps a signed agreement: no withdrawing, no deleting', async () => {
      const withdraw = await api('POST', `${base()}/agreements/${ids.tsinghua}/status`, { status: 'withdrawn' });
      expect([withdraw.statusCode, withdraw.json().error]).toEqual([409, 'illegal_transition']);
      const remove = await api('DELETE', `${base()}/agreements/${ids.tsinghua}`);
      expect([remove.statusCode, remove.json().error]).toEqual([409, 'agreement_signed']);
      const ceremony = await api('DELETE', `${base()}/ceremonies/${ceremonyId}`);
      expect([ceremony.statusCode, ceremony.json().error]).toEqual([409, 'ceremony_has_signed']);
    });

    it('sends the landing place and amount with a signing', async () => {
      await api('POST', `${base()}/agreements/${ids.henglu}/status`, { status: 'confirmed' });
      await api('POST', `${base()}/agreements/${ids.henglu}/status`, { status: 'signed' });
      expect(signed.at(-1)).toMatchObject({
        agreementId: ids.henglu,
        kind: 'project',
        amountWan: 1200.5,
        landingPlace: '四川省雅安市雨城区',
      });
    });

    it('answers 400 for an unknown status', async () => {
      const res = await api('POST', `${base()}/agreements/${ids.first}/status`, { status: 'done' });
      expect([res.statusCode, res.json().fields[0].field]).toEqual([400, 'status']);
    });
  });

  describe('totals', () => {
    it('counts signed agreements by kind, strategic partners of the host, amounts and landing places', async () => {
      await api('POST', `${base()}/agreements/${ids.office}/status`, { status: 'signed' });
      await api('POST', `${base()}/agreements/${ids.first}/status`, { status: 'withdrawn' });
      const { totals } = (await api('GET', `${base()}/ceremonies`)).json();
      expect(totals.counted).toEqual({
        signed: 3,
        bySignedKind: { strategic: 2, project: 1, technology_transfer: 0, order: 0, investment: 0 },
        planned: 1,
        confirmed: 0,
        withdrawn: 1,
        strategicPartners: 2,
        amountWan: 1200.5,
        landingPlaces: [
          {
            province: '四川省',
            city: '雅安市',
            district: '雨城区',
            label: '四川省雅安市雨城区',
            signed: 1,
            amountWan: 1200.5,
          },
        ],
      });
      expect(totals.summary.ceremonies).toBe(0);
    });

    it('keeps the summary totals apart from the counted ones', async () => {
      const res = await api('PATCH', `${base()}/ceremonies/${ceremonyId}`, {
        summary: { byKind: { project: 45, strategic: 6 }, strategicPartners: 6, note: '45个转化项目供需双方签约' },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json().summary).toEqual({
        byKind: { project: 45, strategic: 6 },
        strategicPartners: 6,
        amountWan: null,
        note: '45个转化项目供需双方签约',
        noteEn: null,
      });
      const { totals } = (await api('GET', `${base()}/ceremonies`)).json();
      expect(totals.counted.signed).toBe(3);
      expect(totals.counted.strategicPartners).toBe(2);
      expect(totals.summary).toEqual({
        ceremonies: 1,
        agreements: 51,
        byKind: { strategic: 6, project: 45, technology_transfer: 0, order: 0, investment: 0 },
        strategicPartners: 6,
        amountWan: 0,
        notes: [{ note: '45个转化项目供需双方签约', noteEn: null }],
      });
    });
  });

  describe('who may read and change', () => {
    it('asks anonymous callers to sign in and refuses staff, on the organisers’ routes', async () => {
      const anonymous = await t.app.inject({ method: 'GET', url: `${base()}/ceremonies` });
      expect(anonymous.statusCode).toBe(401);
      const post = await t.app.inject({
        method: 'POST',
        url: `${base()}/agreements/${ids.wuling}/status`,
        payload: { status: 'withdrawn' },
      });
      expect(post.statusCode).toBe(401);
      const staff = await staffLogin(t, 'desk@signings.test', [eventId]);
      expect((await api('GET', `${base()}/ceremonies`, undefined, staff)).statusCode).toBe(403);
      expect(
        (await api('POST', `${base()}/ceremonies/${ceremonyId}/stage`, { action: 'next' }, staff)).statusCode,
      ).toBe(403);
      expect((await agreement(ids.wuling)).status).toBe('planned');
    });

    it('hides a draft event’s signings from the public and shows them once published, without withdrawn ones', async () => {
      const draft = await t.app.inject({ method: 'GET', url: base() });
      expect(draft.statusCode).toBe(404);
      expect((await api('GET', base())).statusCode).toBe(200);
      expect((await api('POST', `/api/events/${eventId}/publish`)).statusCode).toBe(200);
      const res = await t.app.inject({ method: 'GET', url: base() });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.ceremonies).toHaveLength(1);
      const [ceremony] = body.ceremonies;
      expect(ceremony).not.toHaveProperty('screenUrl');
      expect(ceremony).not.toHaveProperty('stage');
      expect(ceremony.agreements.map((a: AgreementJson) => [a.number, a.title, a.status])).toEqual([
        [1, `${CENTRE} ${OFFICE}战略合作协议`, 'signed'],
        [2, `${CENTRE} ${TSINGHUA}战略合作协议`, 'signed'],
        [3, '重庆武瓴智行科技有限公司磁流变减震器商业航天配套项目协议', 'planned'],
        [4, '四川恒麓电气科技有限公司 雅安城市建设投资开发有限公司合作项目协议', 'signed'],
      ]);
      expect(ceremony.agreements[0].parties[0]).toMatchObject({
        organisation: { name: CENTRE },
        signatory: { name: '张伟' },
      });
      expect(body.totals.counted).toMatchObject({ signed: 3, withdrawn: 0, strategicPartners: 2 });
      expect(body.totals.summary).toMatchObject({ agreements: 51, strategicPartners: 6 });
    });
  });

  describe('run sheet', () => {
    it('downloads a .docx whose text holds the order and the emcee’s lines', async () => {
      const res = await api('GET', `${base()}/ceremonies/${ceremonyId}/run-sheet.docx`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe(
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      );
      expect(String(res.headers['content-disposition'])).toContain(
        `filename*=UTF-8''${encodeURIComponent('多方签约仪式-流程单.docx')}`,
      );
      const docx = res.rawPayload;
      expect(docx.subarray(0, 2).toString()).toBe('PK');
      const parts = unzip(docx);
      expect([...parts.keys()]).toEqual(expect.arrayContaining(['[Content_Types].xml', 'word/document.xml']));
      // A4 portrait, in twentieths of a point.
      expect(parts.get('word/document.xml')!.toString()).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
      const text = docxParagraphs(docx);
      expect(text).toContain('多方签约仪式流程单');
      expect(text).toContain(
        '尊敬的各位领导、各位来宾：下面举行多方签约仪式。本次仪式共有4项签约，其中战略合作协议2项、项目合作协议2项。',
      );
      expect(text).toContain(
        `下面进行第一项签约：《${CENTRE} ${OFFICE}战略合作协议》。有请${CENTRE}主任张伟、${OFFICE}主任李强上台签约，` +
          '有请国家国防科技工业局副局长王明、巡视员赵华见证。',
      );
      expect(text).toContain(
        '下面进行第三项签约：《重庆武瓴智行科技有限公司磁流变减震器商业航天配套项目协议》' +
          `（由${CENTRE}助推，项目落地四川省资阳市）。有请重庆武瓴智行科技有限公司代表上台签约。`,
      );
      expect(text).toContain('请签约双方交换文本，握手合影。');
      expect(text.some((p) => p.startsWith('请全体签约代表和见证嘉宾上台合影留念。'))).toBe(true);
    });

    it('gives the run sheet as data, with each signing’s time in the event’s zone', async () => {
      const res = await api('GET', `${base()}/ceremonies/${ceremonyId}/run-sheet`);
      const model = res.json();
      expect(model.rows.map((r: { number: number; time: string }) => [r.number, r.time])).toEqual([
        [1, '09:18–09:22'],
        [2, '09:22–09:26'],
        [3, '09:26–09:30'],
        [4, '09:30–09:36'],
      ]);
      expect(model.overrun).toBeNull();
      expect(model.stage[0].left).toEqual([{ seat: '左1', organisation: CENTRE, person: '主任张伟' }]);
    });
  });

  describe('hall screen', () => {
    it('follows the stage through the screen link, and stops when the link is revoked', async () => {
      const { screenUrl } = (await api('GET', `${base()}/ceremonies/${ceremonyId}`)).json();
      const token = new URL(screenUrl).pathname.split('/').at(-1)!;
      const state = async () => (await t.app.inject({ method: 'GET', url: `/api/signing-screens/${token}` })).json();
      expect(await state()).toMatchObject({ phase: 'opening', heading: '签约仪式即将开始', progress: '共4项签约' });

      const next = await api('POST', `${base()}/ceremonies/${ceremonyId}/stage`, { action: 'next' });
      expect(next.json()).toEqual({ phase: 'agreement', agreementId: ids.office });
      expect(await state()).toMatchObject({
        heading: '第1项签约',
        title: `《${CENTRE} ${OFFICE}战略合作协议》`,
        left: [{ organisation: CENTRE, person: '主任张伟' }],
        right: [{ organisation: OFFICE, person: '主任李强' }],
        progress: '1 / 4',
      });
      // Showing a withdrawn agreement is refused; stepping skips it.
      const withdrawn = await api('POST', `${base()}/ceremonies/${ceremonyId}/stage`, { agreementId: ids.first });
      expect(withdrawn.statusCode).toBe(409);
      await api('POST', `${base()}/ceremonies/${ceremonyId}/stage`, { action: 'next' });
      await api('POST', `${base()}/ceremonies/${ceremonyId}/stage`, { action: 'next' });
      expect(await state()).toMatchObject({ title: '《重庆武瓴智行科技有限公司磁流变减震器商业航天配套项目协议》' });
      expect((await state()).notes).toEqual([`由${CENTRE}助推`, '项目落地四川省资阳市']);

      const bad = await api('POST', `${base()}/ceremonies/${ceremonyId}/stage`, { action: 'sideways' });
      expect([bad.statusCode, bad.json().fields[0].field]).toEqual([400, 'action']);

      expect((await api('POST', `${base()}/ceremonies/${ceremonyId}/screen/revoke`)).statusCode).toBe(200);
      const gone = await t.app.inject({ method: 'GET', url: `/api/signing-screens/${token}` });
      expect([gone.statusCode, gone.json().error]).toEqual([404, 'screen_link_invalid']);
      const page = await t.app.inject({ method: 'GET', url: `/screens/signings/${token}` });
      expect(page.statusCode).toBe(404);
      const forged = await t.app.inject({ method: 'GET', url: `/api/signing-screens/${ceremonyId}.${'a'.repeat(43)}` });
      expect(forged.statusCode).toBe(404);
    });
  });

  it('documents the signing routes in the OpenAPI description, and not the pages', async () => {
    const docs = (await t.app.inject({ method: 'GET', url: '/api/docs-json' })).json();
    const api = '/api/events/{eventId}/signings';
    expect(
      [
        api,
        `${api}/ceremonies`,
        `${api}/agreements/{agreementId}/status`,
        `${api}/ceremonies/{ceremonyId}/run-sheet.docx`,
      ].map((p) => Object.keys(docs.paths[p] ?? {}).sort()),
    ).toEqual([['get'], ['get', 'post'], ['post'], ['get']]);
    expect(Object.keys(docs.paths).filter((p) => p.includes('screens') || p.startsWith('/console'))).toEqual([]);
  });

  describe('console pages', () => {
    let browser: Browser;
    const page = () => `/console/events/${eventId}/signings?ceremony=${ceremonyId}`;

    beforeAll(async () => {
      browser = new Browser(t.app);
      await browser.get('/login');
      const res = await browser.post('/login', { email: ADMIN.email, password: ADMIN.password, next: '' });
      expect(res.statusCode).toBe(303);
    });

    it('lists the agreements with their totals in Chinese and in English', async () => {
      const zh = await browser.get(page());
      expect(zh.statusCode).toBe(200);
      expect(zh.body).toContain('签约统计');
      expect(zh.body).toContain('汇总数据（未逐项登记）');
      expect(zh.body).toContain('重庆武瓴智行科技有限公司磁流变减震器商业航天配套项目协议');
      const en = await browser.get(`${page()}&lang=en`);
      expect(en.body).toContain('Summary totals (not itemised)');
      expect(en.body).toContain('Hall screen');
      // The planned agreement offers its next step, in the reader's language.
      expect(en.body).toMatch(/data-to="confirmed">Text confirmed</);
      // Back to Chinese for the rest (the language is remembered in a cookie).
      expect((await browser.get(`${page()}&lang=zh-CN`)).body).toMatch(/data-to="confirmed">文本已确认</);
    });

    it('reaches the ceremony from the programme session', async () => {
      const res = await browser.get(`/console/events/${eventId}/signings?session=${signingSession}`);
      expect([res.statusCode, res.headers.location]).toEqual([303, page()]);
    });

    it('adds an agreement from the form, and shows the problems by field when it is incomplete', async () => {
      const bad = await browser.post(`/console/events/${eventId}/signings/${ceremonyId}/agreements`, {
        title: '',
        kind: 'project',
        party1Signatory: '王强',
        amountWan: 'lots',
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('id="e-a-party1Organisation"');
      expect(bad.body).toContain('id="e-a-amountWan"');
      const ok = await browser.post(`/console/events/${eventId}/signings/${ceremonyId}/agreements`, {
        title: '四川哈威深无人系统科技有限公司 眉山东坡医疗健康投资有限公司合作项目协议',
        kind: 'project',
        party1Organisation: '四川哈威深无人系统科技有限公司',
        party1Side: 'left',
        party2Organisation: '眉山东坡医疗健康投资有限公司',
        party2Side: 'right',
        facilitator: CENTRE,
        witnesses: '陈静 / 副市长 / 眉山市人民政府',
      });
      expect(ok.statusCode).toBe(303);
      const id = Number(/#agreement-(\d+)$/.exec(String(ok.headers.location))![1]);
      ids.haweishen = id;
      // Number 5: the withdrawn agreement has no number on the running order.
      expect(await agreement(id)).toMatchObject({
        number: 5,
        parties: [
          { organisation: { name: '四川哈威深无人系统科技有限公司' }, side: 'left' },
          { organisation: { name: '眉山东坡医疗健康投资有限公司' }, side: 'right' },
        ],
        witnesses: [{ person: { name: '陈静' }, title: '副市长', organisation: { name: '眉山市人民政府' } }],
        facilitator: { name: CENTRE },
      });
    });

    it('edits an agreement from its filled form', async () => {
      const form = await browser.get(`${page()}&edit=${ids.haweishen}`);
      expect(form.body).toContain(
        `action="/console/events/${eventId}/signings/${ceremonyId}/agreements/${ids.haweishen}"`,
      );
      expect(form.body).toContain('value="眉山东坡医疗健康投资有限公司"');
      expect(form.body).toContain('陈静 / 副市长 / 眉山市人民政府</textarea>');
      const res = await browser.post(`/console/events/${eventId}/signings/${ceremonyId}/agreements/${ids.haweishen}`, {
        title: '四川哈威深无人系统科技有限公司 眉山东坡医疗健康投资有限公司无人系统合作项目协议',
        kind: 'project',
        party1Organisation: '四川哈威深无人系统科技有限公司',
        party1Side: 'left',
        party2Organisation: '眉山东坡医疗健康投资有限公司',
        party2Side: 'right',
        witnesses: '陈静 / 副市长 / 眉山市人民政府',
        landingCity: '眉山市',
        amountWan: '800',
      });
      expect(res.statusCode).toBe(303);
      expect(await agreement(ids.haweishen)).toMatchObject({
        title: '四川哈威深无人系统科技有限公司 眉山东坡医疗健康投资有限公司无人系统合作项目协议',
        facilitator: null,
        landing: { label: '眉山市' },
        amountWan: 800,
        witnesses: [{ person: { name: '陈静' } }],
      });
    });

    it('moves an agreement up and marks it from the buttons, refusing an illegal step with the reason', async () => {
      const up = await browser.post(
        `/console/events/${eventId}/signings/${ceremonyId}/agreements/${ids.haweishen}/move`,
        {
          direction: 'up',
        },
      );
      expect(up.statusCode).toBe(303);
      expect((await agreement(ids.haweishen)).number).toBe(4);
      const sign = await browser.post(
        `/console/events/${eventId}/signings/${ceremonyId}/agreements/${ids.haweishen}/status`,
        { status: 'signed' },
      );
      expect(sign.statusCode).toBe(303);
      const after = await browser.get(String(sign.headers.location));
      expect(after.body).toContain('该签约项目当前状态下不能这样修改。');
      expect((await agreement(ids.haweishen)).status).toBe('planned');
    });

    it('prints the run sheet on A4 with the emcee’s lines', async () => {
      const res = await browser.get(`/console/events/${eventId}/signings/${ceremonyId}/run-sheet`);
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('/assets/signings/signings.css');
      expect(res.body).toContain('下面进行第一项签约');
      expect(res.body).toContain('主持词');
      const css = await t.app.inject({ method: 'GET', url: '/assets/signings/signings.css' });
      expect(css.body).toMatch(/@page\s*{\s*size: A4 portrait;/);
    });

    it('downloads the .docx from the console too', async () => {
      const res = await browser.get(`/console/events/${eventId}/signings/${ceremonyId}/run-sheet.docx`);
      expect(res.statusCode).toBe(200);
      expect(docxParagraphs(res.rawPayload).some((p) => p.startsWith('下面进行第四项签约：《四川哈威深'))).toBe(true);
    });
  });
});
