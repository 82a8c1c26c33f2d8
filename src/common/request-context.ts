/** Who is making the request, when signed in. */
export interface Principal {
  kind: 'user';
  userId: number;
  email: string;
  name: string;
  role: 'organiser' | 'staff';
  via: 'web' | 'api';
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

export const COOKIES = {
  session: 'duijie_session',
  csrf: 'duijie_csrf',
  lang: 'duijie_lang',
  flash: 'duijie_flash',
} as const;
