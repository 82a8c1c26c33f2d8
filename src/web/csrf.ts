import { createHash } from 'node:crypto';

/** Signs with the installation's secret (SecretsService), shared by every instance. */
export interface CsrfSigner {
  sign(purpose: string, value: string): Promise<string>;
}

/**
 * The CSRF token of a browser: an HMAC, with the installation's secret, of the browser's random `duijie_csrf` cookie
 * and of its session (a hash of the session cookie; none for anonymous visitors, such as someone registering). A
 * token therefore only fits the browser and the session it was made for; signing in or out changes the session and,
 * with it, the token, and the browser secret is replaced at both moments too. Knowing or setting the cookie is not
 * enough to make a valid token: that needs the server's secret.
 */
export function csrfTokenFor(signer: CsrfSigner, browserSecret: string, sessionToken: string | undefined) {
  const session = sessionToken ? createHash('sha256').update(sessionToken).digest('base64url') : '-';
  return signer.sign('csrf', `${browserSecret}\n${session}`);
}
