import { Database } from '../../src/database/database.service.js';
import { OutboxMessage } from '../../src/mail/outbox-message.entity.js';
import { Browser } from '../support/browser.js';
import { ADMIN, apiLogin, startTestApp, type TestApp } from '../support/test-app.js';

/** The texts of the elements that open with `<tag … class="…name…"`, tags stripped and white space folded. */
function texts(html: string, tag: string, className: string): string[] {
  const pattern = new RegExp(`<${tag}\\b[^>]*class="[^"]*\\b${className}\\b[^"]*"[^>]*>([\\s\\S]*?)</${tag}>`, 'g');
  return [...html.matchAll(pattern)].map((m) =>
    m[1]
      .replace(/<[^>]+>/g, ' ')
      .replace(/&quot;/g, '"')
      .replace(/\s+/g, ' ')
      .trim(),
  );
}

/** The value of the input named `name` in a page. */
function inputValue(html: string, name: string): string | undefined {
  const input = new RegExp(`<input[^>]*name="${name.replace(/\./g, '\\.')}"[^>]*>`).exec(html)?.[0];
  return input ? /value="([^"]*)"/.exec(input)?.[1] : undefined;
}

/** The address of the link with this accessible name (aria-label), as the browser reads it. */
function hrefOf(html: string, label: string): string | undefined {
  const link = new RegExp(`<a[^>]*aria-label="${label}"[^>]*>`).exec(html)?.[0];
  return (
    link &&
    /href="([^"]*)"/
      .exec(link)?.[1]
      .replace(/&#x3D;/g, '=')
      .replace(/&amp;/g, '&')
  );
}

/** The session id a save redirects to (`…#s-<id>`). */
function savedId(location: unknown): number {
  const m = /#s-(\d+)$/.exec(String(location));
  if (!m) throw new Error(`no session in ${String(location)}`);
  return Number(m[1]);
}

describe('organiser console: the programme editor', () => {
  let t: TestApp;
  let b: Browser;
  let eventId: number;
  let hallA: number;
  let subRoom: number;
  let base = '';
  const ids: Record<string, number> = {};
  const speaker = {
    'people.0.role': 'speaker',
    'people.0.name': '李国平',
    'people.0.organisation': '国家国防科技工业局',
    'people.0.title': '总工程师',
    'people.0.titleEn': 'Chief Engineer',
    'people.0.email': 'li.guoping@example.cn',
  };

  beforeAll(async () => {
    // The test reads the outbox itself: no worker sends in the background.
    t = await startTestApp({ env: { MAIL_WORKER: 'false' } });
    const auth = await apiLogin(t.app);
    const event = (
      await t.app.inject({
        method: 'POST',
        url: '/api/events',
        headers: auth,
        payload: {
          slug: 'console-agenda',
          title: '成果转化对接会',
          titleEn: 'Technology transfer matchmaking',
          startsAt: '2027-06-01T09:00:00+08:00',
          endsAt: '2027-06-02T17:30:00+08:00',
          venues: [
            // The sub-venue comes first here: the grid still puts the main venue first.
            {
              name: '德阳分会场',
              nameEn: 'Deyang sub-venue',
              kind: 'sub',
              rooms: [{ name: '洽谈室', nameEn: 'Meeting room', capacity: 40 }],
            },
            {
              name: '主会场',
              nameEn: 'Main venue',
              kind: 'main',
              rooms: [{ name: 'A厅', nameEn: 'Hall A', capacity: 300 }],
            },
          ],
        },
      })
    ).json();
    eventId = event.id;
    subRoom = event.venues[0].rooms[0].id;
    hallA = event.venues[1].rooms[0].id;
    base = `/console/events/${eventId}/agenda`;
    await t.app.inject({ method: 'POST', url: `/api/events/${eventId}/publish`, headers: auth });
    await t.app.inject({
      method: 'POST',
      url: `/api/events/${eventId}/categories`,
      headers: auth,
      payload: { code: 'enterprise', name: '企业' },
    });
    b = new Browser(t.app);
    await b.get('/login');
    expect((await b.post('/login', { email: ADMIN.email, password: ADMIN.password })).statusCode).toBe(303);
  });
  afterAll(async () => {
    await t.close();
  });

  const add = (fields: Record<string, string>) => b.post(`${base}/sessions`, fields);

  it('shows an empty two-day grid, main venue first, with a link from the event page', async () => {
    expect((await b.get(`/console/events/${eventId}`)).body).toContain(`href="${base}"`);
    const page = await b.get(base);
    expect(page.statusCode).toBe(200);
    expect(texts(page.body, 'div', 'grid-venue')).toEqual(['主会场', '德阳分会场']);
    expect(texts(page.body, 'div', 'grid-room')).toEqual(['A厅 300 席', '洽谈室 40 席']);
    expect(texts(page.body, 'nav', 'day-switcher')).toEqual([
      '第 1 天 2027年6月1日 0 0 个场次 第 2 天 2027年6月2日 0 0 个场次',
    ]);
    expect(page.body).toContain('当天还没有场次。');
    // A free hour of a room opens the add form at that time, in that room.
    expect(hrefOf(page.body, '在A厅添加 09:00 开始的场次')).toBe(
      `${base}?day=2027-06-01&new=1&room=${hallA}&at=09:00&until=10:00#session-form`,
    );
    const form = await b.get(`${base}?day=2027-06-01&new=1&at=09:00&until=10:00&room=${hallA}`);
    expect(form.body).toContain('id="session-form"');
    expect(inputValue(form.body, 'day')).toBe('2027-06-01');
    expect(inputValue(form.body, 'startsAt')).toBe('09:00');
    expect(inputValue(form.body, 'endsAt')).toBe('10:00');
    expect(form.body).toMatch(new RegExp(`<option value="${hallA}" selected>A厅`));
    // Five person rows at least, for people to be typed in.
    expect(form.body).toContain('name="people.4.name"');
  });

  it('builds a two-day programme with a sub-venue through the form, in local time, ignoring blank person rows', async () => {
    const keynote = await add({
      kind: 'keynote',
      title: '主旨报告',
      titleEn: 'Keynote',
      day: '2027-06-01',
      startsAt: '09:30',
      endsAt: '10:00',
      roomId: String(hallA),
      ...speaker,
      'people.1.role': 'chair',
      'people.1.name': '',
      'people.2.role': 'guest',
      'people.2.name': '',
      'people.2.email': '',
    });
    expect(keynote.statusCode).toBe(303);
    expect(keynote.headers.location).toMatch(new RegExp(`^${base}\\?day=2027-06-01#s-\\d+$`));
    ids.keynote = savedId(keynote.headers.location);
    const shown = await b.get(String(keynote.headers.location));
    expect(texts(shown.body, 'div', 'alert-success')).toEqual(['已添加“主旨报告”。']);
    ids.lecture = savedId(
      (
        await add({
          kind: 'lecture',
          title: '“双力”讲堂',
          day: '2027-06-01',
          startsAt: '10:00',
          endsAt: '11:00',
          roomId: String(hallA),
        })
      ).headers.location,
    );
    ids.sub = savedId(
      (
        await add({
          kind: 'sub_venue_programme',
          title: '德阳分会场对接',
          day: '2027-06-02',
          startsAt: '09:00',
          endsAt: '11:00',
          roomId: String(subRoom),
        })
      ).headers.location,
    );

    const api = await t.app.inject({
      method: 'GET',
      url: `/api/events/${eventId}/sessions`,
      headers: await apiLogin(t.app),
    });
    expect(
      api
        .json()
        .map((s: { title: string; startsAt: string; roomId: number; people: { name: string }[] }) => [
          s.title,
          s.startsAt,
          s.roomId,
          s.people.map((p) => p.name),
        ]),
    ).toEqual([
      ['主旨报告', '2027-06-01T01:30:00.000Z', hallA, ['李国平']],
      ['“双力”讲堂', '2027-06-01T02:00:00.000Z', hallA, []],
      ['德阳分会场对接', '2027-06-02T01:00:00.000Z', subRoom, []],
    ]);

    const day1 = await b.get(`${base}?day=2027-06-01`);
    expect(texts(day1.body, 'h3', 'card-title')).toEqual(['主旨报告', '“双力”讲堂']);
    // Both in the main hall's column (the second grid column), one under the other.
    expect(day1.body).toMatch(new RegExp(`id="s-${ids.keynote}"[^>]*style="grid-row: \\d+ / span 6; grid-column: 2"`));
    expect(day1.body).toMatch(new RegExp(`id="s-${ids.lecture}"[^>]*style="grid-row: \\d+ / span 12; grid-column: 2"`));
    expect(texts(day1.body, 'p', 'card-people')).toEqual(['演讲：李国平']);
    // The person's English job title is kept and shown again in the form (labelled on the English page).
    const edit = await b.get(`${base}?edit=${ids.keynote}&lang=en`);
    expect(inputValue(edit.body, 'people.0.titleEn')).toBe('Chief Engineer');
    expect(edit.body).toContain('<label class="people-label" for="f-s-people-0-titleEn">English job title</label>');
    await b.get(`${base}?lang=zh-CN`);
    const day2 = await b.get(`${base}?day=2027-06-02`);
    expect(day2.body).toMatch(new RegExp(`id="s-${ids.sub}"[^>]*style="grid-row: \\d+ / span 24; grid-column: 3"`));
  });

  it('refuses a room used twice, naming the other sessions, and keeps everything typed', async () => {
    const clash = await add({
      kind: 'roadshow',
      title: '项目路演',
      titleEn: 'Project roadshow',
      day: '2027-06-01',
      startsAt: '09:45',
      endsAt: '10:15',
      roomId: String(hallA),
      capacity: '120',
      'people.0.role': 'chair',
      'people.0.name': '王主持',
      'people.3.role': 'guest',
      'people.3.name': '赵嘉宾',
      'people.3.organisation': '某研究院',
    });
    expect(clash.statusCode).toBe(409);
    expect(texts(clash.body, 'div', 'alert-error')).toEqual([
      '请修改以下问题后重新提交： 会议室 ：A厅此时已被占用：“主旨报告”、““双力”讲堂”',
    ]);
    expect(texts(clash.body, 'p', 'field-error')).toEqual(['A厅此时已被占用：“主旨报告”、““双力”讲堂”']);
    expect(clash.body).toMatch(/<select id="f-s-roomId" name="roomId" aria-invalid="true"/);
    expect({
      title: inputValue(clash.body, 'title'),
      titleEn: inputValue(clash.body, 'titleEn'),
      day: inputValue(clash.body, 'day'),
      startsAt: inputValue(clash.body, 'startsAt'),
      endsAt: inputValue(clash.body, 'endsAt'),
      capacity: inputValue(clash.body, 'capacity'),
      chair: inputValue(clash.body, 'people.0.name'),
      guest: inputValue(clash.body, 'people.3.name'),
      guestOrganisation: inputValue(clash.body, 'people.3.organisation'),
    }).toEqual({
      title: '项目路演',
      titleEn: 'Project roadshow',
      day: '2027-06-01',
      startsAt: '09:45',
      endsAt: '10:15',
      capacity: '120',
      chair: '王主持',
      guest: '赵嘉宾',
      guestOrganisation: '某研究院',
    });
    expect(clash.body).toMatch(/<option value="roadshow" selected>/);
    expect(clash.body).toMatch(/<option value="guest" selected>嘉宾/);

    // A bad row is pointed at by its own row number, not by its place among the filled rows.
    const bad = await add({
      kind: 'lecture',
      title: '讲座',
      day: '2027-06-01',
      startsAt: '14:00',
      endsAt: '13:00',
      'people.2.name': '钱讲者',
      'people.2.email': 'not-an-email',
      'people.4.organisation': '某研究院',
    });
    expect(bad.statusCode).toBe(400);
    expect(texts(bad.body, 'div', 'alert-error')).toEqual([
      '请修改以下问题后重新提交： 第 5 人 · 姓名 ：请填写姓名 第 3 人 · 电子邮箱 ：请输入有效的电子邮箱地址',
    ]);
    expect(inputValue(bad.body, 'people.4.organisation')).toBe('某研究院');
    expect(bad.body).not.toContain('name="people.7.name"'); // two blank rows after the last filled one
    expect(bad.body).toContain('id="e-s-people-2-email"');
    const late = await add({ kind: 'lecture', title: '讲座', day: '2027-06-01', startsAt: '14:00', endsAt: '13:00' });
    expect(late.statusCode).toBe(400);
    expect(texts(late.body, 'p', 'field-error')).toEqual(['结束时间必须晚于开始时间']);
  });

  it('warns about a speaker in two places at once and a session larger than its room, explained; the organiser accepts one', async () => {
    const twice = await add({
      kind: 'policy_briefing',
      title: '政策解读',
      day: '2027-06-01',
      startsAt: '09:40',
      endsAt: '10:10',
      roomId: String(subRoom),
      capacity: '60',
      ...speaker,
    });
    expect(twice.statusCode).toBe(303);
    ids.briefing = savedId(twice.headers.location);
    const shown = await b.get(String(twice.headers.location));
    expect(texts(shown.body, 'div', 'alert-info')).toEqual([
      '已保存“政策解读”，有 2 条提醒：李国平同时安排在“主旨报告”（主会场 · A厅，09:30–10:00）和“政策解读”（德阳分会场 · 洽谈室，09:40–10:10）；“政策解读”设有 60 个席位，但德阳分会场 · 洽谈室只能容纳 40 人。',
    ]);
    expect(texts(shown.body, 'p', 'conflict-text')).toEqual([
      '李国平同时安排在“主旨报告”（主会场 · A厅，09:30–10:00）和“政策解读”（德阳分会场 · 洽谈室，09:40–10:10）。',
      '“政策解读”设有 60 个席位，但德阳分会场 · 洽谈室只能容纳 40 人。',
    ]);
    // Each session on the grid carries its own warnings.
    expect(texts(shown.body, 'ul', 'card-issues')).toEqual(['人员时间冲突', '人员时间冲突 超出会议室容量']);
    expect(texts(shown.body, 'a', 'summary-conflicts')).toEqual(['2 个冲突或提醒待处理']);

    const english = await b.get(`${base}?day=2027-06-01&lang=en`);
    expect(texts(english.body, 'p', 'conflict-text')).toEqual([
      '李国平 is in “Keynote” (Main venue · Hall A, 09:30–10:00) and in “政策解读” (Deyang sub-venue · Meeting room, 09:40–10:10) at once.',
      '“政策解读” has 60 seats, but Deyang sub-venue · Meeting room holds 40.',
    ]);
    await b.get(`${base}?lang=zh-CN`);

    const key = /name="key" value="(person_overlap:[^"]+)"/.exec(shown.body)?.[1];
    expect(key).toMatch(/^person_overlap:\d+:\d+-\d+$/);
    const owner = new RegExp(`action="${base}/sessions/(\\d+)/accept"[^>]*>[^]*?value="${key}"`).exec(shown.body)?.[1];
    const accepted = await b.post(`${base}/sessions/${owner}/accept`, { key: key!, day: '2027-06-01' });
    expect(accepted.statusCode).toBe(303);
    const after = await b.get(String(accepted.headers.location));
    expect(texts(after.body, 'div', 'alert-success')).toEqual(['已接受这条提醒。']);
    expect(texts(after.body, 'ul', 'card-issues')).toEqual(['超出会议室容量']);
    expect(after.body).toContain('已接受的提醒（1）');
    // An unknown key is not stored.
    const bogus = await b.post(`${base}/sessions/${ids.keynote}/accept`, { key: 'over_capacity:999' });
    expect(bogus.statusCode).toBe(303);
    expect(texts((await b.get(String(bogus.headers.location))).body, 'div', 'alert-error')).toEqual([
      '这条提醒已经不存在了。',
    ]);
  });

  it('publishes version 1: only new sessions, nobody to tell', async () => {
    const page = await b.get(base);
    expect(texts(page.body, 'li', 'change-new').map((text) => text.split(' ')[1])).toEqual([
      '主旨报告',
      '政策解读',
      '“双力”讲堂',
      '德阳分会场对接',
    ]);
    const published = await b.post(`${base}/publish`, {});
    expect(published.statusCode).toBe(303);
    expect(published.headers.location).toBe(`${base}/versions/1#recipients`);
    const version = await b.get(`${base}/versions/1`);
    expect(version.body).toContain('这一版只有新增场次，无需通知任何人。');
    // The public session page gives the speaker's job title in the reader's language.
    const sessionPage = (lang: string) => b.get(`/events/console-agenda/sessions/${ids.keynote}?lang=${lang}`);
    expect(texts((await sessionPage('en')).body, 'ul', 'people-list')).toEqual([
      'Speaker 李国平 · 国家国防科技工业局 · Chief Engineer',
    ]);
    expect(texts((await sessionPage('zh-CN')).body, 'ul', 'people-list')).toEqual([
      '演讲 李国平 · 国家国防科技工业局 · 总工程师',
    ]);
    expect(version.body).not.toContain('立即发送');
    const again = await b.post(`${base}/publish`, {});
    expect(again.headers.location).toBe(`${base}#publish`);
    expect(texts((await b.get(base)).body, 'div', 'alert-info')).toEqual(['草稿与公开议程一致，没有要发布的变更。']);
  });

  it('moves one session and cancels another; the pending changes read like the change log', async () => {
    // An attendee follows the keynote and the lecture from their personal page.
    const reg = (
      await t.app.inject({
        method: 'POST',
        url: `/api/events/${eventId}/registrations`,
        payload: {
          name: '王敏',
          email: 'wang.min@example.cn',
          organisation: '某企业',
          category: 'enterprise',
          consent: true,
        },
      })
    ).json();
    const me = new URL(reg.manageUrl).pathname;
    const attendee = new Browser(t.app);
    await attendee.get(me);
    for (const id of [ids.keynote, ids.lecture])
      expect((await attendee.post(`${me}/stars/${id}`, { starred: '1' })).statusCode).toBe(303);

    // The edit form shows the session as stored, in local time.
    const edit = await b.get(`${base}?edit=${ids.keynote}`);
    expect({
      day: inputValue(edit.body, 'day'),
      startsAt: inputValue(edit.body, 'startsAt'),
      endsAt: inputValue(edit.body, 'endsAt'),
      speaker: inputValue(edit.body, 'people.0.email'),
    }).toEqual({ day: '2027-06-01', startsAt: '09:30', endsAt: '10:00', speaker: 'li.guoping@example.cn' });
    expect(edit.body).toContain(`action="${base}/sessions/${ids.keynote}/cancel"`);
    expect(edit.body).not.toContain(`action="${base}/sessions/${ids.keynote}/delete"`); // published: cancel only

    const moved = await b.post(`${base}/sessions/${ids.keynote}`, {
      kind: 'keynote',
      title: '主旨报告',
      titleEn: 'Keynote',
      day: '2027-06-01',
      startsAt: '11:00',
      endsAt: '11:30',
      roomId: String(hallA),
      ...speaker,
    });
    expect(moved.statusCode).toBe(303);
    expect(texts((await b.get(String(moved.headers.location))).body, 'div', 'alert-success')).toEqual([
      '已保存“主旨报告”。',
    ]);
    const cancelled = await b.post(`${base}/sessions/${ids.lecture}/cancel`, {});
    expect(cancelled.statusCode).toBe(303);
    const page = await b.get(String(cancelled.headers.location));
    expect(texts(page.body, 'div', 'alert-success')).toEqual(['已取消““双力”讲堂”：下次发布后从公开议程中移除。']);
    // Struck through on the grid, with a restore button.
    expect(page.body).toMatch(new RegExp(`class="agenda-card kind-lecture is-cancelled[^"]*" id="s-${ids.lecture}"`));
    expect(page.body).toContain(`action="${base}/sessions/${ids.lecture}/restore"`);
    expect(texts(page.body, 'ul', 'pending-changes')).toEqual([
      '时间调整 主旨报告 原为 2027年6月1日 09:30–10:00 · A厅 2027年6月1日 11:00–11:30 · A厅 变更内容： 时间 已取消 “双力”讲堂 2027年6月1日 10:00–11:00 · A厅',
    ]);
    expect(texts(page.body, 'button', 'primary').at(-1)).toBe('发布第 2 版');
  });

  it('publishes version 2 without telling anyone, previews who will be told, then sends once', async () => {
    const published = await b.post(`${base}/publish`, {});
    expect(published.headers.location).toBe(`${base}/versions/2#recipients`);
    const preview = await b.get(String(published.headers.location));
    expect(texts(preview.body, 'div', 'alert-success')).toEqual(['已发布第 2 版。请查看将收到通知的人，然后发送。']);
    const rows = [...preview.body.matchAll(/<tr data-email="([^"]+)">([\s\S]*?)<\/tr>/g)].map((m) => [
      m[1],
      texts(m[2], 'span', 'reason'),
      texts(m[2], 'span', 'badge').filter((b) => !b.includes('场')),
    ]);
    expect(rows).toEqual([
      ['li.guoping@example.cn', ['场次上的人员'], ['时间调整']],
      ['wang.min@example.cn', ['关注了场次'], ['时间调整', '已取消']],
    ]);
    expect(preview.body).toContain('立即发送（2 人）');
    const database = t.app.get(Database);
    expect(await database.manager.countBy(OutboxMessage, { kind: 'schedule_changes' })).toBe(0);

    const sent = await b.post(`${base}/versions/2/notify`, {});
    expect(sent.headers.location).toBe(`${base}/versions/2`);
    const done = await b.get(`${base}/versions/2`);
    expect(texts(done.body, 'div', 'alert-success')).toEqual(['已向 2 人发送变更通知。']);
    expect(done.body).not.toContain('立即发送');
    expect(done.body).toMatch(/已于 2\d{3}年\d+月\d+日 \d\d:\d\d 通知/);
    const mails = await database.manager.find(OutboxMessage, {
      where: { kind: 'schedule_changes' },
      order: { toAddress: 'ASC' },
    });
    expect(mails.map((m) => m.toAddress)).toEqual(['li.guoping@example.cn', 'wang.min@example.cn']);

    const twice = await b.post(`${base}/versions/2/notify`, {});
    expect(texts((await b.get(String(twice.headers.location))).body, 'div', 'alert-info')).toEqual([
      '第 2 版已经通知过了。',
    ]);
    const editor = await b.get(base);
    expect(texts(editor.body, 'ul', 'version-list')).toEqual([
      expect.stringMatching(/^第 2 版 .* 2 项变更 已通知 变更记录 第 1 版 .* 4 项变更 无需通知 变更记录$/),
    ]);
    expect(editor.body).toContain('href="/events/console-agenda/agenda/changes#v-2"');
  });

  it('restores a cancelled session and swaps back-to-back sessions with the up/down buttons', async () => {
    const restored = await b.post(`${base}/sessions/${ids.lecture}/restore`, {});
    expect(texts((await b.get(String(restored.headers.location))).body, 'div', 'alert-success')).toEqual([
      '已恢复““双力”讲堂”。',
    ]);
    // The lecture (10:00–11:00) and the keynote (11:00–11:30) now follow each other in Hall A.
    const page = await b.get(`${base}?day=2027-06-01`);
    const down = new RegExp(
      `<form method="post" action="${base}/reorder"[^>]*>(?:(?!</form>)[\\s\\S])*?value="${ids.lecture}">(?:(?!</form>)[\\s\\S])*?</form>`,
    ).exec(page.body)?.[0];
    expect(down && [...down.matchAll(/name="sessionIds" value="(\d+)"/g)].map((m) => Number(m[1]))).toEqual([
      ids.keynote,
      ids.lecture,
    ]);
    const swapped = await b.post(`${base}/reorder`, {
      day: '2027-06-01',
      focus: String(ids.lecture),
      sessionIds: [String(ids.keynote), String(ids.lecture)],
    });
    expect(swapped.headers.location).toBe(`${base}?day=2027-06-01#s-${ids.lecture}`);
    expect(texts((await b.get(String(swapped.headers.location))).body, 'div', 'alert-success')).toEqual([
      '已调整顺序。',
    ]);
    const api = await t.app.inject({
      method: 'GET',
      url: `/api/events/${eventId}/sessions`,
      headers: await apiLogin(t.app),
    });
    expect(
      api
        .json()
        .filter((s: { roomId: number }) => s.roomId === hallA)
        .map((s: { id: number; startsAt: string; endsAt: string }) => [s.id, s.startsAt, s.endsAt]),
    ).toEqual([
      [ids.keynote, '2027-06-01T02:00:00.000Z', '2027-06-01T02:30:00.000Z'],
      [ids.lecture, '2027-06-01T02:30:00.000Z', '2027-06-01T03:30:00.000Z'],
    ]);
    // Sessions of different rooms are no block.
    const refused = await b.post(`${base}/reorder`, { sessionIds: [String(ids.keynote), String(ids.sub)] });
    expect(texts((await b.get(String(refused.headers.location))).body, 'div', 'alert-error')).toEqual([
      '只能调整同一会议室内前后相连的场次的顺序。',
    ]);
  });

  it('moves a session with the small move form (it keeps its length) and deletes one never published', async () => {
    const moved = await b.post(`${base}/sessions/${ids.sub}/move`, {
      day: '2027-06-02',
      startsAt: '14:00',
      roomId: String(hallA),
    });
    expect(moved.headers.location).toBe(`${base}?day=2027-06-02#s-${ids.sub}`);
    const page = await b.get(String(moved.headers.location));
    expect(texts(page.body, 'div', 'alert-success')).toEqual(['已移动“德阳分会场对接”。']);
    expect(texts(page.body, 'p', 'card-meta')[0]).toBe('14:00 – 16:00 分会场活动');

    const draft = savedId(
      (await add({ kind: 'break', title: '茶歇', day: '2027-06-02', startsAt: '16:00', endsAt: '16:15' })).headers
        .location,
    );
    expect((await b.get(`${base}?edit=${draft}`)).body).toContain(`action="${base}/sessions/${draft}/delete"`);
    const deleted = await b.post(`${base}/sessions/${draft}/delete`, {});
    expect(texts((await b.get(String(deleted.headers.location))).body, 'div', 'alert-success')).toEqual([
      '已删除“茶歇”。',
    ]);
    const published = await b.post(`${base}/sessions/${ids.keynote}/delete`, {});
    expect(texts((await b.get(String(published.headers.location))).body, 'div', 'alert-error')).toEqual([
      '“主旨报告”已经发布过，只能取消，不能删除。',
    ]);
  });

  it('explains a session outside the event and outside its room’s hours; its day gets a tab of its own', async () => {
    await t.app.inject({
      method: 'PATCH',
      url: `/api/events/${eventId}/rooms/${subRoom}`,
      headers: await apiLogin(t.app),
      payload: { availableUntil: '2027-06-03T12:00:00+08:00' },
    });
    const late = await add({
      kind: 'free_negotiation',
      title: '会后洽谈',
      day: '2027-06-03',
      startsAt: '11:00',
      endsAt: '12:30',
      roomId: String(subRoom),
    });
    expect(late.headers.location).toMatch(new RegExp(`^${base}\\?day=2027-06-03#s-\\d+$`));
    const page = await b.get(String(late.headers.location));
    expect(texts(page.body, 'div', 'alert-info')).toEqual([
      '已保存“会后洽谈”，有 2 条提醒：“会后洽谈”（2027年6月3日 11:00–12:30）不在活动时间（2027年6月1日 09:00 – 2027年6月2日 17:30）之内；“会后洽谈”（2027年6月3日 11:00–12:30）超出了德阳分会场 · 洽谈室的可用时间（至 2027年6月3日 12:00）。',
    ]);
    expect(texts(page.body, 'nav', 'day-switcher')[0]).toContain('第 3 天 2027年6月3日 活动日期外 1');
  });

  it('refuses form posts without the CSRF token', async () => {
    const forged = await b.post(`${base}/publish`, { notify: 'true' }, { csrf: false });
    expect(forged.statusCode).toBe(403);
  });
});
