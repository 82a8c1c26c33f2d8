import { createHash } from 'node:crypto';
import { joinBody, MailRenderer, readBody, type PiecedMail, type RenderedMail } from './mail-renderer.service.js';

const renderer = new MailRenderer();

/** A message as `piecesFor` gives it, joined as the outbox's readers (the mail worker, the console) join it. */
function joined(...args: Parameters<MailRenderer['piecesFor']>): RenderedMail {
  const kept = renderer.piecesFor(...args);
  return 'body' in kept ? { subject: kept.subject, ...joinBody(readBody(kept.body.content), kept.values) } : kept;
}

const event = {
  id: 7,
  slug: 'chengdu-2026',
  title: '成都都市圈成果转化推介活动',
  titleEn: 'Chengdu Metropolitan Area Technology Transfer Showcase',
  shortTitle: '成都推介会',
  shortTitleEn: 'Chengdu Showcase',
  startsAt: new Date('2026-12-05T01:30:00Z'),
  endsAt: new Date('2026-12-05T09:00:00Z'),
  timezone: 'Asia/Shanghai',
};
const venue = {
  name: '天府国际会议中心',
  nameEn: 'Tianfu International Conference Centre',
  address: '天府大道',
  addressEn: null,
};
const category = { id: 3, name: '企业', nameEn: 'Enterprise' };

interface Person {
  name: string;
  manageUrl: string;
  badgeCid: string;
}

function data(person: Person, locale: 'zh-CN' | 'en') {
  return {
    registration: { name: person.name, locale, title: 'CEO' },
    event,
    venue,
    category,
    timezone: event.timezone,
    manageUrl: person.manageUrl,
    eventUrl: 'https://duijie.example/events/chengdu-2026',
    badgeCid: person.badgeCid,
    subjectParams: { event: event.shortTitle, eventEn: event.shortTitleEn },
    appUrl: 'https://duijie.example',
  };
}

const people: Person[] = [
  { name: '王敏', manageUrl: 'https://duijie.example/r/1/tok-AAA_1', badgeCid: 'badge-1@duijie.example' },
  { name: 'Li Lei', manageUrl: 'https://duijie.example/r/2/tok-BBB_2', badgeCid: 'badge-2@duijie.example' },
  { name: 'Tom & Jerry <b>', manageUrl: 'https://duijie.example/r/3/x?a=1&b=2', badgeCid: 'badge-3@duijie.example' },
  { name: '欧阳 娜娜', manageUrl: 'https://duijie.example/r/4/tok-DDD_4', badgeCid: 'badge-4@duijie.example' },
  { name: "O'Brien", manageUrl: 'https://duijie.example/r/5/tok-EEE_5', badgeCid: 'badge-5@duijie.example' },
  { name: 'Zhao', manageUrl: 'https://duijie.example/r/6/tok-FFF_6', badgeCid: 'badge-6@duijie.example' },
];

describe('rendering an email from pieces', () => {
  it.each(['registration-confirmed', 'registration-waitlisted', 'registration-pending', 'registration-link'])(
    'gives exactly the full render of %s, person after person, in both languages',
    (template) => {
      for (const locale of ['zh-CN', 'en'] as const) {
        for (const person of people) {
          const values = { name: person.name, manageUrl: person.manageUrl, badgeCid: person.badgeCid };
          const fast = joined(template, locale, `event-7-${template}`, values, (v) =>
            data({ name: v.name, manageUrl: v.manageUrl, badgeCid: v.badgeCid }, locale),
          );
          const full = renderer.render(template, locale, data(person, locale));
          expect(fast).toEqual(full);
          // Each message names its own person and link, none of another's.
          expect(fast.text).toContain(person.name);
          for (const other of people.filter((p) => p !== person)) expect(fast.text).not.toContain(other.manageUrl);
        }
      }
    },
  );

  it('renders in full when the data refuses the stand-ins', () => {
    const person = people[0];
    let standInCalls = 0;
    const values = { name: person.name, manageUrl: person.manageUrl, badgeCid: person.badgeCid };
    const build = (v: Record<string, string>) => {
      if (v !== values) {
        standInCalls += 1;
        throw new Error('the template reads more than the values');
      }
      return data(person, 'zh-CN');
    };
    const first = joined('registration-confirmed', 'zh-CN', 'refusing', values, build);
    const second = joined('registration-confirmed', 'zh-CN', 'refusing', values, build);
    expect(first).toEqual(renderer.render('registration-confirmed', 'zh-CN', data(person, 'zh-CN')));
    expect(second).toEqual(first);
    // Refused once, the key is remembered as one that is always rendered in full.
    expect(standInCalls).toBe(1);
  });

  it('does not join pieces that would differ from the full render', () => {
    // Data that puts the values where a template cannot show them as given (upper-cased): never joined.
    const person = people[1];
    const values = { name: person.name, manageUrl: person.manageUrl, badgeCid: person.badgeCid };
    const build = (v: Record<string, string>) => data({ ...person, name: v.name.toUpperCase() }, 'en');
    const fast = joined('registration-confirmed', 'en', 'upper', values, build);
    expect(fast.text).toContain('LI LEI');
    const next = { ...values, name: 'Han Meimei' };
    expect(joined('registration-confirmed', 'en', 'upper', next, build).text).toContain('HAN MEIMEI');
  });

  it('keeps a message as a shared body and its values that join to exactly the full render', () => {
    const hashes = new Set<string>();
    for (const locale of ['zh-CN', 'en'] as const) {
      for (const person of people) {
        const values = { name: person.name, manageUrl: person.manageUrl, badgeCid: person.badgeCid };
        const kept = renderer.piecesFor('registration-confirmed', locale, 'stored-7', values, (v) =>
          data({ name: v.name, manageUrl: v.manageUrl, badgeCid: v.badgeCid }, locale),
        );
        const full = renderer.render('registration-confirmed', locale, data(person, locale));
        if (/[&<>"']/.test(person.name + person.manageUrl)) {
          // A value that escaping changes: the message is kept whole.
          expect(kept).toEqual(full);
          continue;
        }
        const pieced = kept as PiecedMail;
        expect(pieced.values).toEqual(values);
        expect(pieced.subject).toBe(full.subject);
        expect(pieced.body.hash).toBe(createHash('sha256').update(pieced.body.content).digest('hex'));
        // The body holds nobody's values; joined with the person's, it is the full render.
        for (const p of people) expect(pieced.body.content).not.toContain(p.manageUrl);
        expect(joinBody(readBody(pieced.body.content), pieced.values)).toEqual({ html: full.html, text: full.text });
        hashes.add(`${locale} ${pieced.body.hash}`);
      }
    }
    // One body per language, shared by every person.
    expect(new Set([...hashes].map((h) => h.split(' ')[0])).size).toBe(2);
    expect(hashes.size).toBe(2);
  });

  it('keeps a message whole when its data refuses the stand-ins', () => {
    const person = people[0];
    const values = { name: person.name, manageUrl: person.manageUrl, badgeCid: person.badgeCid };
    const build = (v: Record<string, string>) => {
      if (v !== values) throw new Error('the template reads more than the values');
      return data(person, 'zh-CN');
    };
    const full = renderer.render('registration-confirmed', 'zh-CN', data(person, 'zh-CN'));
    for (let i = 0; i < 2; i++) {
      const kept = renderer.piecesFor('registration-confirmed', 'zh-CN', 'stored-refusing', values, build);
      expect(kept as RenderedMail).toEqual(full);
    }
  });
});
