/**
 * A small HTTP client with a cookie jar, the way a browser would talk to the
 * server: same-origin Origin header on writes, redirects not followed.
 */
export class HttpClient {
  cookies = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  private cookieHeader(): string {
    return [...this.cookies.entries()].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private store(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => /max-age=0/i.test(a.trim())) || value === '';
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(
    method: string,
    path: string,
    init: { form?: Record<string, string | string[]> | URLSearchParams; body?: BodyInit; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    const headers: Record<string, string> = { ...init.headers };
    if (this.cookies.size) headers.Cookie = this.cookieHeader();
    let body: BodyInit | undefined = init.body;
    if (init.form) {
      const params = init.form instanceof URLSearchParams ? init.form : new URLSearchParams();
      if (!(init.form instanceof URLSearchParams)) {
        for (const [k, v] of Object.entries(init.form)) for (const item of Array.isArray(v) ? v : [v]) params.append(k, item);
      }
      body = params;
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
    }
    if (method !== 'GET' && method !== 'HEAD' && !('Origin' in headers)) headers.Origin = this.baseUrl;
    const res = await fetch(this.baseUrl + path, { method, headers, body, redirect: 'manual' });
    this.store(res);
    return res;
  }

  get(path: string, headers?: Record<string, string>) {
    return this.request('GET', path, { headers });
  }

  post(path: string, form: Record<string, string | string[]> | URLSearchParams, headers?: Record<string, string>) {
    return this.request('POST', path, { form, headers });
  }

  async login(email: string, password: string): Promise<Response> {
    const res = await this.post('/login', { email, password });
    if (res.status !== 302) throw new Error(`login as ${email} failed: ${res.status} ${await res.text()}`);
    return res;
  }
}

export const DEMO = {
  password: 'Finmatch-demo-2026',
  admin: 'admin@demo.finmatch.cn',
  organizer: 'organizer@demo.finmatch.cn',
  bank: 'bank@demo.finmatch.cn',
  enterprise: 'enterprise@demo.finmatch.cn',
} as const;
