import { Database } from '../../../src/database/database.service.js';
import { ManageLinks } from '../../../src/registration/manage-links.service.js';
import type { TestApp } from '../test-app.js';

/** A path parameter's value: for a route pattern matching `when` (any route when absent), the parameter `param`. */
interface Rule {
  when?: RegExp;
  param: string;
  value: string;
}

/**
 * Real ids for path parameters, so that fuzzed requests reach the handlers instead of stopping at a 404: rows of the
 * first demo event found in the database. Rules are tried in order (route-specific first), then a parameter with no
 * rule gets "1" — the first demo row of most tables, which is what a module merged later gets until it adds a rule.
 */
export class Fixtures {
  private constructor(private readonly rules: Rule[]) {}

  static async load(t: TestApp): Promise<Fixtures> {
    const ds = t.app.get(Database).dataSource;
    const one = async (sql: string, params: unknown[] = []): Promise<string> => {
      const rows: { id: number | string }[] = await ds.query(sql, params);
      return rows.length ? String(rows[0].id) : '1';
    };
    const q = (sql: string) => (ds.options.type === 'postgres' ? sql : sql.replace(/\$\d+/g, '?'));
    const event = await one(`SELECT id FROM events ORDER BY id LIMIT 1`);
    const ofEvent = (table: string) =>
      one(q(`SELECT id FROM ${table} WHERE "eventId" = $1 ORDER BY id LIMIT 1`), [event]);
    const registration = await one(
      q(`SELECT id FROM registrations WHERE "eventId" = $1 AND status = 'confirmed' ORDER BY id LIMIT 1`),
      [event],
    );
    const meetingSession = await ofEvent('meeting_sessions');
    const inMeetings = (table: string) =>
      one(q(`SELECT id FROM ${table} WHERE "meetingSessionId" = $1 ORDER BY id LIMIT 1`), [meetingSession]).catch(
        () => '1',
      );
    const links = t.app.get(ManageLinks);
    const linkVersion: { linkVersion: number }[] = await ds.query(
      q(`SELECT "linkVersion" FROM registrations WHERE id = $1`),
      [registration],
    );
    const token = await links.token({ id: Number(registration), linkVersion: linkVersion[0]?.linkVersion ?? 1 });
    const slug: { slug: string }[] = await ds.query(q(`SELECT slug FROM events WHERE id = $1`), [event]);
    const staff = await one(`SELECT id FROM users WHERE role <> 'organiser' ORDER BY id LIMIT 1`);
    const venue = await ofEvent('venues');
    const rules: Rule[] = [
      { when: /^\/api\/events\/:id(\/|$)/, param: 'id', value: event },
      { when: /^\/api\/registrations\/:id/, param: 'id', value: registration },
      { when: /^\/api\/users\/:id/, param: 'id', value: staff },
      {
        when: /meetings\/sessions\/:sessionId|meeting-sessions\/:sessionId/,
        param: 'sessionId',
        value: meetingSession,
      },
      { when: /^\/console\/events\/:id\/meetings/, param: 'sessionId', value: meetingSession },
      { param: 'eventId', value: event },
      { param: 'id', value: event },
      { param: 'registrationId', value: registration },
      {
        param: 'sessionId',
        value: await one(q(`SELECT id FROM agenda_sessions WHERE "eventId" = $1 ORDER BY id LIMIT 1`), [event]),
      },
      { param: 'categoryId', value: await ofEvent('attendee_categories') },
      { param: 'questionId', value: await ofEvent('registration_questions') },
      { param: 'venueId', value: venue },
      {
        param: 'roomId',
        value: await one(q(`SELECT id FROM rooms WHERE "venueId" = $1 ORDER BY id LIMIT 1`), [venue]),
      },
      { param: 'zoneId', value: await ofEvent('exhibition_zones') },
      { param: 'listId', value: await ofEvent('check_in_lists') },
      { param: 'deviceId', value: await ofEvent('check_in_devices') },
      { param: 'messageId', value: await one(`SELECT id FROM outbox_messages ORDER BY id LIMIT 1`) },
      {
        param: 'organisationId',
        value: await one(q(`SELECT "organisationId" AS id FROM event_organisations WHERE "eventId" = $1 LIMIT 1`), [
          event,
        ]),
      },
      { param: 'requestId', value: await inMeetings('meeting_requests') },
      { param: 'meetingId', value: await inMeetings('meetings') },
      { param: 'participantId', value: await inMeetings('meeting_participants') },
      { param: 'version', value: '1' },
      { param: 'token', value: token },
      { param: 'slug', value: slug[0]?.slug ?? 'chengdu-metro' },
      { param: 'library', value: 'achievements' },
      { param: 'role', value: 'host' },
      { param: 'jobId', value: 'no-such-job' },
      { param: 'action', value: 'enable' },
    ];
    return new Fixtures(rules);
  }

  value(path: string, param: string): string {
    return this.rules.find((r) => r.param === param && (!r.when || r.when.test(path)))?.value ?? '1';
  }
}
