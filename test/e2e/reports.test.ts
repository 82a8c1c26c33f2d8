import { AgendaService } from '../../src/agenda/agenda.service.js';
import type { SessionKind } from '../../src/agenda/session.entity.js';
import { IntentSources } from '../../src/intents/intent-sources.service.js';
import { IntentsService, type Actor } from '../../src/intents/intents.service.js';
import { AchievementsService } from '../../src/matchmaking/achievements.service.js';
import { DemandsService } from '../../src/matchmaking/demands.service.js';
import { EventListsService } from '../../src/matchmaking/event-lists.service.js';
import { MeetingsService } from '../../src/matchmaking/meetings/meetings.service.js';
import type { Registration } from '../../src/registration/registration.entity.js';
import { RegistrationsService } from '../../src/registration/registrations.service.js';
import type { LeadKind } from '../../src/roadshows/roadshow-lead.entity.js';
import { RoadshowLeadsService } from '../../src/roadshows/roadshow-leads.service.js';
import { RoadshowScoresService } from '../../src/roadshows/roadshow-scores.service.js';
import { Browser } from '../support/browser.js';
import { registerPerson, scan, staffLogin, type Auth } from '../support/check-in.js';
import { aCategory, aCheckInList, anEvent, aRegistration, aSession, theEntrance } from '../support/factories.js';
import { ADMIN, apiLogin, startTestApp, type TestApp } from '../support/test-app.js';
import { docxParagraphs } from '../support/zip.js';

const DB = process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'SQLite';
const TITLE = '“互通互信 共建共享”成都都市圈先进技术成果转化推介活动';
const CENTRE = '先进技术成果西部转化中心';
const OFFICE = '四川省推进成德眉资同城化发展领导小组办公室';
const TSINGHUA = '清华四川能源互联网研究院';

/** The press text of the 19th edition's known dataset below, as the printable page and the .docx must state it. */
const ZH_PARAGRAPHS = [
  `2027年10月23日，${TITLE}举行。`,
  '本次活动共有10人报名（已确认7人，待审核2人、候补1人），其中嘉宾3人、企业代表5人、媒体2人；签到6人，其中嘉宾2人、企业代表4人。',
  '活动议程共7场，包括主旨报告2场、政策解读1场、项目路演1场、签约仪式1场、自由洽谈1场、分会场活动1场。',
  '本次活动共签约7项，其中战略合作协议4项、项目合作协议2项、技术转让协议1项；签约金额5000.5万元；涉及战略合作伙伴3家；' +
    '项目落地四川省资阳市2项、四川省雅安市雨城区1项；另有2项待签约（文本已确认1项、拟签1项）。' +
    '此外，现场集中签约项目合作协议45项、战略合作伙伴6家（汇总数据，未逐项登记，未计入上述统计）。',
  '发布成果5项，其中电子信息3项、先进材料2项。',
  '发布需求4项，其中电子信息1项、新能源1项、装备制造2项；按城市分，成都2项、德阳1项；揭榜挂帅需求2项，共收到2家单位的揭榜方案4份。',
  '项目路演环节共有4个项目登台路演，现场收到关注8次、约见请求3次、留言2次，来自7位参会者；有2个项目收到约见请求；' +
    '按领域分，电子信息2个、装备制造1个；评委平均评分7.97分（3个项目已评分）。',
  '自由洽谈环节共有4人参与，发出洽谈邀约4次（接受2次）；安排一对一洽谈2场；举行一对一洽谈1场，其中1场双方表示有意合作。',
  '本次活动共达成初步合作意向15项；截至目前，其中9项进入洽谈、8项已签约、1项已落地（签约金额10001万元，落地金额5000万元），1项已终止。',
];
const EN_PARAGRAPHS = [
  'Chengdu Metropolitan Area Technology Transfer Promotion took place on 23 October 2027.',
  '10 people registered (7 confirmed, 2 awaiting review, 1 on the waiting list): Guests of honour 3, Enterprises 5, Media 2; 6 checked in: Guests of honour 2, Enterprises 4.',
  'The programme had 7 sessions: Keynote 2, Policy briefing 1, Roadshow 1, Signing ceremony 1, Free negotiation 1, Sub-venue programme 1.',
  '7 agreements were signed: Strategic cooperation 4, Project cooperation 2, Technology transfer 1; worth RMB 50,005,000 in all; ' +
    'with 3 strategic partners; projects land in 四川省资阳市 2, 四川省雅安市雨城区 1; ' +
    '2 more are yet to be signed (1 with the text confirmed, 1 planned). ' +
    'In addition, the signing ceremonies reported totals not itemised (not included above): Project cooperation 45, 6 strategic partners.',
  '5 achievements were published: Electronics & IT 3, Advanced materials 2.',
  '4 demands were published: Electronics & IT 1, New energy 1, Equipment manufacturing 2; by city, 成都 2, 德阳 1; 2 were open calls, which received 4 bids from 2 organisations.',
  'At the roadshow, 4 projects were presented, receiving 8 expressions of interest, 3 meeting requests and 2 messages ' +
    'from 7 attendees; 2 projects received a meeting request; by field, Electronics & IT 2, Equipment manufacturing 1; ' +
    "the judges' average score was 7.97 (3 projects scored).",
  'In the free negotiation, 4 participants sent 4 meeting requests (2 accepted); 2 one-to-one meetings were scheduled; 1 meeting was held, 1 of them with both sides intending to cooperate.',
  '15 cooperation intents were reached at the event; to date, 9 have gone on to negotiation, 8 have been signed and ' +
    '1 has landed (RMB 100,010,000 signed, RMB 50,000,000 landed); 1 was dropped.',
];

/** HTML text with tags removed and entities of our templates decoded, runs of white space folded. */
function textOf(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&#x3D;/g, '=')
    .replace(/\s+/g, ' ');
}

/** The paragraphs of an element of a page: `<p>` texts inside the first element with that class. */
function paragraphsIn(html: string, className: string): string[] {
  const start = html.indexOf(`class="${className}"`);
  const block = html.slice(start, html.indexOf('</div>', start));
  return [...block.matchAll(/<p>([\s\S]*?)<\/p>/g)].map((m) => textOf(m[1]).trim());
}

describe(`reports of an event and a series on ${DB}`, () => {
  let t: TestApp;
  let auth: Auth;
  let organiser: Browser;
  const ids = { series: 0, e18: 0, e19: 0, other: 0, otherSeries: 0 };

  async function signIn(email: string, password: string): Promise<Browser> {
    const b = new Browser(t.app);
    await b.get('/login');
    const res = await b.post('/login', { email, password, next: '' });
    if (res.statusCode !== 303) throw new Error(`login: ${res.statusCode}`);
    return b;
  }

  const api = (url: string, headers: Record<string, string> = auth) => t.app.inject({ method: 'GET', url, headers });
  const post = async (url: string, payload: object, expected = [200, 201]) => {
    const res = await t.app.inject({ method: 'POST', url, headers: auth, payload });
    if (!expected.includes(res.statusCode)) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };

  /** The library items of the dataset, made through the services and listed at an event. */
  async function listAchievements(eventId: number, categories: string[]): Promise<void> {
    const service = t.app.get(AchievementsService);
    const made = [];
    for (const [i, category] of categories.entries()) {
      made.push(
        await service.create({
          title: `成果 ${eventId}-${i}`,
          summary: '可提供样机测试',
          category,
          maturity: 'pilot',
          transferModes: ['licence'],
          owner: '重庆武瓴智行科技有限公司',
        }),
      );
    }
    await t.app.get(EventListsService).add(
      eventId,
      'achievement',
      made.map((a) => a.id),
    );
  }

  /** A signing ceremony on an agenda session; its agreements added in order and moved to the status given. */
  async function ceremony(
    eventId: number,
    agendaSessionId: number,
    settings: { hostOrganisation?: string; summary?: object },
    agreements: { kind: string; parties: string[]; status: string; amountWan?: number; landing?: object }[],
  ): Promise<number> {
    const base = `/api/events/${eventId}/signings`;
    const { id } = await post(`${base}/ceremonies`, { agendaSessionId, ...settings });
    for (const [i, a] of agreements.entries()) {
      const made = await post(`${base}/ceremonies/${id}/agreements`, {
        title: `协议 ${eventId}-${id}-${i}`,
        kind: a.kind,
        parties: a.parties.map((organisation) => ({ organisation })),
        ...(a.amountWan !== undefined ? { amountWan: a.amountWan } : {}),
        ...(a.landing ? { landing: a.landing } : {}),
      });
      const path = {
        planned: [],
        confirmed: ['confirmed'],
        signed: ['confirmed', 'signed'],
        withdrawn: ['confirmed', 'withdrawn'],
      };
      for (const status of path[a.status as keyof typeof path])
        await post(`${base}/agreements/${made.id}/status`, { status });
    }
    return id;
  }

  /** A running order on a roadshow session with its projects (10 minutes' pitch and 5 of questions each). */
  async function roadshow(
    eventId: number,
    agendaSessionId: number,
    projects: { name: string; organisation: string; categoryCode?: string }[],
  ): Promise<{ id: number; projects: number[] }> {
    const base = `/api/events/${eventId}/roadshows`;
    const { id } = await post(base, { agendaSessionId });
    const made: number[] = [];
    for (const p of projects)
      made.push((await post(`${base}/${id}/projects`, { ...p, pitchMinutes: 10, qaMinutes: 5 })).project.id);
    return { id, projects: made };
  }

  /** Leads as attendees leave them on a project's page. */
  async function leads(projectId: number, kind: LeadKind, who: Registration[]): Promise<void> {
    for (const registration of who)
      await t.app
        .get(RoadshowLeadsService)
        .record(projectId, registration, kind === 'message' ? { kind, message: '请发一份项目资料。' } : { kind });
  }

  /**
   * The 19th edition: registrations in three categories and every status, check-ins at two lists (with repeats and
   * refusals that must not count), a programme with a cancelled session and a break, lists with open calls and bids,
   * a free negotiation with requests, a schedule and outcomes, two signing ceremonies: the centre's (its
   * partners counted once each, agreements signed, confirmed, planned and withdrawn) and a sub-venue's without a host
   * that records summary totals (45 projects, 6 strategic partners) beside two itemised signings, and a roadshow of
   * four projects (one without a field) with leads of every kind, repeated ones, and judges' scores — one judge's sheet
   * of a project its organisation took over later — beside a cancelled roadshow whose leads must count nowhere.
   */
  async function nineteenth(eventId: number): Promise<void> {
    const registrations = t.app.get(RegistrationsService);
    await aCategory(t, eventId, { code: 'guest', name: '嘉宾', nameEn: 'Guests of honour', capacity: 2 });
    await aCategory(t, eventId, { code: 'enterprise', name: '企业代表', nameEn: 'Enterprises' });
    await aCategory(t, eventId, { code: 'media', name: '媒体', nameEn: 'Media', approval: 'review' });
    const guests = [];
    for (let i = 0; i < 3; i++) guests.push(await aRegistration(t, eventId, { category: 'guest' }));
    const firms = [];
    for (let i = 0; i < 6; i++) firms.push(await aRegistration(t, eventId, { category: 'enterprise' }));
    const press = [];
    for (let i = 0; i < 3; i++) press.push(await aRegistration(t, eventId, { category: 'media' }));
    expect([...guests, ...firms, ...press].map((r) => r.status)).toEqual([
      'confirmed',
      'confirmed',
      'waitlisted',
      ...Array(6).fill('confirmed'),
      'pending',
      'pending',
      'pending',
    ]);
    await registrations.cancel(firms[5].id);
    await registrations.reject(press[2].id, '名额已满');

    const entrance = await theEntrance(t, eventId);
    const deyang = await aCheckInList(t, eventId, { name: '德阳分会场', nameEn: 'Deyang sub-venue' });
    const at = async (listId: number, registrationId: number, result: string) =>
      expect((await scan(t, eventId, auth, { registrationId, listId })).body.result).toBe(result);
    for (const r of [guests[0], guests[1], firms[0], firms[1], firms[2]]) await at(entrance.id, r.id, 'ok');
    await at(entrance.id, firms[0].id, 'already_checked_in');
    await at(deyang.id, firms[0].id, 'ok');
    await at(deyang.id, firms[3].id, 'ok');
    await at(entrance.id, guests[2].id, 'not_confirmed');
    await at(entrance.id, firms[5].id, 'revoked');

    const event = { id: eventId, startsAt: new Date('2027-10-23T01:00:00Z') };
    const session = (kind: SessionKind, from: string, to: string) =>
      aSession(t, event, {
        kind,
        startsAt: `2027-10-23T${from}:00+08:00`,
        endsAt: `2027-10-23T${to}:00+08:00`,
      });
    await session('keynote', '09:00', '09:30');
    await session('keynote', '09:30', '10:00');
    await session('policy_briefing', '10:00', '10:30');
    const roadshowSession = await session('roadshow', '10:30', '11:30');
    await session('break', '11:30', '12:00');
    const cancelled = await session('keynote', '12:00', '12:30');
    await t.app.get(AgendaService).cancel(eventId, cancelled.id);
    const negotiation = await session('free_negotiation', '14:00', '17:00');
    const signing = await session('signing_ceremony', '13:00', '13:30');
    const subVenue = await session('sub_venue_programme', '13:30', '14:00');
    const zy = { province: '四川省', city: '资阳市' };
    await ceremony(eventId, signing.id, { hostOrganisation: CENTRE }, [
      { kind: 'strategic', parties: [CENTRE, OFFICE], status: 'signed' },
      { kind: 'strategic', parties: [CENTRE, TSINGHUA], status: 'signed' },
      // A second agreement with the same partner: one more agreement, not one more partner.
      { kind: 'strategic', parties: [OFFICE, CENTRE], status: 'signed' },
      {
        kind: 'project',
        parties: ['重庆武瓴智行科技有限公司', '资阳高新区管委会'],
        status: 'signed',
        amountWan: 3000,
        landing: zy,
      },
      {
        kind: 'technology_transfer',
        parties: ['四川恒麓电气科技有限公司', '雅安城市建设投资开发有限公司'],
        status: 'signed',
        amountWan: 1200.5,
        landing: { ...zy, city: '雅安市', district: '雨城区' },
      },
      { kind: 'order', parties: ['甲公司', '乙公司'], status: 'confirmed', amountWan: 500, landing: zy },
      { kind: 'investment', parties: ['丙公司', '丁公司'], status: 'planned' },
      { kind: 'project', parties: ['戊公司', '己公司'], status: 'withdrawn', amountWan: 999, landing: zy },
    ]);
    await ceremony(
      eventId,
      subVenue.id,
      {
        summary: {
          byKind: { project: 45 },
          strategicPartners: 6,
          note: '45个转化项目供需双方签约',
          noteEn: '45 transformation projects signed by both sides',
        },
      },
      [
        { kind: 'project', parties: ['庚公司', '辛公司'], status: 'signed', amountWan: 800, landing: zy },
        // Without a host, a signed strategic agreement is one partnership whoever signs it.
        { kind: 'strategic', parties: [TSINGHUA, '资阳市人民政府'], status: 'signed' },
      ],
    );

    const show = await roadshow(eventId, roadshowSession.id, [
      {
        name: '矢安AI主动防御实战化评价中心',
        organisation: '成都矢安网络安全技术有限公司',
        categoryCode: 'electronics',
      },
      { name: '汽车磁流变智能油气悬架', organisation: '重庆武瓴智行科技有限公司', categoryCode: 'equipment' },
      { name: '全彩微光夜视仪', organisation: '西部光电技术研究院', categoryCode: 'electronics' },
      { name: '小水电站变速恒频技术改造', organisation: '四川绿能电气技术研究所' },
    ]);
    const [shian, wuling, yeshi, xiaoshui] = show.projects;
    const [g0, g1] = guests;
    const [f0, f1, f2, f3, f4] = firms;
    await leads(shian, 'interest', [g0, g1, f0, g0]); // g0 twice: one lead
    await leads(shian, 'meeting', [f0]);
    await leads(shian, 'message', [f1]);
    await leads(wuling, 'interest', [f0, f1, f2, g1]);
    await leads(wuling, 'meeting', [f2, g0]);
    await leads(yeshi, 'interest', [f3]);
    await leads(xiaoshui, 'message', [f4]);
    const rs = `/api/events/${eventId}/roadshows/${show.id}`;
    const [innovation, market] = (
      await t.app.inject({
        method: 'PUT',
        url: `${rs}/criteria`,
        headers: auth,
        payload: {
          criteria: [
            { name: '技术创新性', weight: 3 },
            { name: '市场前景', weight: 1 },
          ],
        },
      })
    )
      .json<{ id: number }[]>()
      .map((c) => c.id);
    const scores = t.app.get(RoadshowScoresService);
    const judge = async (name: string, organisation: string) => {
      const { url } = await post(`${rs}/judges`, { name, organisation });
      return scores.judgeByToken(new URL(url as string).pathname.split('/').pop()!);
    };
    const expert = await judge('程远', TSINGHUA);
    const investor = await judge('石峻', '安徽磐石基业产业投资有限公司');
    const engineer = await judge('赵工', '重庆武瓴智行科技有限公司');
    const score = (j: typeof expert, projectId: number, [a, b]: [number, number]) =>
      scores.score(j, projectId, [
        { criterionId: innovation, score: a },
        { criterionId: market, score: b },
      ]);
    await score(expert, shian, [8, 6]); // 7.5
    await score(investor, shian, [9, 9]); // 9
    await score(engineer, shian, [5, 5]); // 5
    await score(expert, wuling, [7, 9]); // 7.5
    await score(investor, wuling, [6, 6]); // 6
    await score(engineer, yeshi, [4, 4]); // left out below: 武瓴 takes the project over
    await score(expert, yeshi, [10, 10]); // 10
    const handover = await t.app.inject({
      method: 'PATCH',
      url: `/api/events/${eventId}/roadshows/projects/${yeshi}`,
      headers: auth,
      payload: { organisation: '重庆武瓴智行科技有限公司' },
    });
    expect(handover.statusCode).toBe(200);
    // A roadshow on a session cancelled afterwards: its project and leads count nowhere.
    const dropped = await session('roadshow', '15:00', '15:30');
    const [gone] = (await roadshow(eventId, dropped.id, [{ name: '已取消的路演项目', organisation: '某单位' }]))
      .projects;
    await leads(gone, 'interest', [g0, press[0]]);
    await leads(gone, 'meeting', [f4]);
    await t.app.get(AgendaService).cancel(eventId, dropped.id);

    await listAchievements(eventId, ['electronics', 'electronics', 'materials', 'electronics', 'materials']);
    const demands = t.app.get(DemandsService);
    const demand = (category: string, city: string | undefined, openCall: boolean) =>
      demands.create({
        title: `需求 ${category} ${city ?? ''}`,
        description: '寻求技术合作',
        category,
        publisher: city ? `${city}市经济和信息化局` : '四川恒麓电气科技有限公司',
        ...(city ? { city } : {}),
        openCall,
      });
    const d = [
      await demand('equipment', '成都', true),
      await demand('equipment', '成都', false),
      await demand('electronics', '德阳', true),
      await demand('new_energy', undefined, false),
    ];
    await t.app.get(EventListsService).add(
      eventId,
      'demand',
      d.map((x) => x.id),
    );
    const bid = (demandId: number, organisation: string) =>
      post(`/api/demands/${demandId}/bids`, {
        organisation,
        approach: '联合攻关，分阶段交付',
        contactName: '王敏',
        contactEmail: 'wangmin@example.cn',
      });
    await bid(d[0].id, '西部转化中心');
    await bid(d[0].id, '西部转化中心');
    await bid(d[0].id, '清华四川能源互联网研究院');
    await bid(d[2].id, '西部转化中心');

    const base = `/api/events/${eventId}/meetings`;
    const ms = await post(`${base}/sessions`, { agendaSessionId: negotiation.id, slotMinutes: 20, tableCount: 5 });
    const participant: Record<string, number> = {};
    const people = { g: guests[0], a: firms[0], b: firms[1], c: firms[2], d: firms[3] };
    for (const [key, r] of Object.entries(people)) {
      const res = await t.app.inject({
        method: 'PUT',
        url: `${base}/sessions/${ms.id}/participants`,
        headers: auth,
        payload: { registrationId: r.id, offer: '技术方案', seek: '合作伙伴' },
      });
      expect(res.statusCode).toBe(200);
      participant[key] = res.json<{ id: number }>().id;
    }
    await t.app.get(MeetingsService).optOut(eventId, ms.id, firms[3].id);
    const request = (from: string, to: string) =>
      post(`${base}/sessions/${ms.id}/requests`, { from: participant[from], to: participant[to], message: '希望洽谈' });
    const answer = (id: number, value: 'accept' | 'decline') =>
      post(`${base}/requests/${id}/answer`, { answer: value });
    const r1 = await request('g', 'a');
    const r2 = await request('b', 'c');
    const r3 = await request('a', 'b');
    await request('c', 'g');
    await answer(r1.id, 'accept');
    await answer(r2.id, 'accept');
    await answer(r3.id, 'decline');
    const schedule = await post(`${base}/sessions/${ms.id}/schedule/run`, {});
    const meetingOf = (requestId: number) =>
      (schedule.meetings as { id: number; requestId: number }[]).find((m) => m.requestId === requestId)!.id;
    await post(`${base}/meetings/${meetingOf(r1.id)}/outcome`, { outcome: 'held', intent: true });
    await post(`${base}/meetings/${meetingOf(r2.id)}/outcome`, { outcome: 'no_show' });
  }

  /**
   * The cooperation pipeline of the 19th edition, beside the intents its signings, its held meeting and its roadshow's
   * meeting requests start by themselves: an investment that went all the way (intent 23 Oct 2027, negotiating 7 days
   * later, signed after 30, landed after 90, owned by 资阳's office), a joint development in negotiation owned by the
   * organiser with a follow-up date long past, and one dropped, without owner; plus a landed one at the 18th edition.
   */
  async function pipeline(): Promise<void> {
    const intents = t.app.get(IntentsService);
    const actor: Actor = { key: 'user:1', name: 'Admin', userId: 1 };
    const day = (d: string) => new Date(`${d}T10:00:00+08:00`);
    const parties = [{ organisation: '重庆武瓴智行科技有限公司' }, { organisation: '资阳高新区管委会' }];
    const source = { kind: 'api' as const, id: null };
    const landed = await intents.create(
      {
        title: '汽车磁流变智能油气悬架产业化投资',
        kind: 'investment',
        category: 'equipment',
        city: '资阳',
        valueWan: 5000,
        eventId: ids.e19,
        parties,
        owner: { organisation: '资阳市委融办', contactName: '李华', contactEmail: 'lihua@ziyang.example.gov.cn' },
        source,
      },
      actor,
      day('2027-10-23'),
    );
    await intents.changeStage(landed.id, { stage: 'negotiating' }, actor, day('2027-10-30'));
    await intents.changeStage(landed.id, { stage: 'signed' }, actor, day('2027-11-22'));
    await intents.changeStage(
      landed.id,
      { stage: 'landed', landedPlace: '资阳高新区', landedOn: '2028-01-21' },
      actor,
      day('2028-01-21'),
    );
    const talking = await intents.create(
      {
        title: '全彩微光夜视仪联合开发',
        kind: 'joint_development',
        category: 'electronics',
        city: '成都',
        valueWan: 800,
        eventId: ids.e19,
        parties: [{ organisation: '西部光电技术研究院' }, { organisation: '成都矢安网络安全技术有限公司' }],
        owner: { userId: 1 },
        nextFollowUpOn: '2026-01-15',
        source,
      },
      actor,
      day('2027-10-23'),
    );
    await intents.changeStage(talking.id, { stage: 'negotiating' }, actor, day('2027-11-02'));
    const gone = await intents.create(
      {
        title: '小水电站变速恒频技术改造',
        kind: 'technology_transfer',
        category: 'new_energy',
        city: '雅安',
        valueWan: 300,
        eventId: ids.e19,
        parties: [{ organisation: '四川绿能电气技术研究所' }, { organisation: '雅安城市建设投资开发有限公司' }],
        source,
      },
      actor,
      day('2027-10-23'),
    );
    await intents.changeStage(gone.id, { stage: 'dropped', droppedReason: 'no_budget' }, actor, day('2027-11-10'));
    const earlier = await intents.create(
      {
        title: '高温合金材料中试合作',
        kind: 'joint_development',
        category: 'materials',
        city: '眉山',
        valueWan: 1200,
        eventId: ids.e18,
        parties: [{ organisation: '西南先进材料研究院' }, { organisation: '眉山市人民政府' }],
        owner: { organisation: '眉山市委融办', contactName: '陈静', contactEmail: 'chenjing@meishan.example.gov.cn' },
        source,
      },
      actor,
      day('2027-06-12'),
    );
    await intents.changeStage(
      earlier.id,
      { stage: 'landed', landedPlace: '眉山高新区', landedOn: '2027-09-10' },
      actor,
      day('2027-09-10'),
    );
  }

  beforeAll(async () => {
    t = await startTestApp({ env: { MAIL_WORKER: 'false' } });
    auth = await apiLogin(t.app);
    organiser = await signIn(ADMIN.email, ADMIN.password);
    ids.series = (
      await post('/api/series', { slug: 'hutong', name: '互通互信 共建共享', nameEn: 'Connect and Share' })
    ).id;
    ids.otherSeries = (await post('/api/series', { slug: 'other-series', name: '西转通' })).id;
    // The 19th edition is made first: the series lists editions by date, not by id.
    ids.e19 = (
      await anEvent(t, {
        title: TITLE,
        titleEn: 'Chengdu Metropolitan Area Technology Transfer Promotion',
        seriesId: ids.series,
        edition: 19,
        startsAt: '2027-10-23T09:00:00+08:00',
        endsAt: '2027-10-23T17:30:00+08:00',
      })
    ).id;
    ids.e18 = (
      await anEvent(t, {
        title: '“互通互信 共建共享”德阳专场',
        seriesId: ids.series,
        edition: 18,
        startsAt: '2027-06-12T09:00:00+08:00',
        endsAt: '2027-06-12T17:30:00+08:00',
      })
    ).id;
    const other = await anEvent(t, { title: '西转通走进眉山' });
    ids.other = other.id;
    await nineteenth(ids.e19);

    // A little of everything elsewhere: none of it may reach the 19th edition's figures.
    const e18 = { id: ids.e18, startsAt: new Date('2027-06-12T01:00:00Z') };
    const zy18 = { province: '四川省', city: '眉山市' };
    for (const event of [e18, other]) {
      await aCategory(t, event.id, { code: 'enterprise', name: '企业代表' });
      const first = await aRegistration(t, event.id, { category: 'enterprise' });
      await aRegistration(t, event.id, { category: 'enterprise' });
      await scan(t, event.id, auth, { registrationId: first.id, listId: (await theEntrance(t, event.id)).id });
      await listAchievements(event.id, ['equipment']);
      await aSession(t, event, { kind: 'keynote' });
      const signing = await aSession(t, event, { kind: 'signing_ceremony' });
      await ceremony(
        event.id,
        signing.id,
        event === other ? { hostOrganisation: CENTRE, summary: { byKind: { order: 9 }, strategicPartners: 2 } } : {},
        [
          { kind: 'project', parties: ['壬公司', '癸公司'], status: 'signed', amountWan: 100, landing: zy18 },
          { kind: 'strategic', parties: [CENTRE, '眉山市人民政府'], status: event === other ? 'signed' : 'confirmed' },
        ],
      );
      // A roadshow each (the other event two), with a lead or two.
      const pitches = [await aSession(t, event, { kind: 'roadshow' })];
      if (event === other) pitches.push(await aSession(t, event, { kind: 'roadshow' }));
      for (const [i, pitch] of pitches.entries()) {
        const [project] = (
          await roadshow(event.id, pitch.id, [
            { name: `路演项目 ${event.id}-${i}`, organisation: '西南先进材料研究院', categoryCode: 'materials' },
          ])
        ).projects;
        await leads(project, 'interest', [first]);
        if (i > 0) await leads(project, 'meeting', [first]);
      }
    }
    // What the signings, the meeting and the roadshows announced has become intents (the sweep repairs any announcement
    // still in flight: each source is keyed, so nothing is made twice); then the intents entered by hand.
    await t.app.get(IntentSources).sweep();
    await pipeline();
  });
  afterAll(() => t?.close());

  it("computes each figure of the 19th edition's report from the data", async () => {
    const res = await api(`/api/events/${ids.e19}/report`);
    expect(res.statusCode).toBe(200);
    const report = res.json();
    expect(Object.keys(report)).toEqual([
      'event',
      'registrations',
      'checkIns',
      'sessions',
      'agreements',
      'achievements',
      'demands',
      'roadshows',
      'meetings',
      'funnel',
    ]);
    expect(report.event).toMatchObject({
      id: ids.e19,
      title: TITLE,
      seriesId: ids.series,
      edition: 19,
      startsAt: '2027-10-23T01:00:00.000Z',
      timezone: 'Asia/Shanghai',
    });
    const statuses = (s: Partial<Record<string, number>>) => ({
      confirmed: 0,
      pending: 0,
      waitlisted: 0,
      rejected: 0,
      cancelled: 0,
      ...s,
    });
    expect(report.registrations).toMatchObject({
      total: 12,
      registered: 10,
      byStatus: statuses({ confirmed: 7, pending: 2, waitlisted: 1, rejected: 1, cancelled: 1 }),
    });
    expect(
      report.registrations.byCategory.map((c: { code: string; name: string; registered: number; byStatus: object }) => [
        c.code,
        c.name,
        c.registered,
        c.byStatus,
      ]),
    ).toEqual([
      ['guest', '嘉宾', 3, statuses({ confirmed: 2, waitlisted: 1 })],
      ['enterprise', '企业代表', 5, statuses({ confirmed: 5, cancelled: 1 })],
      ['media', '媒体', 2, statuses({ pending: 2, rejected: 1 })],
    ]);
    expect(report.registrations.byCategory[0]).toMatchObject({ nameEn: 'Guests of honour', colour: '#b3261e' });
    expect(report.checkIns).toMatchObject({ people: 6 });
    expect(report.checkIns.byCategory.map((c: { code: string; people: number }) => [c.code, c.people])).toEqual([
      ['guest', 2],
      ['enterprise', 4],
      ['media', 0],
    ]);
    expect(
      report.checkIns.byList.map((l: { kind: string; name: string; people: number }) => [l.kind, l.people]),
    ).toEqual([
      ['entrance', 5],
      ['sub_venue', 2],
    ]);
    expect(report.sessions).toEqual({
      total: 7,
      byKind: [
        { kind: 'keynote', count: 2 },
        { kind: 'policy_briefing', count: 1 },
        { kind: 'roadshow', count: 1 },
        { kind: 'signing_ceremony', count: 1 },
        { kind: 'free_negotiation', count: 1 },
        { kind: 'sub_venue_programme', count: 1 },
      ],
    });
    expect(report.agreements).toEqual({
      ceremonies: 2,
      counted: {
        signed: 7,
        bySignedKind: { strategic: 4, project: 2, technology_transfer: 1, order: 0, investment: 0 },
        planned: 1,
        confirmed: 1,
        withdrawn: 1,
        // The centre's office and Tsinghua (the office once, for two agreements), and the sub-venue's agreement.
        strategicPartners: 3,
        amountWan: 5000.5,
        landingPlaces: [
          { province: '四川省', city: '资阳市', district: null, label: '四川省资阳市', signed: 2, amountWan: 3800 },
          {
            province: '四川省',
            city: '雅安市',
            district: '雨城区',
            label: '四川省雅安市雨城区',
            signed: 1,
            amountWan: 1200.5,
          },
        ],
      },
      // Stated apart, never added to the counted agreements.
      summary: {
        ceremonies: 1,
        agreements: 45,
        byKind: { strategic: 0, project: 45, technology_transfer: 0, order: 0, investment: 0 },
        strategicPartners: 6,
        amountWan: 0,
        notes: [{ note: '45个转化项目供需双方签约', noteEn: '45 transformation projects signed by both sides' }],
      },
    });
    // The same totals the signings capability shows for the event, item by item.
    const { totals } = (await api(`/api/events/${ids.e19}/signings/ceremonies`)).json();
    expect({ counted: report.agreements.counted, summary: report.agreements.summary }).toEqual(totals);
    expect(report.achievements).toEqual({
      total: 5,
      byCategory: [
        { code: 'electronics', name: '电子信息', nameEn: 'Electronics & IT', count: 3 },
        { code: 'materials', name: '先进材料', nameEn: 'Advanced materials', count: 2 },
      ],
    });
    expect(report.demands).toEqual({
      total: 4,
      byCategory: [
        { code: 'electronics', name: '电子信息', nameEn: 'Electronics & IT', count: 1 },
        { code: 'new_energy', name: '新能源', nameEn: 'New energy', count: 1 },
        { code: 'equipment', name: '装备制造', nameEn: 'Equipment manufacturing', count: 2 },
      ],
      byCity: [
        { city: '成都', count: 2 },
        { city: '德阳', count: 1 },
      ],
      openCalls: { calls: 2, bids: 4, solvers: 2 },
    });
    expect(report.meetings).toEqual({
      sessions: 1,
      participants: 4,
      requests: { total: 4, pending: 1, accepted: 2, declined: 1, withdrawn: 0 },
      scheduled: 2,
      held: 1,
      noShow: 1,
      intents: 1,
    });
    const [roadshow] = (await api(`/api/events/${ids.e19}/roadshows`)).json();
    const projectId = (name: string) => roadshow.projects.find((p: { name: string }) => p.name === name).id;
    expect(report.roadshows).toEqual({
      // The cancelled session's roadshow, its project and its leads count nowhere.
      sessions: 1,
      projects: 4,
      byCategory: [
        { code: 'electronics', name: '电子信息', nameEn: 'Electronics & IT', count: 2 },
        { code: 'equipment', name: '装备制造', nameEn: 'Equipment manufacturing', count: 1 },
      ],
      uncategorised: 1,
      // A repeated interest is one lead.
      leads: { total: 13, interest: 8, meeting: 3, message: 2 },
      people: 7,
      projectsWithMeetingRequests: 2,
      topProjects: [
        { id: projectId('汽车磁流变智能油气悬架'), name: '汽车磁流变智能油气悬架', nameEn: null, leads: 6 },
        { id: projectId('矢安AI主动防御实战化评价中心'), name: '矢安AI主动防御实战化评价中心', nameEn: null, leads: 5 },
        // Tied with the fourth project at one lead, and before it in the running order.
        { id: projectId('全彩微光夜视仪'), name: '全彩微光夜视仪', nameEn: null, leads: 1 },
      ],
      // 7.17 (7.5, 9, 5), 6.75 (7.5, 6) and 10 (the judge from 武瓴 left out since 武瓴 took the project over).
      scores: { projects: 3, average: 7.97 },
    });
    // The same leads and averages the roadshows capability shows its organisers, project by project.
    const shown = (await api(`/api/events/${ids.e19}/roadshows/${roadshow.id}/leads`)).json().counts as Record<
      'interest' | 'meeting' | 'message',
      number
    >[];
    const sum = (kind: 'interest' | 'meeting' | 'message') => shown.reduce((n, c) => n + c[kind], 0);
    expect([sum('interest'), sum('meeting'), sum('message')]).toEqual([8, 3, 2]);
    const averages = (await api(`/api/events/${ids.e19}/roadshows/${roadshow.id}/scores`))
      .json()
      .map((s: { average: number | null }) => s.average);
    expect(averages).toEqual([7.17, 6.75, 10, null]);
    // The cooperation pipeline: the three intents entered by hand (landed, negotiating, dropped) beside those the
    // event started by itself — 7 signed agreements (signed at once: no intent or negotiating date), the held meeting
    // where both wished to cooperate, and the roadshows' 4 meeting requests (the cancelled roadshow's included: an
    // intent that arose stays one).
    const f = report.funnel;
    expect(f).toMatchObject({
      total: 15,
      reachedCounts: { intent: 15, negotiating: 9, signed: 8, landed: 1, dropped: 1 },
      currentCounts: { intent: 5, negotiating: 1, signed: 7, landed: 1, dropped: 1 },
      // 5000 + 800 + 300 by hand; the agreements' 3000, 1200.5 (as 1201) and 800.
      valueWan: { estimated: 11101, signed: 10001, landed: 5000 },
      // The follow-up date of 15 January 2026 has passed; the landed and dropped intents are closed.
      overdueFollowUps: 1,
      conversionRates: {
        intentToNegotiating: 0.6,
        negotiatingToSigned: 0.8889,
        signedToLanded: 0.125,
        intentToSigned: 0.5333,
        intentToLanded: 0.0667,
      },
      // 7 and 10 days to negotiation; 23 to signing, 60 to landing; 30 and 90 days from the intent.
      medianDays: {
        intentToNegotiating: 8.5,
        negotiatingToSigned: 23,
        signedToLanded: 60,
        intentToSigned: 30,
        intentToLanded: 90,
      },
      medianSamples: {
        intentToNegotiating: 2,
        negotiatingToSigned: 1,
        signedToLanded: 1,
        intentToSigned: 1,
        intentToLanded: 1,
      },
    });
    expect(Object.keys(f.breakdowns)).toEqual(['category', 'city', 'kind', 'owner']);
    type Group = {
      key: string;
      label: string | null;
      total: number;
      reachedCounts: Record<string, number>;
      valueWan: { landed: number };
      overdueFollowUps: number;
    };
    const groups = (list: Group[]) =>
      list.map((g) => [
        g.key,
        g.label,
        ...['intent', 'negotiating', 'signed', 'landed', 'dropped'].map((stage) => g.reachedCounts[stage]),
        g.valueWan.landed,
        g.overdueFollowUps,
      ]);
    expect(groups(f.breakdowns.category)).toEqual([
      ['', null, 12, 7, 7, 0, 0, 0, 0],
      ['electronics', '电子信息', 1, 1, 0, 0, 0, 0, 1],
      ['equipment', '装备制造', 1, 1, 1, 1, 0, 5000, 0],
      ['new_energy', '新能源', 1, 0, 0, 0, 1, 0, 0],
    ]);
    // Intents from agreements take the landing place as their city.
    expect(groups(f.breakdowns.city)).toEqual([
      ['', null, 9, 4, 4, 0, 0, 0, 0],
      ['四川省资阳市', '四川省资阳市', 2, 2, 2, 0, 0, 0, 0],
      ['四川省雅安市雨城区', '四川省雅安市雨城区', 1, 1, 1, 0, 0, 0, 0],
      ['成都', '成都', 1, 1, 0, 0, 0, 0, 1],
      ['资阳', '资阳', 1, 1, 1, 1, 0, 5000, 0],
      ['雅安', '雅安', 1, 0, 0, 0, 1, 0, 0],
    ]);
    expect(groups(f.breakdowns.kind)).toEqual([
      ['other', 'other', 11, 6, 6, 0, 0, 0, 0],
      ['technology_transfer', 'technology_transfer', 2, 1, 1, 0, 1, 0, 0],
      ['investment', 'investment', 1, 1, 1, 1, 0, 5000, 0],
      ['joint_development', 'joint_development', 1, 1, 0, 0, 0, 0, 1],
    ]);
    expect(groups(f.breakdowns.owner)).toEqual([
      ['', null, 13, 7, 7, 0, 1, 0, 0],
      [expect.stringMatching(/^organisation:\d+$/), '资阳市委融办', 1, 1, 1, 1, 0, 5000, 0],
      ['user:1', 'Administrator', 1, 1, 0, 0, 0, 0, 1],
    ]);
    // The same funnel the intents capability shows its organisers for the event.
    const own = (await api(`/api/intents/funnel?eventId=${ids.e19}`)).json();
    expect([own.reachedCounts, own.currentCounts, own.valueWan, own.medianDays]).toEqual([
      f.reachedCounts,
      f.currentCounts,
      f.valueWan,
      f.medianDays,
    ]);
  });

  it('lists every edition of the series side by side in date order, each with its own figures', async () => {
    const res = await api(`/api/series/${ids.series}/report`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.series).toEqual({
      id: ids.series,
      slug: 'hutong',
      name: '互通互信 共建共享',
      nameEn: 'Connect and Share',
    });
    expect(body.editions.map((e: { event: { id: number; edition: number } }) => [e.event.id, e.event.edition])).toEqual(
      [
        [ids.e18, 18],
        [ids.e19, 19],
      ],
    );
    const [e18, e19] = body.editions;
    expect(e19).toEqual((await api(`/api/events/${ids.e19}/report`)).json());
    expect([
      e18.registrations.registered,
      e18.checkIns.people,
      e18.sessions.total,
      e18.achievements.total,
      e18.demands.total,
      e18.meetings.held,
    ]).toEqual([2, 1, 3, 1, 0, 0]);
    expect(e18.roadshows).toMatchObject({
      sessions: 1,
      projects: 1,
      byCategory: [{ code: 'materials', count: 1 }],
      leads: { total: 1, interest: 1, meeting: 0, message: 0 },
      people: 1,
      scores: { projects: 0, average: null },
    });
    expect(e18.agreements).toMatchObject({
      ceremonies: 1,
      counted: { signed: 1, confirmed: 1, strategicPartners: 0, amountWan: 100 },
      summary: { ceremonies: 0, agreements: 0 },
    });
    // Every event asked for at once is answered with its own figures (the other event's ceremony counts nowhere here).
    const other = (await api(`/api/events/${ids.other}/report`)).json().agreements;
    expect([other.counted.signed, other.counted.strategicPartners, other.summary.agreements]).toEqual([2, 1, 9]);
    const otherRoadshows = (await api(`/api/events/${ids.other}/report`)).json().roadshows;
    expect(otherRoadshows).toMatchObject({
      sessions: 2,
      projects: 2,
      leads: { total: 3, interest: 2, meeting: 1, message: 0 },
      people: 1,
      projectsWithMeetingRequests: 1,
    });
    // The 18th edition's pipeline: its signed agreement, and an intent that landed.
    expect(e18.funnel).toMatchObject({
      total: 2,
      reachedCounts: { intent: 2, negotiating: 2, signed: 2, landed: 1, dropped: 0 },
      valueWan: { estimated: 1300, signed: 1300, landed: 1200 },
      overdueFollowUps: 0,
    });
    // The pipeline across editions: every intent of the series together, and edition by edition.
    expect(body.funnel).toMatchObject({
      total: 17,
      reachedCounts: { intent: 17, negotiating: 11, signed: 10, landed: 2, dropped: 1 },
      currentCounts: { intent: 5, negotiating: 1, signed: 8, landed: 2, dropped: 1 },
      valueWan: { estimated: 12401, signed: 11301, landed: 6200 },
      overdueFollowUps: 1,
      conversionRates: { intentToLanded: 0.1176, signedToLanded: 0.2 },
      medianDays: { intentToLanded: 90 },
      medianSamples: { intentToLanded: 2 },
    });
    expect(body.funnel).not.toHaveProperty('scope');
    expect(
      body.funnel.breakdowns.event.map((g: { key: string; total: number; reachedCounts: { landed: number } }) => [
        Number(g.key),
        g.total,
        g.reachedCounts.landed,
      ]),
    ).toEqual([
      [ids.e19, 15, 1],
      [ids.e18, 2, 1],
    ]);
    // The other event's intents (its two signed agreements and its roadshow's meeting request) are in no edition.
    expect((await api(`/api/events/${ids.other}/report`)).json().funnel.total).toBe(3);
    const empty = await api(`/api/series/${ids.otherSeries}/report`);
    expect(empty.json()).toEqual({
      series: expect.objectContaining({ id: ids.otherSeries }),
      editions: [],
      funnel: expect.objectContaining({ total: 0, reachedCounts: expect.objectContaining({ intent: 0 }) }),
    });
  });

  it('answers reports to organisers only: 401 anonymous, 403 staff, 401 for a personal link on the API, 404 unknown', async () => {
    const urls = [`/api/events/${ids.e19}/report`, `/api/series/${ids.series}/report`];
    const staff = await staffLogin(t, 'desk@reports.test', [ids.e19]);
    const attendee = await registerPerson(t, ids.other, { name: '赵强', category: 'enterprise' });
    const token = new URL((attendee as unknown as { manageUrl: string }).manageUrl).pathname.slice('/me/'.length);
    for (const url of urls) {
      expect([url, (await api(url, {})).statusCode]).toEqual([url, 401]);
      expect([url, (await api(url, staff)).statusCode]).toEqual([url, 403]);
      // The personal link is a page credential only: on the API its holder is nobody.
      expect([url, (await api(url, { authorization: `Bearer ${token}` })).statusCode]).toEqual([url, 401]);
    }
    const missing = await api('/api/events/999999/report');
    expect([missing.statusCode, missing.json().error]).toEqual([404, 'event_not_found']);
    const noSeries = await api('/api/series/999999/report');
    expect([noSeries.statusCode, noSeries.json().error]).toEqual([404, 'series_not_found']);

    const staffPage = await signIn('desk@reports.test', 'staff-password-1');
    const me = new Browser(t.app);
    expect((await me.get(`/me/${token}`)).statusCode).toBe(200);
    for (const url of [
      `/console/events/${ids.e19}/report`,
      `/console/events/${ids.e19}/report/print`,
      `/console/events/${ids.e19}/report.docx`,
      `/console/series/${ids.series}/report`,
    ]) {
      expect([url, (await staffPage.get(url)).statusCode]).toEqual([url, 403]);
      for (const visitor of [new Browser(t.app), me]) {
        const res = await visitor.get(url);
        expect([url, res.statusCode, res.headers.location]).toEqual([
          url,
          303,
          `/login?next=${encodeURIComponent(url)}`,
        ]);
      }
    }
  });

  it('shows the summary page with the figures, the press text and the charts as data for ECharts from this app', async () => {
    const res = await organiser.get(`/console/events/${ids.e19}/report?lang=zh-CN`);
    expect(res.statusCode).toBe(200);
    const html = res.body;
    const cards = [...html.matchAll(/data-figure="(\w+)"><dt>[^<]*<\/dt><dd>([\d.]+)<\/dd>/g)].map((m) => [
      m[1],
      Number(m[2]),
    ]);
    expect(cards).toEqual([
      ['registered', 10],
      ['checkedIn', 6],
      ['sessions', 7],
      ['agreementsSigned', 7],
      ['strategicPartners', 3],
      ['amountSignedWan', 5000.5],
      ['agreementsSummary', 45],
      ['strategicPartnersSummary', 6],
      ['achievements', 5],
      ['demands', 4],
      ['bids', 4],
      ['roadshowProjects', 4],
      ['roadshowInterest', 8],
      ['roadshowMeetingRequests', 3],
      ['meetingsScheduled', 2],
      ['meetingsHeld', 1],
      ['intents', 15],
      ['intentsSigned', 8],
      ['intentsLanded', 1],
      ['intentsLandedValueWan', 5000],
    ]);
    expect(paragraphsIn(html, 'press-text')).toEqual(ZH_PARAGRAPHS);
    const charts = JSON.parse(
      /<script type="application\/json" id="report-charts">([\s\S]*?)<\/script>/.exec(html)![1],
    );
    expect(charts.map((c: { id: string }) => c.id)).toEqual([
      'registrations',
      'check-ins',
      'sessions',
      'agreements',
      'achievements',
      'demands',
      'roadshows',
      'meetings',
      'funnel',
    ]);
    expect(charts.find((c: { id: string }) => c.id === 'funnel')).toEqual({
      id: 'funnel',
      title: '合作意向进展（意向 → 洽谈 → 签约 → 落地）',
      type: 'funnel',
      categories: ['意向', '洽谈', '签约', '落地'],
      series: [{ name: '累计到达', values: [15, 9, 8, 1] }],
    });
    expect(charts.find((c: { id: string }) => c.id === 'agreements')).toEqual({
      id: 'agreements',
      title: '签约项目（按类型）',
      type: 'bar',
      categories: ['战略合作协议', '项目合作协议', '技术转让协议'],
      series: [
        { name: '已签约（逐项登记）', values: [4, 2, 1] },
        { name: '汇总数据（未逐项登记）', values: [0, 45, 0] },
      ],
    });
    expect(charts.find((c: { id: string }) => c.id === 'roadshows')).toEqual({
      id: 'roadshows',
      title: '项目路演现场反馈',
      type: 'bar',
      categories: ['关注', '约见请求', '留言'],
      series: [{ name: '收到次数', values: [8, 3, 2] }],
    });
    expect(charts.find((c: { id: string }) => c.id === 'achievements')).toMatchObject({
      type: 'pie',
      categories: ['电子信息', '先进材料'],
      series: [{ values: [3, 2] }],
    });
    for (const { id } of charts) expect(html).toContain(`id="chart-${id}"`);
    // The agreements card: by kind with the summary totals in their own column, then status and landing places.
    const card = html.slice(html.indexOf('id="agreements"'), html.indexOf('id="meetings"'));
    const rowsOf = (block: string) =>
      [
        ...block.matchAll(
          /<tr[^>]*><th scope="row">([^<]+)<\/th>((?:<td class="num">(?:<strong>)?[\d.]+(?:<\/strong>)?<\/td>)+)<\/tr>/g,
        ),
      ].map((m) => [m[1], ...[...m[2].matchAll(/([\d.]+)(?:<\/strong>)?<\/td>/g)].map((n) => Number(n[1]))]);
    expect(rowsOf(card)).toEqual([
      ['战略合作协议', 4, 0],
      ['项目合作协议', 2, 45],
      ['技术转让协议', 1, 0],
      ['合计', 7, 45],
      ['战略合作伙伴（家）', 3, 6],
      ['签约金额（万元）', 5000.5, 0],
      ['签约仪式', 2],
      ['文本已确认，待签约', 1],
      ['拟签', 1],
      ['已撤回', 1],
      ['四川省资阳市', 2, 3800],
      ['四川省雅安市雨城区', 1, 1200.5],
    ]);
    expect(textOf(card)).toContain('汇总数据（未逐项登记）');
    expect(textOf(card)).toContain('不计入逐项统计');
    expect(textOf(card)).toContain('45个转化项目供需双方签约');
    // The roadshows card: sessions, projects by field, leads, the top projects, the judges' average.
    const roadshows = html.slice(html.indexOf('id="roadshows"'), html.indexOf('id="funnel"'));
    expect(rowsOf(roadshows)).toEqual([
      ['路演场次', 1],
      ['电子信息', 2],
      ['装备制造', 1],
      ['未注明领域', 1],
      ['合计', 4],
      ['关注', 8],
      ['约见请求', 3],
      ['留言', 2],
      ['留下联系意向的参会者', 7],
      ['收到约见请求的项目', 2],
      ['汽车磁流变智能油气悬架', 6],
      ['矢安AI主动防御实战化评价中心', 5],
      ['全彩微光夜视仪', 1],
      ['已评分项目', 3],
      ['评委平均评分', 7.97],
    ]);
    expect(textOf(roadshows)).toContain('关注度最高的项目');
    // The pipeline card: stages reached and current, conversions and medians, values, overdue, breakdowns.
    const funnel = html.slice(html.indexOf('id="funnel"'));
    const cells = (id: string) =>
      [
        ...funnel
          .slice(funnel.indexOf(`id="${id}"`), funnel.indexOf('</table>', funnel.indexOf(`id="${id}"`)))
          .matchAll(/<tr[^>]*><th scope="row">([^<]+)<\/th>([\s\S]*?)<\/tr>/g),
      ].map((m) => [m[1], ...[...m[2].matchAll(/<td class="num">([^<]*)<\/td>/g)].map((n) => n[1])]);
    expect(cells('funnel-stages')).toEqual([
      ['意向', '15', '5'],
      ['洽谈', '9', '1'],
      ['签约', '8', '7'],
      ['落地', '1', '1'],
      ['终止', '1', '1'],
    ]);
    expect(cells('funnel-pairs')).toEqual([
      ['意向 → 洽谈', '60%', '8.5', '2'],
      ['洽谈 → 签约', '88.9%', '23', '1'],
      ['签约 → 落地', '12.5%', '60', '1'],
      ['意向 → 签约', '53.3%', '30', '1'],
      ['意向 → 落地', '6.7%', '90', '1'],
    ]);
    expect(cells('funnel-values')).toEqual([
      ['意向金额（万元）', '11101'],
      ['签约金额（万元）', '10001'],
      ['落地金额（万元）', '5000'],
      ['跟进逾期', '1'],
    ]);
    expect(cells('funnel-by-kind')).toEqual([
      ['其他', '11', '6', '6', '0', '0', '0', '0'],
      ['技术转让', '2', '1', '1', '0', '1', '0', '0'],
      ['投资', '1', '1', '1', '1', '0', '5000', '0'],
      ['联合开发', '1', '1', '0', '0', '0', '0', '1'],
    ]);
    expect(cells('funnel-by-owner').map((r) => r[0])).toEqual(['未填写', '资阳市委融办', 'Administrator']);
    expect(cells('funnel-by-category').map((r) => r[0])).toEqual(['未填写', '电子信息', '装备制造', '新能源']);
    expect(cells('funnel-by-city').map((r) => r[0])).toEqual([
      '未填写',
      '四川省资阳市',
      '四川省雅安市雨城区',
      '成都',
      '资阳',
      '雅安',
    ]);
    expect(textOf(roadshows)).not.toContain('已取消的路演项目');
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]);
    expect(scripts.filter((s) => s.includes('src='))).toEqual([
      ' src="/assets/app.js" defer',
      ' src="/vendor/echarts.min.js" defer',
      ' src="/assets/reports/charts.js" defer',
    ]);
    // Every other script element is data, and nothing comes from another host.
    expect(scripts.filter((s) => !s.includes('src='))).toEqual([' type="application/json" id="report-charts"']);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    // The same summary in English.
    const en = await organiser.get(`/console/events/${ids.e19}/report?lang=en`);
    expect(paragraphsIn(en.body, 'press-text')).toEqual(EN_PARAGRAPHS);
    expect(en.body).toContain('Registrations by category and status');
  });

  it('serves ECharts itself, to anyone, as a script', async () => {
    const res = await new Browser(t.app).get('/vendor/echarts.min.js');
    expect([res.statusCode, res.headers['content-type']]).toEqual([200, 'text/javascript; charset=utf-8']);
    expect(res.body).toContain('echarts');
    expect(res.body.length).toBeGreaterThan(500_000);
  });

  it('prints the summary in Chinese on an A4 page, and in English for English readers', async () => {
    const zh = await organiser.get(`/console/events/${ids.e19}/report/print?lang=zh-CN`);
    expect(zh.statusCode).toBe(200);
    expect(zh.body).toContain('<link rel="stylesheet" href="/assets/reports/reports.css">');
    expect(paragraphsIn(zh.body, 'press-text')).toEqual(ZH_PARAGRAPHS);
    expect(textOf(zh.body)).toContain(`${TITLE} 活动数据摘要`);
    const figures = [...zh.body.matchAll(/data-figure="(\w+)"><th scope="row">([^<]+)<\/th><td>([\d.]+)<\/td>/g)].map(
      (m) => [m[2], Number(m[3])],
    );
    expect(figures).toEqual([
      ['报名人数', 10],
      ['签到人数', 6],
      ['议程场次', 7],
      ['签约项目', 7],
      ['战略合作伙伴', 3],
      ['签约金额（万元）', 5000.5],
      ['汇总签约项目（未逐项登记）', 45],
      ['汇总战略合作伙伴（未逐项登记）', 6],
      ['发布成果', 5],
      ['发布需求', 4],
      ['揭榜方案', 4],
      ['路演项目', 4],
      ['路演关注', 8],
      ['路演约见请求', 3],
      ['安排洽谈', 2],
      ['举行洽谈', 1],
      ['合作意向', 15],
      ['意向已签约', 8],
      ['意向已落地', 1],
      ['落地金额（万元）', 5000],
    ]);
    const css = await organiser.get('/assets/reports/reports.css');
    expect(css.body).toMatch(/@page\s*{\s*size: A4;/);
    const en = await organiser.get(`/console/events/${ids.e19}/report/print?lang=en`);
    expect(paragraphsIn(en.body, 'press-text')).toEqual(EN_PARAGRAPHS);
  });

  it('gives the press office the same text as a .docx', async () => {
    const res = await organiser.get(`/console/events/${ids.e19}/report.docx?lang=zh-CN`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="report-${(await api(`/api/events/${ids.e19}`)).json().slug}.docx"; ` +
        `filename*=UTF-8''${encodeURIComponent(`${(await api(`/api/events/${ids.e19}`)).json().slug}-活动数据摘要.docx`)}`,
    );
    const paragraphs = docxParagraphs(res.rawPayload);
    expect(paragraphs.slice(0, 11)).toEqual([TITLE, '活动数据摘要', ...ZH_PARAGRAPHS]);
    expect(paragraphs.slice(11, 52)).toEqual([
      '主要数据',
      '报名人数',
      '10',
      '签到人数',
      '6',
      '议程场次',
      '7',
      '签约项目',
      '7',
      '战略合作伙伴',
      '3',
      '签约金额（万元）',
      '5000.5',
      '汇总签约项目（未逐项登记）',
      '45',
      '汇总战略合作伙伴（未逐项登记）',
      '6',
      '发布成果',
      '5',
      '发布需求',
      '4',
      '揭榜方案',
      '4',
      '路演项目',
      '4',
      '路演关注',
      '8',
      '路演约见请求',
      '3',
      '安排洽谈',
      '2',
      '举行洽谈',
      '1',
      '合作意向',
      '15',
      '意向已签约',
      '8',
      '意向已落地',
      '1',
      '落地金额（万元）',
      '5000',
    ]);
    expect(paragraphs[52]).toMatch(/^数据截至\d{4}年\d{1,2}月\d{1,2}日/);
    const en = docxParagraphs((await organiser.get(`/console/events/${ids.e19}/report.docx?lang=en`)).rawPayload);
    expect(en.slice(0, 11)).toEqual([
      'Chengdu Metropolitan Area Technology Transfer Promotion',
      'The event in figures',
      ...EN_PARAGRAPHS,
    ]);
  });

  it('shows the series page with every edition side by side and a chart of them', async () => {
    const res = await organiser.get(`/console/series/${ids.series}/report?lang=zh-CN`);
    expect(res.statusCode).toBe(200);
    const html = res.body;
    const editions = [
      ...html.matchAll(/<th scope="col" class="num" data-event="(\d+)"><a href="([^"]+)">([^<]+)<\/a>/g),
    ];
    expect(editions.map((m) => [Number(m[1]), m[2], m[3]])).toEqual([
      [ids.e18, `/console/events/${ids.e18}/report`, '第18次'],
      [ids.e19, `/console/events/${ids.e19}/report`, '第19次'],
    ]);
    const table = html.slice(
      html.indexOf('id="series-table"'),
      html.indexOf('</table>', html.indexOf('id="series-table"')),
    );
    const rows = [
      ...table.matchAll(
        /<tr data-figure="(\w+)"><th scope="row">[^<]+<\/th>((?:<td class="num">[\d.]+<\/td>)+)<\/tr>/g,
      ),
    ].map((m) => [m[1], [...m[2].matchAll(/([\d.]+)<\/td>/g)].map((n) => Number(n[1]))]);
    expect(rows).toEqual([
      ['registered', [2, 10]],
      ['checkedIn', [1, 6]],
      ['sessions', [3, 7]],
      ['agreementsSigned', [1, 7]],
      ['strategicPartners', [0, 3]],
      ['amountSignedWan', [100, 5000.5]],
      ['agreementsSummary', [0, 45]],
      ['strategicPartnersSummary', [0, 6]],
      ['achievements', [1, 5]],
      ['demands', [0, 4]],
      ['bids', [0, 4]],
      ['roadshowProjects', [1, 4]],
      ['roadshowInterest', [1, 8]],
      ['roadshowMeetingRequests', [0, 3]],
      ['meetingsScheduled', [0, 2]],
      ['meetingsHeld', [0, 1]],
      ['intents', [2, 15]],
      ['intentsSigned', [2, 8]],
      ['intentsLanded', [1, 1]],
      ['intentsLandedValueWan', [1200, 5000]],
    ]);
    // The pipeline across editions, with the whole series in the last column.
    const pipeline = html.slice(
      html.indexOf('id="pipeline-table"'),
      html.indexOf('</table>', html.indexOf('id="pipeline-table"')),
    );
    expect(
      [...pipeline.matchAll(/<tr data-figure="(\w+)"><th scope="row">([^<]+)<\/th>([\s\S]*?)<\/tr>/g)].map((m) => [
        m[1],
        m[2],
        ...[...m[3].matchAll(/<td class="num">(?:<strong>)?([^<]*)/g)].map((n) => n[1]),
      ]),
    ).toEqual([
      ['intent', '意向', '2', '15', '17'],
      ['negotiating', '洽谈', '2', '9', '11'],
      ['signed', '签约', '2', '8', '10'],
      ['landed', '落地', '1', '1', '2'],
      ['dropped', '终止', '0', '1', '1'],
      ['intentToLanded', '意向 → 落地', '50%', '6.7%', '11.8%'],
      ['valueLandedWan', '落地金额（万元）', '1200', '5000', '6200'],
      ['overdueFollowUps', '跟进逾期', '0', '1', '1'],
    ]);
    const charts = JSON.parse(
      /<script type="application\/json" id="report-charts">([\s\S]*?)<\/script>/.exec(html)![1],
    );
    expect(charts).toEqual([
      {
        id: 'editions',
        title: '历次活动对比',
        type: 'bar',
        categories: ['第18次', '第19次'],
        series: [
          { name: '报名人数', values: [2, 10] },
          { name: '签到人数', values: [1, 6] },
          { name: '签约项目', values: [1, 7] },
          { name: '发布成果', values: [1, 5] },
          { name: '发布需求', values: [0, 4] },
          { name: '路演项目', values: [1, 4] },
          { name: '举行洽谈', values: [0, 1] },
          { name: '合作意向', values: [2, 15] },
          { name: '意向已落地', values: [1, 1] },
        ],
      },
      {
        id: 'pipeline',
        title: '历次活动合作意向进展',
        type: 'bar',
        categories: ['第18次', '第19次'],
        series: [
          { name: '意向', values: [2, 15] },
          { name: '洽谈', values: [2, 9] },
          { name: '签约', values: [2, 8] },
          { name: '落地', values: [1, 1] },
        ],
      },
    ]);
    const empty = await organiser.get(`/console/series/${ids.otherSeries}/report`);
    expect(textOf(empty.body)).toContain('该系列还没有活动。');
  });

  it("links to the summary from the event's console page and to the series page from the event and the console", async () => {
    const page = await organiser.get(`/console/events/${ids.e19}?lang=zh-CN`);
    expect(page.body).toContain(`href="/console/events/${ids.e19}/report"`);
    expect(page.body).toContain(`href="/console/series/${ids.series}/report" id="series-report-link"`);
    expect(textOf(page.body)).toContain('互通互信 共建共享：历次活动数据');
    const standalone = await organiser.get(`/console/events/${ids.other}`);
    expect(standalone.body).not.toContain('id="series-report-link"');
    const dashboard = await organiser.get('/console');
    expect(dashboard.body).toContain(`<a href="/console/series/${ids.series}/report">互通互信 共建共享</a>`);
    const summary = await organiser.get(`/console/events/${ids.e19}/report`);
    expect(summary.body).toContain(`href="/console/series/${ids.series}/report" id="series-link"`);
  });
});
