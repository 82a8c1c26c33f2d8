/** Times are stored in UTC and shown in the event's time zone. These helpers convert between the two. */

const LOCAL_INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

// Intl formatters are expensive to build and V8 keeps their ICU data outside the JS heap: building one per call
// grew a busy process by hundreds of MB. They are cached per zone, locale and style (a handful in practice).
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(key: string, locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let cached = formatters.get(key);
  if (!cached) {
    cached = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, cached);
  }
  return cached;
}

function offsetMinutes(at: Date, timeZone: string): number {
  const parts = formatter(`offset|${timeZone}`, 'en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60000);
}

/** "2026-12-05T09:00" read as wall time in `timeZone` → the UTC instant; undefined if malformed. */
export function localToUtc(local: string, timeZone: string): Date | undefined {
  const m = LOCAL_INPUT.exec(local.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number);
  const wall = Date.UTC(y, mo - 1, d, h, mi, s || 0);
  const check = new Date(wall);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59) return undefined;
  // Two passes settle the offset across DST changes (none in Asia/Shanghai, but other zones have them).
  let guess = wall - offsetMinutes(new Date(wall), timeZone) * 60000;
  guess = wall - offsetMinutes(new Date(guess), timeZone) * 60000;
  return new Date(guess);
}

/** The UTC instant as "YYYY-MM-DDTHH:mm" wall time in `timeZone` (the value of a datetime-local input). */
export function utcToLocalInput(at: Date, timeZone: string): string {
  const shifted = new Date(at.getTime() + offsetMinutes(at, timeZone) * 60000);
  return shifted.toISOString().slice(0, 16);
}

/** The calendar day ("YYYY-MM-DD") of an instant in `timeZone`. */
export function localDay(at: Date, timeZone: string): string {
  return utcToLocalInput(at, timeZone).slice(0, 10);
}

export function isValidTimeZone(timeZone: string): boolean {
  if (formatters.has(`offset|${timeZone}`)) return true;
  try {
    offsetMinutes(new Date(), timeZone);
    return true;
  } catch {
    return false;
  }
}

export type DateStyle = 'date' | 'time' | 'datetime' | 'weekday-date' | 'iso';

export function formatInZone(at: Date, timeZone: string, locale: string, style: DateStyle): string {
  if (style === 'iso') return at.toISOString();
  const options: Intl.DateTimeFormatOptions = { timeZone, hourCycle: 'h23' };
  switch (style) {
    case 'date':
      Object.assign(options, { year: 'numeric', month: 'long', day: 'numeric' });
      break;
    case 'weekday-date':
      Object.assign(options, { year: 'numeric', month: 'long', day: 'numeric', weekday: 'short' });
      break;
    case 'time':
      Object.assign(options, { hour: '2-digit', minute: '2-digit' });
      break;
    case 'datetime':
      Object.assign(options, { year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit' });
      break;
  }
  return formatter(`${style}|${timeZone}|${locale}`, locale, options).format(at);
}
