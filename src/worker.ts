/**
 * The mail worker on its own: `npm run worker` (node dist/src/worker.js) sends the outbox without serving HTTP, so
 * web and mail scale separately (web instances with MAIL_WORKER=false, one or more of these). Configuration comes
 * from the same environment variables as the web process; MAIL_WORKER is forced on. SIGTERM or SIGINT finishes
 * the messages in hand, closes the SMTP pool and the database, and exits 0; a message claimed but not finished when
 * the process dies is sent again once its lease (MAIL_LEASE_SECONDS) expires.
 */
import 'reflect-metadata';
import { ConsoleLogger, Logger, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { join } from 'node:path';
import { ConfigError, loadConfig, type AppConfig } from './config/app-config.js';
import { MailWorker } from './mail/mail-worker.service.js';
import { WorkerModule } from './worker.module.js';

const NEST_LEVELS: Record<AppConfig['logLevel'], LogLevel[]> = {
  fatal: ['fatal'],
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  info: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
  silent: [],
};

let config: AppConfig;
try {
  config = { ...loadConfig(), mailWorker: true };
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const levels = NEST_LEVELS[config.logLevel];
const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
  logger: levels.length ? new ConsoleLogger({ logLevels: levels }) : false,
});
// The worker's own timer is unref'd (in the web process the HTTP server keeps the process alive): hold it open here.
const keepAlive = setInterval(() => undefined, 1 << 30);
const logger = new Logger('Worker');
const where = config.database.kind === 'sqlite' ? `SQLite ${config.database.path}` : 'PostgreSQL';
const via = config.smtpUrl
  ? `SMTP ${new URL(config.smtpUrl).host}`
  : `.eml files under ${join(config.dataDir, 'mail')}`;
const { leaseMs, pollMs } = app.get(MailWorker).options;
logger.log(
  `Mail worker running (database: ${where}; sending via ${via}; poll ${pollMs} ms, lease ${leaseMs / 1000} s)`,
);

let stopping = false;
async function shutdown(signal: NodeJS.Signals): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.log(`${signal}: finishing the messages in hand, then stopping`);
  try {
    await app.close();
  } catch (error) {
    console.error(error);
    process.exitCode = 1;
  } finally {
    clearInterval(keepAlive);
    // Whatever a library leaves open must not keep a stopped worker around.
    setTimeout(() => process.exit(), 5000).unref();
  }
}
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void shutdown(signal));
