import { eventDays, scanTime } from './scan-time.js';

const event = {
  startsAt: new Date('2026-12-04T01:00:00Z'), // 09:00 in Shanghai
  endsAt: new Date('2026-12-05T09:30:00Z'), // 17:30 in Shanghai
  timezone: 'Asia/Shanghai',
};
const days = eventDays(event);

describe('the time of a scan', () => {
  it('spans the event’s local days: midnight of the first to midnight after the last, in its zone', () => {
    expect(days).toEqual({ from: new Date('2026-12-03T16:00:00Z'), to: new Date('2026-12-05T16:00:00Z') });
  });

  const now = new Date('2026-12-05T02:00:00Z');
  it.each([
    ['no time given', undefined, now, null],
    ['a time earlier that day', new Date('2026-12-05T01:00:00Z'), new Date('2026-12-05T01:00:00Z'), null],
    ['the first minute of the first day', new Date('2026-12-03T16:00:00Z'), new Date('2026-12-03T16:00:00Z'), null],
    ['a time a little ahead of the server (clock skew)', new Date('2026-12-05T02:04:00Z'), now, null],
    ['1970', new Date(0), now, new Date(0)],
    ['the day before the event', new Date('2026-12-03T15:59:59Z'), now, new Date('2026-12-03T15:59:59Z')],
    ['the day after the event', new Date('2026-12-05T16:00:00Z'), now, new Date('2026-12-05T16:00:00Z')],
    ['an hour ahead of the server', new Date('2026-12-05T03:00:00Z'), now, new Date('2026-12-05T03:00:00Z')],
  ])('%s', (_, claimed, at, kept) => {
    expect(scanTime(claimed, now, days)).toEqual({ at, claimed: kept });
  });
});
