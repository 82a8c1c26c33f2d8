import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** A browser-like client for inject(): keeps cookies and reads the CSRF token from forms. */
export class Browser {
  cookies: Record<string, string> = {};
  constructor(private readonly app: NestFastifyApplication) {}

  async get(url: string, headers: Record<string, string> = {}) {
    const res = await this.app.inject({ method: 'GET', url, cookies: this.cookies, headers });
    this.keep(res.cookies);
    return res;
  }

  /** Posts a form; a list value is sent as repeated fields, as checkboxes are. */
  async post(url: string, fields: Record<string, string | string[]>, options: { csrf?: boolean } = {}) {
    const form = new URLSearchParams();
    if (options.csrf !== false && !('_csrf' in fields)) form.append('_csrf', this.cookies.duijie_csrf ?? '');
    for (const [name, value] of Object.entries(fields)) {
      for (const one of Array.isArray(value) ? value : [value]) form.append(name, one);
    }
    const payload = form.toString();
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

  private keep(cookies: { name: string; value: string; maxAge?: number }[]) {
    for (const c of cookies) {
      if (c.value === '' || c.maxAge === 0) delete this.cookies[c.name];
      else this.cookies[c.name] = c.value;
    }
  }
}
