import ICAL from 'ical.js';
import { buildCalendar, calendarUid, escapeText, type CalendarItem } from './calendar.js';

const item: CalendarItem = {
  kind: 'event',
  id: 3,
  eventId: 3,
  sequence: 2,
  start: new Date('2026-12-05T01:00:00Z'),
  end: new Date('2026-12-06T09:30:00Z'),
  summary: '“互通互信 共建共享”成都都市圈先进技术成果转化推介暨“西转通”走进成都都市圈活动',
  description: '磁流变减震器商业航天配套项目，四川省成都市·会议中心',
  location: '成都市·会议中心',
};

describe('calendar building (checked with ical.js, an independent parser)', () => {
  it('writes an iTIP REQUEST with stable UID, SEQUENCE, UTC times, ORGANIZER and ATTENDEE with RSVP', () => {
    const text = buildCalendar([item], {
      host: 'duijie.example.cn',
      method: 'REQUEST',
      parties: {
        organizer: { name: '对接', email: 'no-reply@duijie.example.cn' },
        attendee: { name: '王敏', email: 'wang@example.cn' },
      },
      now: new Date('2026-11-21T00:00:00Z'),
    });
    expect(text).toMatch(/\r\n/);
    expect(text.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    const component = new ICAL.Component(ICAL.parse(text));
    expect(component.getFirstPropertyValue('method')).toBe('REQUEST');
    const vevent = component.getFirstSubcomponent('vevent')!;
    const event = new ICAL.Event(vevent);
    expect(event.uid).toBe('event-3@duijie.example.cn');
    expect(event.sequence).toBe(2);
    expect(event.summary).toBe(item.summary);
    expect(event.description).toBe(item.description);
    expect(event.startDate.toJSDate().toISOString()).toBe('2026-12-05T01:00:00.000Z');
    expect(event.startDate.zone.tzid).toBe('UTC');
    expect(event.endDate.toJSDate().toISOString()).toBe('2026-12-06T09:30:00.000Z');
    expect(String(vevent.getFirstPropertyValue('dtstamp'))).toBe('2026-11-21T00:00:00Z');
    expect(String(vevent.getFirstPropertyValue('organizer')).toLowerCase()).toBe('mailto:no-reply@duijie.example.cn');
    const attendee = vevent.getFirstProperty('attendee')!;
    expect(String(attendee.getFirstValue()).toLowerCase()).toBe('mailto:wang@example.cn');
    expect(attendee.getParameter('rsvp')).toBe('TRUE');
  });

  it('writes a CANCEL with the same UID and a higher SEQUENCE', () => {
    const text = buildCalendar([{ ...item, sequence: 3 }], { host: 'duijie.example.cn', method: 'CANCEL' });
    const component = new ICAL.Component(ICAL.parse(text));
    expect(component.getFirstPropertyValue('method')).toBe('CANCEL');
    const vevent = component.getFirstSubcomponent('vevent')!;
    expect(vevent.getFirstPropertyValue('uid')).toBe('event-3@duijie.example.cn');
    expect(vevent.getFirstPropertyValue('sequence')).toBe(3);
    expect(vevent.getFirstPropertyValue('status')).toBe('CANCELLED');
  });

  it('derives UIDs from the event and the item', () => {
    expect(calendarUid({ kind: 'session', id: 12, eventId: 3 }, 'h')).toBe('session-12.event-3@h');
    expect(calendarUid({ kind: 'event', id: 3, eventId: 3 }, 'h')).toBe('event-3@h');
  });
});

describe('calendar text from the outside (titles, names, places: escaped in one place)', () => {
  const INJECTION = 'x\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:evil@x\r\nSUMMARY:injected\r\nEND:VEVENT\r\nBEGIN:VEVENT';
  const hostile = [
    INJECTION,
    'a\nb\rc\u2028d\u0085e',
    'semi;colon,comma\\backslash',
    'quote" ROLE=CHAIR;X="',
    'nul\u0000bell\u0007esc\u001b',
    '<script>alert(1)</script>',
  ];
  const build = (value: string) =>
    buildCalendar(
      [{ ...item, summary: value, description: value, location: value, url: `https://duijie.example.cn/e?x=${value}` }],
      {
        host: 'duijie.example.cn',
        name: value,
        method: 'REQUEST',
        parties: {
          organizer: { name: value, email: 'no-reply@duijie.example.cn' },
          attendee: { name: value, email: `wang@example.cn${value}` },
        },
        now: new Date('2026-11-21T00:00:00Z'),
      },
    );
  /** The content lines after unfolding (a line starting with a space continues the one before). */
  const contentLines = (ics: string) =>
    ics
      .replace(/\r\n[ \t]/g, '')
      .split('\r\n')
      .filter(Boolean);
  const PROPERTIES = new Set([
    'BEGIN',
    'END',
    'VERSION',
    'PRODID',
    'METHOD',
    'NAME',
    'X-WR-CALNAME',
    'UID',
    'SEQUENCE',
    'DTSTAMP',
    'DTSTART',
    'DTEND',
    'SUMMARY',
    'DESCRIPTION',
    'LOCATION',
    'URL',
    'STATUS',
    'ORGANIZER',
    'ATTENDEE',
    'TIMEZONE-ID',
    'X-WR-TIMEZONE',
  ]);

  it.each(hostile)('keeps %j inside its properties: one VEVENT, no new property, every line ≤ 75 octets', (value) => {
    const ics = build(value);
    expect(ics.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    // eslint-disable-next-line no-control-regex
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\u0000-\u001f\u007f]/);
    const names = contentLines(ics).map((line) => /^[A-Z-]+/.exec(line)?.[0] ?? line);
    expect(names.filter((n) => !PROPERTIES.has(n))).toEqual([]);
    expect(names.filter((n) => n === 'BEGIN')).toHaveLength(2);
    const calendar = new ICAL.Component(ICAL.parse(ics));
    const vevents = calendar.getAllSubcomponents('vevent');
    expect(vevents).toHaveLength(1);
    expect(vevents[0].getFirstPropertyValue('uid')).toBe('event-3@duijie.example.cn');
  });

  it('keeps the text itself, as one line where the property is one line', () => {
    const ics = build(INJECTION);
    const calendar = new ICAL.Component(ICAL.parse(ics));
    const vevent = calendar.getFirstSubcomponent('vevent')!;
    const oneLine = INJECTION.replace(/\r\n/g, ' ');
    expect(vevent.getFirstPropertyValue('summary')).toBe(oneLine);
    expect(vevent.getFirstPropertyValue('location')).toBe(oneLine);
    expect(vevent.getFirstPropertyValue('description')).toBe(INJECTION.replace(/\r\n/g, '\n'));
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe(oneLine);
    expect(calendar.getFirstPropertyValue('name')).toBe(oneLine);
    expect(vevent.getFirstProperty('attendee')!.getParameter('cn')).toBe(oneLine);
    expect(vevent.getFirstProperty('organizer')!.getParameter('cn')).toBe(oneLine);
  });

  it('escapes TEXT values as RFC 5545 says', () => {
    expect(escapeText('a;b,c\\d\r\ne')).toBe('a\\;b\\,c\\\\d\\ne');
  });
});
