import { foldLines } from 'ical-generator';

/** The person an invite is addressed to, and its DTSTAMP: what differs between the invites of one event. */
export interface InviteValues {
  name: string;
  email: string;
  now: Date;
}

/** An invite's content lines: folded text kept as it is, or an unfolded line holding stand-ins (by index). */
type Line = { folded: string } | { template: string };

const MAX_KEYS = 500;
const STAND_IN = /\ue000(\d)\ue001/g;
/**
 * Values that every cleaning and escaping on their way into the calendar leaves as they are (see calendar.ts: line
 * breaks, control characters, quotes, backslashes, ; , : and spaces in addresses) and that fold without surrogates.
 */
// eslint-disable-next-line no-control-regex
const PLAIN_NAME = /^[^\u0000-\u001f\u007f\u0085\u2028\u2029"\\;,:\ud800-\udfff\ue000\ue001]+$/;
// eslint-disable-next-line no-control-regex
const PLAIN_EMAIL = /^[^\s"\\;,:<>\u0000-\u001f\u007f\u0085\u2028\u2029\ud800-\udfff\ue000\ue001]+$/;

/** DTSTAMP as ical-generator writes a UTC time. */
function stamp(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;
}

/** UTF-8 length of one UTF-16 code unit that is not a surrogate. */
const bytes = (code: number) => (code < 0x80 ? 1 : code < 0x800 ? 2 : 3);

/**
 * ical-generator's folding of one line (a break before the octet that would pass 74), for a line without surrogates
 * (its own encodes each character with a new TextEncoder, which costs more than the rest of an invite).
 */
function fold(line: string): string {
  let out = '';
  let length = 0;
  let start = 0;
  for (let i = 0; i < line.length; i++) {
    const size = bytes(line.charCodeAt(i));
    length += size;
    if (length > 74) {
      out += `${line.slice(start, i)}\r\n `;
      start = i;
      length = size;
    }
  }
  return out + line.slice(start);
}

/**
 * The iCalendar invites of one event differ from person to person only in the attendee's name and address and in
 * DTSTAMP: the invite of a `key` (the caller's promise that all else is the same) is built once with stand-ins,
 * and later invites of that key are its lines with the values put in, the changed lines folded again. The result is
 * exactly what `build` gives: the lines are kept only when they give the first invite exactly, and values that some
 * cleaning or escaping would change get the full build.
 */
export class InvitePieces {
  private readonly lines = new Map<string, Line[] | null>();

  invite(key: string, values: InviteValues, build: (values: InviteValues) => string): string {
    if (!PLAIN_NAME.test(values.name) || values.name.trim() !== values.name || !PLAIN_EMAIL.test(values.email))
      return build(values);
    const lines = this.lines.get(key);
    if (lines) return join(lines, values);
    const built = build(values);
    if (lines === null) return built;
    const found = this.split(build({ name: '\ue0000\ue001', email: '\ue0001\ue001', now: values.now }), values.now);
    // Invites of many events over a long run: the oldest keys are dropped first.
    if (this.lines.size >= MAX_KEYS) this.lines.delete(this.lines.keys().next().value!);
    this.lines.set(key, found && join(found, values) === built ? found : null);
    return built;
  }

  private split(withStandIns: string, now: Date): Line[] | null {
    const written = `DTSTAMP:${stamp(now)}`;
    const lines: Line[] = [];
    for (const line of withStandIns.replace(/\r\n /g, '').split('\r\n')) {
      if (line === written) lines.push({ template: 'DTSTAMP:\ue0002\ue001' });
      else if (line.includes('\ue000')) {
        if (/[\ud800-\udfff]/.test(line)) return null;
        lines.push({ template: line });
      } else lines.push({ folded: foldLines(line) });
    }
    return lines;
  }
}

function join(lines: Line[], values: InviteValues): string {
  const by = [values.name, values.email, stamp(values.now)];
  return lines
    .map((line) => ('folded' in line ? line.folded : fold(line.template.replace(STAND_IN, (_, i: string) => by[+i]))))
    .join('\r\n');
}
