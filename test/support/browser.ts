import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { SecretsService } from '../../src/settings/secrets.service.js';
import { csrfTokenFor } from '../../src/web/csrf.js';

export interface UploadFile {
  filename: string;
  contentType: string;
  data: Buffer;
}

/** A multipart/form-data body as a browser sends it: text fields, then files. */
export function multipartBody(
  fields: Record<string, string>,
  files: Record<string, UploadFile> = {},
): { payload: Buffer; contentType: string } {
  const boundary = `----duijie${randomBytes(12).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  for (const [name, file] of Object.entries(files)) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${file.filename}"\r\n` +
          `Content-Type: ${file.contentType}\r\n\r\n`,
      ),
      file.data,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** A browser-like client for inject(): keeps cookies and sends the CSRF token with forms, as our pages do. */
export class Browser {
  cookies: Record<string, string> = {};
  constructor(private readonly app: NestFastifyApplication) {}

  /** The CSRF token our pages put in this browser's forms (bound to its csrf cookie and its session). */
  async csrfToken(): Promise<string> {
    const secret = this.cookies.duijie_csrf;
    if (!secret) return '';
    return csrfTokenFor(this.app.get(SecretsService), secret, this.cookies.duijie_session);
  }

  async get(url: string, headers: Record<string, string> = {}) {
    const res = await this.app.inject({ method: 'GET', url, cookies: this.cookies, headers });
    this.keep(res.cookies);
    return res;
  }

  /** A form post; a list value repeats the field (checkboxes). */
  async post(url: string, fields: Record<string, string | string[]>, options: { csrf?: boolean } = {}) {
    const params = new URLSearchParams();
    if (options.csrf !== false && !('_csrf' in fields)) params.append('_csrf', await this.csrfToken());
    for (const [name, value] of Object.entries(fields)) {
      for (const v of Array.isArray(value) ? value : [value]) params.append(name, v);
    }
    const payload = params.toString();
    const res = await this.app.inject({
      method: 'POST',
      url,
      cookies: this.cookies,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload,
    });
    this.keep(res.cookies);
    return res;
  }

  /** A JSON post from a script on our pages (the scanner): the CSRF token in the X-CSRF-Token header. */
  async postJson(url: string, payload: unknown) {
    const res = await this.app.inject({
      method: 'POST',
      url,
      cookies: this.cookies,
      headers: { 'content-type': 'application/json', 'x-csrf-token': await this.csrfToken() },
      payload: JSON.stringify(payload),
    });
    this.keep(res.cookies);
    return res;
  }

  /** A form with enctype="multipart/form-data" (file uploads). */
  async upload(
    url: string,
    fields: Record<string, string>,
    files: Record<string, UploadFile>,
    options: { csrf?: boolean } = {},
  ) {
    const body = multipartBody(
      { ...(options.csrf === false ? {} : { _csrf: await this.csrfToken() }), ...fields },
      files,
    );
    const res = await this.app.inject({
      method: 'POST',
      url,
      cookies: this.cookies,
      headers: { 'content-type': body.contentType },
      payload: body.payload,
    });
    this.keep(res.cookies);
    return res;
  }

  private keep(cookies: { name: string; value: string; maxAge?: number }[]) {
    for (const c of cookies) {
      if (c.value === '' || c.maxAge === 0) delete this.cookies[c.name];
      else this.cookies[c.name] = c.value;
    }
  }
}
