import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AuthService } from '../../src/accounts/auth.service.js';
import { createApp } from '../../src/app.factory.js';
import { loadConfig, type AppConfig } from '../../src/config/app-config.js';
import { DemoLoader } from '../../src/demo/demo-loader.service.js';
import { freshDatabase, type TestDatabase } from './test-database.js';

export const ADMIN = { email: 'admin@test.duijie', password: 'correct-horse-battery' };

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  db: TestDatabase;
  /** Base URL when started with `listen: true`. */
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * The real application on a fresh database, with the first organiser created as at a first start.
 * `listen: true` also opens a port on 127.0.0.1 for real HTTP clients (concurrency tests, the browser).
 */
export async function startTestApp(
  options: { listen?: boolean; demo?: boolean; env?: Record<string, string>; logStream?: NodeJS.WritableStream } = {},
): Promise<TestApp> {
  const db = await freshDatabase();
  const config: AppConfig = {
    ...loadConfig({
      DATA_DIR: db.dataDir,
      LOG_LEVEL: 'silent',
      DEMO_DATA: options.demo ? 'true' : 'false',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      ...options.env,
    }),
    database: db.database,
  };
  let app: NestFastifyApplication;
  try {
    app = await createApp(config, { logStream: options.logStream });
  } catch (error) {
    await db.drop();
    throw error;
  }
  await app.get(AuthService).ensureFirstOrganiser();
  if (options.demo) await app.get(DemoLoader).loadIfEmpty();
  let baseUrl = '';
  if (options.listen) {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.getHttpServer().address();
    baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    config.appUrl = baseUrl;
  }
  return {
    app,
    config,
    db,
    baseUrl,
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}

/** Signs in through the API and answers the bearer header. */
export async function apiLogin(
  app: NestFastifyApplication,
  email = ADMIN.email,
  password = ADMIN.password,
): Promise<{ authorization: string }> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  return { authorization: `Bearer ${res.json<{ accessToken: string }>().accessToken}` };
}

/** A two-day event in Asia/Shanghai, as the API takes it. */
export function twoDayEvent(overrides: Record<string, unknown> = {}) {
  return {
    slug: 'chengdu-2026',
    title: '成都都市圈先进技术成果转化推介活动',
    titleEn: 'Chengdu Metropolitan Area Technology Transfer Promotion',
    // A weekend a year ahead: far enough that registration stays open whenever the suite runs for a good while.
    startsAt: '2027-12-04T09:00:00+08:00',
    endsAt: '2027-12-05T17:30:00+08:00',
    venues: [
      {
        name: '主会场',
        nameEn: 'Main venue',
        kind: 'main',
        rooms: [{ name: '一号厅', nameEn: 'Hall 1', capacity: 300 }],
      },
      { name: '德阳分会场', nameEn: 'Deyang sub-venue', kind: 'sub', rooms: [{ name: '洽谈室', capacity: 40 }] },
    ],
    ...overrides,
  };
}
