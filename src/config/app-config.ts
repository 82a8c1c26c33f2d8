import { accessSync, constants } from 'node:fs';
import { resolve } from 'node:path';

/**
 * The whole configuration of Duijie, read once from the environment and validated at boot.
 * Every variable is documented here and in the README; each has a safe default for the embedded setup.
 */
export interface AppConfig {
  port: number;
  host: string;
  appUrl: string;
  database: { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };
  dataDir: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  mailWorker: boolean;
  /** How often the mail worker looks for due messages. */
  mailPollMs: number;
  /** How long a worker holds a message it is sending; a crashed worker's messages return after this. */
  mailLeaseSeconds: number;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  demoData: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'silent';
  cookieSecure: boolean;
  trustProxy: boolean;
  rateLimitScale: number;
  /** PEM files for serving HTTPS directly (phone cameras need a secure origin); absent: plain HTTP. */
  tls: { certFile: string; keyFile: string } | undefined;
  /**
   * Checks that help while developing and cost in production (`NODE_ENV` other than `production`): a transaction
   * started inside another fails at once (see `DatabaseOptions.guardNesting`).
   */
  developmentChecks: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

type Env = Record<string, string | undefined>;

/** The documented variables, in README order. */
export const CONFIG_VARIABLES = [
  ['PORT', 'HTTP port', '3000'],
  ['HOST', 'Interface to listen on', '0.0.0.0'],
  ['APP_URL', 'Public base URL used in emails and QR links', 'http://localhost:$PORT'],
  ['DATABASE_URL', 'postgres://… for PostgreSQL; absent for the SQLite file data/duijie.sqlite', '(SQLite)'],
  ['DATA_DIR', 'Folder for the SQLite file, mail files, attachments and generated keys', './data'],
  ['SMTP_URL', 'smtp:// or smtps:// URL of the mail server; absent: .eml files under data/mail/', '(files)'],
  ['MAIL_FROM', 'Sender of all emails', 'Duijie <no-reply@APP_URL host>'],
  ['MAIL_WORKER', 'Run the mail sender in this process (true/false); false for web-only instances', 'true'],
  ['MAIL_POLL_MS', 'How often the mail worker looks for due messages, in milliseconds', '1000'],
  [
    'MAIL_LEASE_SECONDS',
    "How long a worker holds a message it is sending; a crashed worker's messages return after this",
    '120',
  ],
  ['ADMIN_EMAIL', 'Email of the first organiser, created when none exists', 'admin@duijie.local'],
  [
    'ADMIN_PASSWORD',
    'Password of the first organiser (at least 10 characters); absent: a random one is logged once',
    '(random)',
  ],
  ['DEMO_DATA', 'Load the demo events into an empty database (true/false)', 'true'],
  ['LOG_LEVEL', 'fatal, error, warn, info, debug or silent', 'info'],
  ['COOKIE_SECURE', 'Send cookies over HTTPS only (true/false)', 'true when APP_URL is https'],
  ['RATE_LIMIT_SCALE', 'Multiplies every per-address rate limit (e.g. 10 for a load test; 0 turns them off)', '1'],
  ['TRUST_PROXY', 'Trust X-Forwarded-* headers from a reverse proxy (true/false)', 'false'],
  ['TLS_CERT_FILE', 'PEM certificate (chain) to serve HTTPS directly; give with TLS_KEY_FILE', '(plain HTTP)'],
  ['TLS_KEY_FILE', 'PEM private key of TLS_CERT_FILE', '(plain HTTP)'],
  [
    'NODE_ENV',
    'production turns off development checks (a transaction started inside another fails at once)',
    '(checks on)',
  ],
] as const;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'silent'] as const;

export function loadConfig(env: Env = process.env): AppConfig {
  const problems: string[] = [];

  const bool = (name: string, fallback: boolean): boolean => {
    const raw = env[name]?.trim().toLowerCase();
    if (raw === undefined || raw === '') return fallback;
    if (['true', '1', 'yes', 'on'].includes(raw)) return true;
    if (['false', '0', 'no', 'off'].includes(raw)) return false;
    problems.push(`${name} must be true or false (got "${env[name]}")`);
    return fallback;
  };

  const portRaw = env.PORT?.trim() || '3000';
  const port = Number(portRaw);
  if (!/^\d+$/.test(portRaw) || port < 0 || port > 65535) {
    problems.push(`PORT must be a whole number from 0 to 65535 (got "${env.PORT}")`);
  }

  const certFile = env.TLS_CERT_FILE?.trim() || undefined;
  const keyFile = env.TLS_KEY_FILE?.trim() || undefined;
  let tls: AppConfig['tls'];
  if (Boolean(certFile) !== Boolean(keyFile)) problems.push('TLS_CERT_FILE and TLS_KEY_FILE must be given together');
  else if (certFile && keyFile) {
    tls = { certFile: resolve(certFile), keyFile: resolve(keyFile) };
    for (const [name, file] of [
      ['TLS_CERT_FILE', tls.certFile],
      ['TLS_KEY_FILE', tls.keyFile],
    ]) {
      try {
        accessSync(file, constants.R_OK);
      } catch {
        problems.push(`${name} must name a readable file (got "${file}")`);
      }
    }
  }

  const appUrlRaw =
    env.APP_URL?.trim() || `${tls ? 'https' : 'http'}://localhost:${Number.isInteger(port) ? port : 3000}`;
  let appUrl = appUrlRaw.replace(/\/+$/, '');
  try {
    const parsed = new URL(appUrl);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('protocol');
  } catch {
    problems.push(`APP_URL must be an http:// or https:// URL (got "${env.APP_URL}")`);
    appUrl = `http://localhost:${port}`;
  }

  const dataDir = resolve(env.DATA_DIR?.trim() || 'data');
  let database: AppConfig['database'] = { kind: 'sqlite', path: resolve(dataDir, 'duijie.sqlite') };
  const dbUrl = env.DATABASE_URL?.trim();
  if (dbUrl) {
    if (/^postgres(ql)?:\/\//.test(dbUrl)) database = { kind: 'postgres', url: dbUrl };
    else if (dbUrl.startsWith('sqlite:')) database = { kind: 'sqlite', path: resolve(dbUrl.slice('sqlite:'.length)) };
    else problems.push('DATABASE_URL must start with postgres://, postgresql:// or sqlite: (value not shown)');
  }

  const smtpUrl = env.SMTP_URL?.trim() || undefined;
  if (smtpUrl && !/^smtps?:\/\//.test(smtpUrl))
    problems.push('SMTP_URL must start with smtp:// or smtps:// (value not shown)');

  const mailFrom =
    env.MAIL_FROM?.trim() || `Duijie <no-reply@${URL.canParse(appUrl) ? new URL(appUrl).hostname : 'localhost'}>`;
  if (!/@/.test(mailFrom)) problems.push('MAIL_FROM must contain an email address');

  const adminEmail = env.ADMIN_EMAIL?.trim() || undefined;
  if (adminEmail && !/^[^\s@]+@[^\s@]+$/.test(adminEmail)) problems.push('ADMIN_EMAIL must be an email address');
  const adminPassword = env.ADMIN_PASSWORD || undefined;
  if (adminPassword !== undefined && adminPassword.length < 10) {
    problems.push('ADMIN_PASSWORD must be at least 10 characters long');
  }

  const logLevelRaw = (env.LOG_LEVEL?.trim().toLowerCase() || 'info') as AppConfig['logLevel'];
  if (!LOG_LEVELS.includes(logLevelRaw))
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${env.LOG_LEVEL}")`);

  const wholeNumber = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got "${env[name]}")`);
      return fallback;
    }
    return value;
  };
  const mailPollMs = wholeNumber('MAIL_POLL_MS', 1000, 10, 3_600_000);
  const mailLeaseSeconds = wholeNumber('MAIL_LEASE_SECONDS', 120, 1, 86_400);

  const scaleRaw = env.RATE_LIMIT_SCALE?.trim() || '1';
  const rateLimitScale = Number(scaleRaw);
  if (!/^\d+(\.\d+)?$/.test(scaleRaw))
    problems.push(`RATE_LIMIT_SCALE must be a number of 0 or more (got "${env.RATE_LIMIT_SCALE}")`);

  const config: AppConfig = {
    port,
    host: env.HOST?.trim() || '0.0.0.0',
    appUrl,
    database,
    dataDir,
    smtpUrl,
    mailFrom,
    mailWorker: bool('MAIL_WORKER', true),
    mailPollMs,
    mailLeaseSeconds,
    adminEmail,
    adminPassword,
    demoData: bool('DEMO_DATA', true),
    logLevel: LOG_LEVELS.includes(logLevelRaw) ? logLevelRaw : 'info',
    cookieSecure: bool('COOKIE_SECURE', appUrl.startsWith('https:')),
    trustProxy: bool('TRUST_PROXY', false),
    rateLimitScale: Number.isFinite(rateLimitScale) ? rateLimitScale : 1,
    tls,
    developmentChecks: env.NODE_ENV?.trim() !== 'production',
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** Injection token for the validated configuration. */
export const APP_CONFIG = Symbol('APP_CONFIG');
