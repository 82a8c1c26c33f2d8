import { Browser } from '../support/browser.js';
import { ADMIN, startTestApp, type TestApp } from '../support/test-app.js';

describe('failed sign-ins', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { TRUST_PROXY: 'true' } });
  });
  afterAll(() => t.close());

  const login = (from: string, password: string, email = ADMIN.email) =>
    t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'x-forwarded-for': from },
      payload: { email, password },
    });

  it('slow down the address that sent them, never the account: the right password from elsewhere gets in', async () => {
    for (let i = 0; i < 10; i++) expect((await login('203.0.113.10', `wrong-${i}`)).statusCode).toBe(401);
    // From the same address the account now waits, with the right password too (the address was never known).
    for (const password of ['wrong-10', ADMIN.password]) {
      const refused = await login('203.0.113.10', password);
      expect(refused.statusCode).toBe(429);
      expect(refused.json()).toMatchObject({ error: 'too_many_attempts' });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
    }
    // The owner, from another address, signs in at once.
    const owner = await login('198.51.100.20', ADMIN.password);
    expect(owner.statusCode).toBe(200);
    expect(owner.json()).toMatchObject({ user: { email: ADMIN.email } });
    // Other accounts from the first address are not held up by this account's failures.
    expect((await login('203.0.113.10', 'whatever', 'someone@test.duijie')).statusCode).toBe(401);
  });

  it('let the correct password through from an address the account signed in from before', async () => {
    expect((await login('198.51.100.30', ADMIN.password)).statusCode).toBe(200);
    for (let i = 0; i < 10; i++) expect((await login('198.51.100.30', `wrong-${i}`)).statusCode).toBe(401);
    expect((await login('198.51.100.30', 'wrong-again')).statusCode).toBe(429);
    expect((await login('198.51.100.30', ADMIN.password)).statusCode).toBe(200);
  });

  it('show the wait on the sign-in page, in Chinese by default', async () => {
    const b = new Browser(t.app);
    await b.get('/login');
    const token = await b.csrfToken();
    const form = (password: string) =>
      t.app.inject({
        method: 'POST',
        url: '/login',
        cookies: b.cookies,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '192.0.2.40' },
        payload: new URLSearchParams({ email: ADMIN.email, password, _csrf: token }).toString(),
      });
    for (let i = 0; i < 10; i++) expect((await form(`wrong-${i}`)).statusCode).toBe(401);
    const page = await form(ADMIN.password);
    expect(page.statusCode).toBe(429);
    expect(page.headers['content-type']).toContain('text/html');
    expect(Number(page.headers['retry-after'])).toBeGreaterThan(0);
    expect(page.body).toContain('登录失败次数过多，请稍后再试。');
  });
});
