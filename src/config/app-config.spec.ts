import { resolve } from 'node:path';
import { ConfigError, loadConfig } from './app-config.js';

describe('loadConfig', () => {
  it('defaults to the embedded setup: port 3000, SQLite under data/, mail files, demo data on', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      appUrl: 'http://localhost:3000',
      database: { kind: 'sqlite', path: resolve('data', 'duijie.sqlite') },
      smtpUrl: undefined,
      demoData: true,
      cookieSecure: false,
      developmentChecks: true,
    });
  });

  it('turns the development checks off with NODE_ENV=production only', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).developmentChecks).toBe(false);
    expect(loadConfig({ NODE_ENV: 'test' }).developmentChecks).toBe(true);
    expect(loadConfig({ NODE_ENV: 'development' }).developmentChecks).toBe(true);
  });

  it('reads PostgreSQL from DATABASE_URL and secure cookies from an https APP_URL', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://u@db:5432/duijie',
      APP_URL: 'https://duijie.example.cn/',
      DEMO_DATA: 'false',
    });
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://u@db:5432/duijie' });
    expect(config.appUrl).toBe('https://duijie.example.cn');
    expect(config.cookieSecure).toBe(true);
    expect(config.demoData).toBe(false);
  });

  it('lists every problem at once with the variable and the reason, and never echoes secrets', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        APP_URL: 'ftp://x',
        DATABASE_URL: 'mysql://root:secret@x/db',
        ADMIN_PASSWORD: 'short',
        DEMO_DATA: 'maybe',
        SMTP_URL: 'http://mail',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toEqual([
      'PORT must be a whole number from 0 to 65535 (got "eighty")',
      'APP_URL must be an http:// or https:// URL (got "ftp://x")',
      'DATABASE_URL must start with postgres://, postgresql:// or sqlite: (value not shown)',
      'SMTP_URL must start with smtp:// or smtps:// (value not shown)',
      'ADMIN_PASSWORD must be at least 10 characters long',
      'DEMO_DATA must be true or false (got "maybe")',
    ]);
    expect((error as Error).message).not.toContain('secret');
  });

  it("reads the mail worker's poll interval and lease, with defaults and validation", () => {
    expect(loadConfig({})).toMatchObject({ mailPollMs: 1000, mailLeaseSeconds: 120 });
    expect(loadConfig({ MAIL_POLL_MS: '50', MAIL_LEASE_SECONDS: '2' })).toMatchObject({
      mailPollMs: 50,
      mailLeaseSeconds: 2,
    });
    expect(() => loadConfig({ MAIL_POLL_MS: 'soon', MAIL_LEASE_SECONDS: '0' })).toThrow(
      new ConfigError([
        'MAIL_POLL_MS must be a whole number from 10 to 3600000 (got "soon")',
        'MAIL_LEASE_SECONDS must be a whole number from 1 to 86400 (got "0")',
      ]),
    );
  });
});
