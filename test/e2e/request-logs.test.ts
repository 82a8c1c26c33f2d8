import { Writable } from 'node:stream';
import { ADMIN, apiLogin, startTestApp, type TestApp } from '../support/test-app.js';

describe('request logs', () => {
  let t: TestApp;
  const lines: string[] = [];

  beforeAll(async () => {
    const logStream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    t = await startTestApp({ env: { LOG_LEVEL: 'info' }, logStream });
  });
  afterAll(() => t.close());

  it('are JSON lines with the route pattern, status and duration, and no personal data or tokens', async () => {
    const auth = await apiLogin(t.app);
    await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'zhang.san@example.cn', password: 'not-the-password' },
    });
    const invite = await t.app.inject({
      method: 'POST',
      url: '/api/users/invitations',
      headers: auth,
      payload: { email: 'li.si@example.cn', name: '李四', role: 'organiser' },
    });
    const token = new URL(invite.json().url).pathname.split('/').pop()!;
    await t.app.inject({ method: 'GET', url: `/invitations/${token}?email=li.si@example.cn` });

    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const requests = records.filter((r) => r.msg === 'request');
    expect(requests.map((r) => [r.method, r.route, r.status])).toEqual([
      ['POST', '/api/auth/login', 200],
      ['POST', '/api/auth/login', 401],
      ['POST', '/api/users/invitations', 201],
      ['GET', '/invitations/:token', 200],
    ]);
    expect(requests.every((r) => typeof r.ms === 'number')).toBe(true);
    const everything = lines.join('\n');
    for (const secret of [
      ADMIN.email,
      ADMIN.password,
      'zhang.san',
      'li.si',
      '李四',
      'not-the-password',
      token,
      auth.authorization.slice(7),
    ]) {
      expect(everything).not.toContain(secret);
    }
  });
});
