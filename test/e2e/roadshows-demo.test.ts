import { apiLogin, startTestApp, type TestApp } from '../support/test-app.js';

/** "HH:MM" Beijing time of an ISO instant. */
const beijing = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(11, 16);

describe('the demo’s roadshow', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ demo: true, env: { MAIL_WORKER: 'false' } });
  });
  afterAll(async () => {
    await t.close();
  });

  const chengdu = async (): Promise<{ id: number }> =>
    (await t.app.inject({ method: 'GET', url: '/api/events' }))
      .json()
      .find((e: { slug: string }) => e.slug === 'chengdu-metro');

  it('runs the Chengdu roadshow’s five projects in the article’s order, timed from the session start', async () => {
    const event = await chengdu();
    const res = await t.app.inject({ method: 'GET', url: `/api/events/${event.id}/roadshows` });
    expect(res.statusCode).toBe(200);
    const [roadshow] = res.json();
    expect([roadshow.title, beijing(roadshow.startsAt), beijing(roadshow.endsAt)]).toEqual([
      '项目路演',
      '13:30',
      '14:45',
    ]);
    expect(
      roadshow.projects.map((p: { name: string; organisation: { name: string }; startsAt: string }) => [
        beijing(p.startsAt),
        p.name,
        p.organisation.name,
      ]),
    ).toEqual([
      ['13:30', '矢安AI主动防御实战化评价中心', '成都矢安网络安全技术有限公司'],
      ['13:45', '汽车磁流变智能油气悬架', '重庆武瓴智行科技有限公司'],
      ['14:00', '自主可控超高温难熔金属基复合材料产业化应用', '西南先进材料研究院'],
      ['14:15', '全彩微光夜视仪', '西部光电技术研究院'],
      ['14:30', '绿色低碳技术解决方案——小水电站变速恒频技术改造', '四川绿能电气技术研究所'],
    ]);
    expect(roadshow.projects.map((p: { presenter: { name: string } }) => p.presenter.name)).toEqual([
      '李睿',
      '周航',
      '孙立',
      '陈光',
      '何清',
    ]);
    // Each project presents its achievement of the demo library, listed at the event.
    for (const project of roadshow.projects as { achievementId: number; name: string }[]) {
      const achievement = await t.app.inject({
        method: 'GET',
        url: `/events/chengdu-metro/achievements/${project.achievementId}`,
      });
      expect(achievement.statusCode).toBe(200);
    }

    const auth = await apiLogin(t.app);
    const admin = (
      await t.app.inject({ method: 'GET', url: `/api/events/${event.id}/roadshows/${roadshow.id}`, headers: auth })
    ).json();
    // Exactly filling the session: no overrun to warn about.
    expect([admin.overrunMinutes, admin.warnings]).toEqual([0, []]);
    expect(admin.criteria.map((c: { name: string; weight: number }) => [c.name, c.weight])).toEqual([
      ['技术创新性', 40],
      ['市场前景', 40],
      ['团队与落地条件', 20],
    ]);
  });

  it('states the demo’s five roadshow projects and its six signed agreements (two strategic, four project) in the Chengdu report', async () => {
    const event = await chengdu();
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/events/${event.id}/report`,
      headers: await apiLogin(t.app),
    });
    expect(res.statusCode).toBe(200);
    const { roadshows, agreements } = res.json();
    expect([
      roadshows.sessions,
      roadshows.projects,
      agreements.counted.signed,
      agreements.counted.confirmed,
      agreements.counted.planned,
      agreements.counted.bySignedKind,
    ]).toEqual([1, 5, 6, 0, 0, { strategic: 2, project: 4, technology_transfer: 0, order: 0, investment: 0 }]);
  });

  it('keeps only a short description in the roadshow session’s prose, and the signing session’s short too', async () => {
    const event = await chengdu();
    const agenda = (await t.app.inject({ method: 'GET', url: `/api/events/${event.id}/agenda` })).json();
    const roadshow = agenda.sessions.find((s: { kind: string }) => s.kind === 'roadshow');
    expect(roadshow.description).toBe(
      '5个项目现场路演，聚焦成果转化落地与企业协同创新；扫描项目二维码即可关注项目、约见路演方。',
    );
    expect(roadshow.description).not.toContain('磁流变');
    const signing = agenda.sessions.find((s: { kind: string }) => s.kind === 'signing_ceremony');
    // The agreements are structured by the signing ceremony: its prose no longer lists them either.
    expect(signing.description).not.toContain('重庆武瓴智行科技有限公司落地资阳');
    expect(signing.description).toContain('战略合作协议');
  });
});
