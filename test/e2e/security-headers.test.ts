import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { TEMPLATES_DIR } from '../../src/common/paths.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

function directives(csp: string | undefined): Record<string, string> {
  return Object.fromEntries(
    (csp ?? '')
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]),
  );
}

describe('security headers', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('sends a Content-Security-Policy without inline scripts, and the other headers, on a page', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/login' });
    expect(res.statusCode).toBe(200);
    expect(directives(res.headers['content-security-policy'] as string)).toEqual({
      'default-src': "'self'",
      'base-uri': "'self'",
      'form-action': "'self'",
      'frame-ancestors': "'none'",
      'object-src': "'none'",
      'script-src': "'self'",
      'script-src-attr': "'none'",
      'style-src': "'self' 'unsafe-inline'",
      'img-src': "'self' data: blob:",
      'font-src': "'self' data:",
      'connect-src': "'self'",
      'worker-src': "'self'",
      'manifest-src': "'self'",
    });
    expect(res.headers).toMatchObject({
      'x-frame-options': 'DENY',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'same-origin',
      'cross-origin-opener-policy': 'same-origin',
    });
    expect(res.headers['permissions-policy']).toContain('camera=(self)');
    // Plain HTTP (COOKIE_SECURE off): no HSTS, no upgrade of requests.
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('sends the same headers on API answers, errors included', async () => {
    for (const url of ['/api/events', '/api/events/999999']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
    }
  });

  it('adds HSTS and upgrade-insecure-requests when cookies are HTTPS-only', async () => {
    const secure = await startTestApp({ env: { COOKIE_SECURE: 'true' } });
    try {
      const res = await secure.app.inject({ method: 'GET', url: '/login' });
      expect(res.headers['strict-transport-security']).toMatch(/^max-age=\d+/);
      expect(res.headers['content-security-policy']).toContain('upgrade-insecure-requests');
    } finally {
      await secure.close();
    }
  });
});

describe('templates under the Content-Security-Policy', () => {
  function* templates(dir: string): Generator<string> {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) yield* templates(path);
      else if (name.endsWith('.hbs') && !path.includes(`${join(TEMPLATES_DIR, 'emails')}`)) yield path;
    }
  }

  it('have no inline script and no event-handler attribute (the policy would block them)', () => {
    const problems: string[] = [];
    for (const file of templates(TEMPLATES_DIR)) {
      const text = readFileSync(file, 'utf8');
      for (const [tag] of text.matchAll(/<script\b[^>]*>/gi)) {
        if (!/\bsrc=/.test(tag) && !/type="application\/json"/.test(tag)) problems.push(`${file}: ${tag}`);
      }
      for (const [attr] of text.matchAll(/\son[a-z]+\s*=/gi)) problems.push(`${file}: ${attr.trim()}`);
      if (/href="javascript:/i.test(text)) problems.push(`${file}: javascript: URL`);
    }
    expect(problems).toEqual([]);
  });
});
