import ICAL from 'ical.js';
import { buildCalendar, calendarUid, type CalendarItem } from './calendar.js';

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
