import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { AppConfig } from '../config/app-config.js';

/** Connections of the SMTP pool; the worker keeps twice as many sends in flight. */
export const MAIL_POOL_CONNECTIONS = 4;

export interface MailTransport {
  send(message: SendMailOptions): Promise<void>;
  close(): void;
}

/** Pooled SMTP when SMTP_URL is set; otherwise each message is written as an .eml file under data/mail/. */
export function createMailTransport(config: AppConfig): MailTransport {
  if (config.smtpUrl) {
    const url = new URL(config.smtpUrl);
    const transporter: Transporter = nodemailer.createTransport({
      pool: true,
      maxConnections: MAIL_POOL_CONNECTIONS,
      host: url.hostname,
      port: url.port ? Number(url.port) : url.protocol === 'smtps:' ? 465 : 25,
      secure: url.protocol === 'smtps:',
      auth: url.username
        ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) }
        : undefined,
      // A local relay without a certificate is common at venues; opportunistic STARTTLS, not required.
      ignoreTLS: url.searchParams.get('tls') === 'off',
      tls: { rejectUnauthorized: url.searchParams.get('tls') !== 'insecure' },
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
    return {
      send: async (message) => {
        // Built in memory first (the same composer the pool would use), then handed over whole: the pool writes it to
        // the socket in a few large writes instead of one per encoded line, which had cost a third of the sender's CPU.
        const mime = new MailComposer(message).compile();
        const raw = await mime.build();
        await transporter.sendMail({ envelope: mime.getEnvelope(), raw });
      },
      close: () => transporter.close(),
    };
  }
  const dir = join(config.dataDir, 'mail');
  mkdirSync(dir, { recursive: true });
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    send: async (message) => {
      const info = await transporter.sendMail(message);
      const id = String(message.messageId ?? Date.now()).replace(/[^\w.@-]/g, '');
      writeFileSync(join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${id}.eml`), info.message as Buffer);
    },
    close: () => transporter.close(),
  };
}

/** Temporary failures (4xx, network) are retried; permanent ones (5xx, bad addresses) are not. */
export function isPermanentFailure(error: unknown): boolean {
  const e = error as { responseCode?: number; code?: string };
  if (typeof e?.responseCode === 'number') return e.responseCode >= 500;
  return e?.code === 'EENVELOPE' || e?.code === 'EMESSAGE';
}
