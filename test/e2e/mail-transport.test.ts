import nodemailer, { type SendMailOptions } from 'nodemailer';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/app-config.js';
import { createMailTransport } from '../../src/mail/mail-transport.js';
import { SmtpSink } from '../support/smtp-sink.js';

/**
 * The SMTP transport builds each message in memory and hands it to the pool whole (raw, with its envelope). What
 * reaches the server must be what nodemailer would have sent from the same options: same headers, same parts, same
 * envelope. Compared byte for byte with nodemailer's own rendering, MIME boundaries aside (random per build).
 */
describe('SMTP transport', () => {
  let sink: SmtpSink;
  let dataDir: string;

  beforeAll(async () => {
    sink = await new SmtpSink().start();
    dataDir = mkdtempSync(join(tmpdir(), 'duijie-transport-'));
  });

  afterAll(async () => {
    await sink.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  // A 1×1 PNG, inline by Content-ID as a badge is.
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    'base64',
  );
  const message = (n: number): SendMailOptions => ({
    messageId: `<transport-${n}@duijie.test>`,
    from: 'Duijie <noreply@duijie.test>',
    to: { name: '张三 Zhang', address: `zhang${n}@example.cn` },
    subject: `报名成功：成都都市圈成果转化推介活动 #${n}`,
    html: `<p>您好，张三：</p><p>${'成果转化 '.repeat(60)}</p><img src="cid:badge">`,
    text: `您好，张三：\n${'成果转化 '.repeat(60)}\nA line that is long enough to be folded by quoted-printable encoding, ${'x'.repeat(90)}`,
    date: new Date('2026-12-02T08:30:00Z'),
    headers: { 'Auto-Submitted': 'auto-generated' },
    attachments: [
      { filename: 'badge.png', contentType: 'image/png', content: png, cid: 'badge', contentDisposition: 'inline' },
    ],
    icalEvent: {
      method: 'REQUEST',
      filename: 'invite.ics',
      content:
        'BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:1@duijie.test\r\nSUMMARY:对接会\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n',
    },
  });
  const withoutBoundaries = (raw: string) =>
    raw.replace(/--_NmP-[0-9a-f-]+-Part_\d+/g, 'BOUNDARY').replace(/boundary="[^"]+"/g, 'boundary="BOUNDARY"');

  it('delivers what nodemailer renders from the same options, to the envelope of its headers', async () => {
    const transport = createMailTransport(loadConfig({ SMTP_URL: sink.url, DATA_DIR: dataDir }));
    const rendered = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
    try {
      for (let n = 1; n <= 3; n++) await transport.send(message(n));
      const received = await sink.waitFor(3);
      for (let n = 1; n <= 3; n++) {
        const got = received.find((m) => m.parsed.messageId === `<transport-${n}@duijie.test>`);
        expect(got?.envelopeTo).toEqual([`zhang${n}@example.cn`]);
        const expected = (await rendered.sendMail(message(n))).message as Buffer;
        // The sink's copy ends where the DATA terminator began; nodemailer's ends with the last part.
        expect(withoutBoundaries(got!.raw).trimEnd()).toBe(withoutBoundaries(expected.toString('utf8')).trimEnd());
        expect(got!.parsed.subject).toBe(`报名成功：成都都市圈成果转化推介活动 #${n}`);
        // The badge inline, the invite as a text/calendar alternative and as an invite.ics attachment.
        expect(got!.parsed.attachments.map((a) => [a.filename, a.mimeType])).toEqual([
          ['badge.png', 'image/png'],
          [null, 'text/calendar'],
          ['invite.ics', 'application/ics'],
        ]);
      }
    } finally {
      transport.close();
      rendered.close();
    }
  });

  it('refuses a message without recipients before anything is sent', async () => {
    const transport = createMailTransport(loadConfig({ SMTP_URL: sink.url, DATA_DIR: dataDir }));
    const before = sink.messages.length;
    try {
      await expect(transport.send({ ...message(9), to: [] })).rejects.toMatchObject({ code: 'EENVELOPE' });
      expect(sink.messages.length).toBe(before);
    } finally {
      transport.close();
    }
  });
});
