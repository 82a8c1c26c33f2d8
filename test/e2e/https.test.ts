import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { loadConfig } from '../../src/config/app-config.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** A self-signed certificate for 127.0.0.1, made for this test with openssl. */
function selfSigned(dir: string): { cert: string; key: string } {
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  return { cert, key };
}

function get(url: string, ca: Buffer): Promise<{ status: number; body: string; secure: boolean; cookies: string[] }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca }, (res) => {
      const secure = Boolean((res.socket as TLSSocket | null)?.encrypted);
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString('utf8'),
          secure,
          cookies: res.headers['set-cookie'] ?? [],
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('HTTPS served by the app itself', () => {
  let dir: string;
  let files: { cert: string; key: string };
  let t: TestApp;
  let origin: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'duijie-tls-'));
    files = selfSigned(dir);
    t = await startTestApp({ listen: true, env: { TLS_CERT_FILE: files.cert, TLS_KEY_FILE: files.key } });
    origin = t.baseUrl.replace('http://', 'https://');
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers over TLS with the given certificate, with secure cookies', async () => {
    const res = await get(`${origin}/health`, readFileSync(files.cert));
    expect([res.status, res.secure, JSON.parse(res.body)]).toEqual([200, true, { status: 'ok' }]);
    const page = await get(`${origin}/login`, readFileSync(files.cert));
    expect(page.status).toBe(200);
    expect(page.cookies.find((c) => c.startsWith('duijie_csrf='))).toContain('Secure');
  });

  it('refuses plain HTTP on the same port', async () => {
    const plain = await fetch(`${t.baseUrl}/health`).then(
      (r) => r.status,
      () => 'refused',
    );
    expect(plain).not.toBe(200);
  });

  it('defaults APP_URL to https and needs both files, readable', () => {
    expect(loadConfig({ TLS_CERT_FILE: files.cert, TLS_KEY_FILE: files.key })).toMatchObject({
      appUrl: 'https://localhost:3000',
      cookieSecure: true,
      tls: { certFile: files.cert, keyFile: files.key },
    });
    expect(loadConfig({}).tls).toBeUndefined();
    expect(() => loadConfig({ TLS_CERT_FILE: files.cert })).toThrow(
      'TLS_CERT_FILE and TLS_KEY_FILE must be given together',
    );
    expect(() => loadConfig({ TLS_CERT_FILE: files.cert, TLS_KEY_FILE: join(dir, 'missing.pem') })).toThrow(
      `TLS_KEY_FILE must name a readable file (got "${join(dir, 'missing.pem')}")`,
    );
  });
});
