import type { Locale } from '../i18n/i18n.js';
import type { FlashMessage } from './html.js';
// The signed-in principal and the cookie names live in common/ (accounts and the API use them too).
import '../common/request-context.js';

declare module 'fastify' {
  interface FastifyRequest {
    locale: Locale;
    csrfToken: string;
    flash?: FlashMessage;
  }
}
