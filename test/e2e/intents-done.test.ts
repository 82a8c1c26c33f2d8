import { UsersService } from '../../src/accounts/users.service.js';
import { localDay } from '../../src/common/time.js';
import { Database } from '../../src/database/database.service.js';
import { IntentReminders } from '../../src/intents/intent-reminders.service.js';
import { OutboxMessage } from '../../src/mail/outbox-message.entity.js';
import { Browser } from '../support/browser.js';
import { SmtpSink } from '../support/smtp-sink.js';
import { ADMIN, apiLogin, startTestApp, type TestApp } from '../support/test-app.js';
import { docxParagraphs } from '../support/zip.js';

const DB = process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'SQLite';
const DAY = 86_400_000;
type Stages = Record<'intent' | 'negotiating' | 'signed' | 'landed' | 'dropped', number>;
interface Funnel {
  total: number;
  reachedCounts: Stages;
  currentCounts: Stages;
  valueWan: { estimated: number; signed: number; landed: number };
  breakdowns: { event?: { key: string; reachedCounts: Stages }[] };
}

/** The paragraphs of the press text on a page (`<p>` inside `class="press-text"`), tags removed. */
function pressText(html: string): string[] {
  const start = html.indexOf('class="press-text"');
  const block = html.slice(start, html.indexOf('</div>', start));
  return [...block.matchAll(/<p>([\s\S]*?)<\/p>/g)].map((m) => m[1].replace(/<[^>]+>/g, '').trim());
}

/** The figures table of the printable page: label → value. */
function printedFigures(html: string): Record<string, number> {
  return Object.fromEntries(
    [...html.matchAll(/data-figure="(\w+)"><th scope="row">[^<]+<\/th><td>([\d.]+)<\/td>/g)].map((m) => [
      m[1],
      Number(m[2]),
    ]),
  );
}

/**
 * Issue 11's "done means", end to end on the demo: after the Chengdu event an organiser sees its funnel, gives an
 * intent an owner and a follow-up date, the owner gets the reminder email on that date (the clock moved by passing
 * `now` to the reminders; the email delivered through the outbox to a real SMTP server), the intent moves to signed
 * and then landed (place and date), and the event report, the series report, the printable summary and the .docx all
 * show it: their figures change by exactly one.
 */
describe(`the cooperation pipeline after the demo event, to the reports (${DB})`, () => {
  let t: TestApp;
  let sink: SmtpSink;
  let auth: { authorization: string };
  let organiser: Browser;
  let ownerId = 0;
  const owner = { email: 'wangmin@chengdu-office.example.cn', name: '王敏', password: 'owner-password-1' };

  const api = async <T>(method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => {
    const res = await t.app.inject({ method, url, headers: auth, ...(payload ? { payload } : {}) });
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json<T>();
  };
  const delivered = async (to: string, subject: string) => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const found = sink.to(to).find((m) => m.parsed.subject === subject);
      if (found || Date.now() > deadline) return found;
      await new Promise((r) => setTimeout(r, 25));
    }
  };

  /** What every report says of event 1 and its series now. */
  async function snapshot(seriesId: number) {
    const event = await api<{ funnel: Funnel }>('GET', '/api/events/1/report');
    const series = await api<{ editions: { event: { id: number }; funnel: Funnel }[]; funnel: Funnel }>(
      'GET',
      `/api/series/${seriesId}/report`,
    );
    const print = await organiser.get('/console/events/1/report/print?lang=zh-CN');
    const docx = docxParagraphs((await organiser.get('/console/events/1/report.docx?lang=zh-CN')).rawPayload);
    const page = await organiser.get('/console/events/1/report?lang=zh-CN');
    const seriesPage = await organiser.get(`/console/series/${seriesId}/report?lang=zh-CN`);
    return { event: event.funnel, series, print: print.body, docx, page: page.body, seriesPage: seriesPage.body };
  }

  beforeAll(async () => {
    sink = await new SmtpSink().start();
    t = await startTestApp({ demo: true, env: { SMTP_URL: sink.url, MAIL_POLL_MS: '50' } });
    auth = await apiLogin(t.app);
    organiser = new Browser(t.app);
    await organiser.get('/login');
    const res = await organiser.post('/login', { email: ADMIN.email, password: ADMIN.password, next: '' });
    expect(res.statusCode).toBe(303);
    ownerId = (await t.app.get(UsersService).createUser({ ...owner, role: 'organiser' })).id;
  });
  afterAll(async () => {
    await t?.close();
    await sink?.stop();
  });

  it('follows an intent from the funnel to landed, and every report shows it', async () => {
    const chengdu = await api<{ seriesId: number; endsAt: string }>('GET', '/api/events/1');
    const before = await snapshot(chengdu.seriesId);

    // The organiser sees the event's funnel: on the summary page (card and chart) and as JSON.
    expect(before.event.reachedCounts).toEqual({ intent: 13, negotiating: 11, signed: 8, landed: 2, dropped: 1 });
    expect(before.page).toContain('id="funnel"');
    const charts = JSON.parse(
      /<script type="application\/json" id="report-charts">([\s\S]*?)<\/script>/.exec(before.page)![1],
    );
    expect(charts.find((c: { id: string }) => c.id === 'funnel')).toMatchObject({
      type: 'funnel',
      categories: ['意向', '洽谈', '签约', '落地'],
      series: [{ values: [13, 11, 8, 2] }],
    });

    // An intent of the free negotiation still at its first stage gets an owner and a follow-up date.
    const { items } = await api<{ items: { id: number; title: string; stage: string; valueWan: number | null }[] }>(
      'GET',
      '/api/intents?eventId=1&stage=intent&pageSize=100',
    );
    const chosen = items.find((i) => i.valueWan !== null)!;
    expect(chosen).toBeDefined();
    const followUpDay = localDay(new Date(Date.parse(chengdu.endsAt) + 30 * DAY), 'Asia/Shanghai');
    const patched = await api<{ owner: { kind: string; id: number }; nextFollowUpOn: string }>(
      'PATCH',
      `/api/intents/${chosen.id}`,
      { owner: { userId: ownerId }, nextFollowUpOn: followUpDay },
    );
    expect([patched.owner.kind, patched.owner.id, patched.nextFollowUpOn]).toEqual(['user', ownerId, followUpDay]);

    // The clock moves: nothing the day before, the reminder on the day (09:00 China time), once.
    const reminders = t.app.get(IntentReminders);
    const at = (day: string, hour: number) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00+08:00`);
    const dayBefore = localDay(new Date(at(followUpDay, 12).getTime() - DAY), 'Asia/Shanghai');
    await reminders.run(at(dayBefore, 9));
    const subject = `跟进提醒：${chosen.title}`;
    expect(sink.to(owner.email).filter((m) => m.parsed.subject === subject)).toEqual([]);
    await reminders.run(at(followUpDay, 9));
    await reminders.run(at(followUpDay, 15));
    const mail = await delivered(owner.email, subject);
    expect(mail?.parsed.text).toContain('您负责的合作意向今天需要跟进');
    expect(mail?.parsed.text).toContain(`/console/intents/${chosen.id}`);
    // Once: the second run of the day wrote no second email to the outbox.
    const written = await t.app.get(Database).manager.findBy(OutboxMessage, {
      kind: 'intent_follow_up',
      toAddress: owner.email,
    });
    expect(written.map((m) => m.subject)).toEqual([subject]);

    // The owner's intent is signed, then lands (place and date).
    await api('POST', `/api/intents/${chosen.id}/stage`, { stage: 'signed', note: '双方签订合作协议' });
    const landed = await api<{ stage: string; landedPlace: string; landedOn: string }>(
      'POST',
      `/api/intents/${chosen.id}/stage`,
      { stage: 'landed', landedPlace: '雅安市雨城区', landedOn: followUpDay, note: '项目在雅安落地' },
    );
    expect([landed.stage, landed.landedPlace, landed.landedOn]).toEqual(['landed', '雅安市雨城区', followUpDay]);

    const after = await snapshot(chengdu.seriesId);
    const plus = (counts: Stages, changes: Partial<Stages>) => ({
      ...counts,
      ...Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, counts[k as keyof Stages] + (v ?? 0)])),
    });
    // The event report: one more signed, one more landed; one fewer at its first stage, one more landed now.
    expect(after.event.reachedCounts).toEqual(
      plus(before.event.reachedCounts, { negotiating: 1, signed: 1, landed: 1 }),
    );
    expect(after.event.currentCounts).toEqual(plus(before.event.currentCounts, { intent: -1, landed: 1 }));
    expect(after.event.total).toBe(before.event.total);
    expect(after.event.valueWan.landed).toBe(before.event.valueWan.landed + chosen.valueWan!);
    // The series report: the edition and the whole series, one more landed each; the earlier edition unchanged.
    const edition = (s: typeof before.series) => s.editions.find((e) => e.event.id === 1)!.funnel;
    const earlier = (s: typeof before.series) => s.editions.find((e) => e.event.id !== 1)!.funnel;
    expect(after.series.editions).toHaveLength(2);
    expect(edition(after.series).reachedCounts.landed).toBe(edition(before.series).reachedCounts.landed + 1);
    expect(earlier(after.series).reachedCounts).toEqual(earlier(before.series).reachedCounts);
    expect(after.series.funnel.reachedCounts).toEqual(
      plus(before.series.funnel.reachedCounts, { negotiating: 1, signed: 1, landed: 1 }),
    );
    const byEdition = (f: Funnel) => f.breakdowns.event!.find((g) => g.key === '1')!.reachedCounts.landed;
    expect(byEdition(after.series.funnel)).toBe(byEdition(before.series.funnel) + 1);
    // The printable summary and the .docx: the sentence and the figures say one more signed and landed.
    const sentence = (paragraphs: string[]) => paragraphs.find((p) => p.startsWith('本次活动共达成初步合作意向'))!;
    const stated = (s: string) => ({
      intents: Number(/初步合作意向(\d+)项/.exec(s)![1]),
      signed: Number(/(\d+)项已签约/.exec(s)![1]),
      landed: Number(/(\d+)项已落地/.exec(s)![1]),
    });
    const was = stated(sentence(pressText(before.print)));
    expect(was).toEqual({ intents: 13, signed: 8, landed: 2 });
    expect(stated(sentence(pressText(after.print)))).toEqual({ intents: 13, signed: 9, landed: 3 });
    expect(sentence(after.docx)).toBe(sentence(pressText(after.print)));
    expect(sentence(before.docx)).toBe(sentence(pressText(before.print)));
    const printed = [printedFigures(before.print), printedFigures(after.print)];
    expect([
      printed[1].intentsSigned - printed[0].intentsSigned,
      printed[1].intentsLanded - printed[0].intentsLanded,
    ]).toEqual([1, 1]);
    const docxFigure = (paragraphs: string[], label: string) => Number(paragraphs[paragraphs.indexOf(label) + 1]);
    expect(docxFigure(after.docx, '意向已落地') - docxFigure(before.docx, '意向已落地')).toBe(1);
    expect(docxFigure(after.docx, '意向已签约') - docxFigure(before.docx, '意向已签约')).toBe(1);
    // The series page's pipeline table: the edition's landed column and the series total, one more each.
    const landedRow = (html: string) => {
      const row = /<tr data-figure="landed">([\s\S]*?)<\/tr>/.exec(html.slice(html.indexOf('id="pipeline-table"')))![1];
      return [...row.matchAll(/<td class="num">(?:<strong>)?(\d+)/g)].map((m) => Number(m[1]));
    };
    const [earlierBefore, thisBefore, seriesBefore] = landedRow(before.seriesPage);
    expect(landedRow(after.seriesPage)).toEqual([earlierBefore, thisBefore + 1, seriesBefore + 1]);
  });
});
