/**
 * A real HTTP client (fetch) for tests of child-process instances: JSON calls with a bearer token, and a browser with
 * a cookie jar that can send its requests to any instance (several instances behind one proxy share the cookies).
 */

export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
  json<T = Record<string, unknown>>(): T;
}

async function answer(res: Response): Promise<HttpAnswer> {
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: <T>() => JSON.parse(text) as T };
}

/** One JSON request to `baseUrl + path`. */
export async function api(
  baseUrl: string,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<HttpAnswer> {
  const res = await fetch(baseUrl + path, {
    method,
    redirect: 'manual',
    headers: {
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...options.headers,
    },
    body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
  });
  return answer(res);
}

/** Signs in through the API; answers the bearer header. */
export async function bearer(baseUrl: string, email: string, password: string, from?: string) {
  const res = await api(baseUrl, 'POST', '/api/auth/login', {
    body: { email, password },
    headers: from ? { 'x-forwarded-for': from } : {},
  });
  if (res.status !== 200) throw new Error(`login on ${baseUrl}: ${res.status} ${res.text}`);
  return { authorization: `Bearer ${res.json<{ accessToken: string }>().accessToken}` };
}

/** The value of the first hidden `_csrf` field of a page. */
export function csrfField(html: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('no _csrf field on the page');
  return token;
}

/** A browser: cookies kept across requests, whichever instance answers them; redirects are not followed. */
export class HttpBrowser {
  readonly cookies = new Map<string, string>();
  constructor(private readonly headers: Record<string, string> = {}) {}

  async get(baseUrl: string, path: string): Promise<HttpAnswer> {
    return this.send(baseUrl, path, { method: 'GET' });
  }

  async post(baseUrl: string, path: string, fields: Record<string, string>): Promise<HttpAnswer> {
    return this.send(baseUrl, path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  }

  private async send(baseUrl: string, path: string, init: RequestInit): Promise<HttpAnswer> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(baseUrl + path, {
      ...init,
      redirect: 'manual',
      headers: { ...this.headers, ...(init.headers as Record<string, string>), ...(cookie ? { cookie } : {}) },
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const at = pair.indexOf('=');
      const [name, value] = [pair.slice(0, at).trim(), pair.slice(at + 1).trim()];
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a));
      if (!value || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return answer(res);
  }
}
