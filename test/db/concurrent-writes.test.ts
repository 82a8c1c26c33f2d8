import { apiLogin, startTestApp, type TestApp } from '../support/test-app.js';

describe(`concurrent writes on ${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'SQLite'}`, () => {
  let t: TestApp;
  let auth: { authorization: string };

  beforeAll(async () => {
    t = await startTestApp({ listen: true });
    auth = await apiLogin(t.app);
  });
  afterAll(() => t.close());

  it('finishes 200 simultaneous write requests over HTTP with no error and nothing lost', async () => {
    const headers = { ...auth, 'content-type': 'application/json' };
    const event = (await (
      await fetch(`${t.baseUrl}/api/events`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          slug: 'busy',
          title: '并发写入',
          startsAt: '2026-12-05T09:00:00+08:00',
          endsAt: '2026-12-05T17:00:00+08:00',
        }),
      })
    ).json()) as { id: number };
    // Each request is a multi-statement transaction: organisations, venues with rooms, zones, event updates.
    const requests = Array.from({ length: 200 }, (_, i) => {
      switch (i % 4) {
        case 0:
          return { url: '/api/organisations', method: 'POST', body: { name: `机构${i}`, kind: 'enterprise' } };
        case 1:
          return {
            url: `/api/events/${event.id}/venues`,
            method: 'POST',
            body: { name: `分会场${i}`, kind: 'sub', rooms: [{ name: `厅${i}`, capacity: i + 1 }] },
          };
        case 2:
          return { url: `/api/events/${event.id}/zones`, method: 'POST', body: { name: `展区${i}` } };
        default:
          return { url: `/api/events/${event.id}`, method: 'PATCH', body: { theme: `主题${i}` } };
      }
    });
    const statuses = await Promise.all(
      requests.map(async (r) => {
        const res = await fetch(`${t.baseUrl}${r.url}`, { method: r.method, headers, body: JSON.stringify(r.body) });
        return res.status;
      }),
    );
    const tally = statuses.reduce<Record<number, number>>((acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }), {});
    expect(tally).toEqual({ 200: 50, 201: 150 });

    const details = (await (await fetch(`${t.baseUrl}/api/events/${event.id}`, { headers })).json()) as {
      venues: { rooms: unknown[] }[];
      zones: unknown[];
    };
    expect(details.venues).toHaveLength(50);
    expect(details.venues.every((v) => v.rooms.length === 1)).toBe(true);
    expect(details.zones).toHaveLength(50);
    const organisations = (await (
      await fetch(`${t.baseUrl}/api/organisations?q=机构`, { headers })
    ).json()) as unknown[];
    expect(organisations).toHaveLength(50);
  });
});
