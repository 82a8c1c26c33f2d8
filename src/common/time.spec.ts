import { formatInZone, localDay, localToUtc, utcToLocalInput } from './time.js';

describe('time zone helpers', () => {
  it.each([
    ['2026-12-05T09:00', 'Asia/Shanghai', '2026-12-05T01:00:00.000Z'],
    ['2026-12-05T00:30', 'Asia/Shanghai', '2026-12-04T16:30:00.000Z'],
    ['2026-07-01T12:00', 'Europe/Berlin', '2026-07-01T10:00:00.000Z'],
    ['2026-01-01T12:00', 'Europe/Berlin', '2026-01-01T11:00:00.000Z'],
    ['2026-03-01T08:15', 'UTC', '2026-03-01T08:15:00.000Z'],
  ])('reads %s in %s as %s', (local, zone, utc) => {
    expect(localToUtc(local, zone)?.toISOString()).toBe(utc);
  });

  it.each(['2026-02-30T09:00', '2026-12-05 09:00', '2026-12-05T25:00', 'tomorrow'])('rejects %s', (input) => {
    expect(localToUtc(input, 'Asia/Shanghai')).toBeUndefined();
  });

  it('writes the wall time back for a form field', () => {
    const at = new Date('2026-12-04T16:30:00Z');
    expect(utcToLocalInput(at, 'Asia/Shanghai')).toBe('2026-12-05T00:30');
    expect(localDay(at, 'Asia/Shanghai')).toBe('2026-12-05');
    expect(localDay(at, 'UTC')).toBe('2026-12-04');
  });

  it('formats in the event time zone, in Chinese and English', () => {
    const at = new Date('2026-12-04T16:30:00Z');
    expect(formatInZone(at, 'Asia/Shanghai', 'zh-CN', 'datetime')).toBe('2026年12月5日 00:30');
    expect(formatInZone(at, 'Asia/Shanghai', 'en', 'time')).toBe('00:30');
  });
});
