import type { FlashMessage } from './html.js';
import type { Locale } from './i18n.js';

/** Who is making the request, when signed in. */
export interface Principal {
  userId: number;
  email: string;
  name: string;
  role: 'organiser' | 'staff';
  via: 'web' | 'api';
}

declare module 'fastify' {
  interface FastifyRequest {
    locale: Locale;
    csrfToken: string;
    principal?: Principal;
    flash?: FlashMessage;
  }
}

export const COOKIES = {
  session: 'duijie_session',
  csrf: 'duijie_csrf',
  lang: 'duijie_lang',
  flash: 'duijie_flash',
} as const;
