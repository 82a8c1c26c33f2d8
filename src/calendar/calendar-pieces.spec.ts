import { buildCalendar } from './calendar.js';
import { InvitePieces, type InviteValues } from './calendar-pieces.js';

const build = (values: InviteValues) =>
  buildCalendar(
    [
      {
        kind: 'event',
        id: 7,
        eventId: 7,
        sequence: 1,
        start: new Date('2026-12-05T01:30:00Z'),
        end: new Date('2026-12-05T09:00:00Z'),
        summary: '成都都市圈成果转化推介活动（第二届）暨重点项目签约仪式',
        description:
          'Chengdu Metropolitan Area Technology Transfer Showcase\nhttps://duijie.example/events/chengdu-2026',
        location: '天府国际会议中心 · 四川省成都市天府新区天府大道南段',
        url: 'https://duijie.example/events/chengdu-2026',
      },
    ],
    {
      host: 'duijie.example',
      method: 'REQUEST',
      now: values.now,
      parties: {
        organizer: { name: '成都推介会', email: 'events@duijie.example' },
        attendee: { name: values.name, email: values.email },
      },
    },
  );

const people: [string, string][] = [
  ['王敏', 'wang.min@example.cn'],
  ['Li Lei', 'li.lei@example.com'],
  // Long enough that the ATTENDEE line folds at other places than the first person's.
  ['欧阳娜娜欧阳娜娜欧阳娜娜欧阳娜娜欧阳娜娜', 'a.very.long.address.of.someone@subdomain.example.com.cn'],
  ['Dr. Maximilian Alexander von Hohenberg-Schönfeld', 'max@example.de'],
  // Values that cleaning or escaping changes: built in full.
  ['Smith, John; "JJ"', 'john@example.com'],
  ['𠀀𠀁 Astral', 'astral@example.com'],
  ['Tab\there', 'tab@example.com'],
  ['Zhao', 'zhao@example.com'],
];

describe('invites from pieces', () => {
  it('gives exactly what the full build gives, person after person', () => {
    const pieces = new InvitePieces();
    let now = new Date('2026-12-02T14:00:00.250Z');
    for (const [name, email] of people) {
      now = new Date(now.getTime() + 61_789);
      const values = { name, email, now };
      const invite = pieces.invite('event-7', values, build);
      expect(invite).toBe(build(values));
      expect(invite.replace(/\r\n /g, '')).toContain(`mailto:${email}`.toUpperCase().slice(0, 7));
    }
  });

  it('keeps nothing when the pieces would not give the full build', () => {
    const pieces = new InvitePieces();
    const now = new Date('2026-12-02T14:00:00Z');
    // A build that writes the name twice, once upper-cased: the stand-in cannot stand for that.
    const odd = (values: InviteValues) => build({ ...values, name: `${values.name} ${values.name.toUpperCase()}` });
    expect(pieces.invite('odd', { name: 'li', email: 'li@example.com', now }, odd)).toBe(
      odd({ name: 'li', email: 'li@example.com', now }),
    );
    const next = { name: 'han', email: 'han@example.com', now };
    expect(pieces.invite('odd', next, odd)).toBe(odd(next));
  });
});
