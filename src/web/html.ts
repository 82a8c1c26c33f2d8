/** What a page handler returns: `registerPageReplies` turns it into the reply. */
export class Html {
  constructor(
    readonly body: string,
    readonly status = 200,
  ) {}
}

export interface FlashMessage {
  kind: 'success' | 'error' | 'info' | 'warning';
  /** An i18n key, with its parameters. */
  key: string;
  params?: Record<string, string | number>;
}

export class Redirect {
  constructor(
    readonly location: string,
    readonly flash?: FlashMessage,
  ) {}
}

export function redirect(location: string, flash?: FlashMessage): Redirect {
  return new Redirect(location, flash);
}

const HERE = 'http://duijie.invalid';

/**
 * Only a path on this host may be a redirect target (`next=` parameters come from the outside), and only in its
 * normalised form: anything with a control character or a backslash is refused rather than guessed at (browsers drop
 * tabs and line breaks from URLs and read `\\` as `/`, so `/\t/evil.example` would leave the site), dot segments are
 * resolved, and the result must still start with a single slash. Non-ASCII is percent-encoded, so the answer is
 * always a valid Location header.
 */
export function safeLocalPath(candidate: unknown, fallback: string): string {
  // eslint-disable-next-line no-control-regex
  if (typeof candidate !== 'string' || candidate.length > 2000 || /[\u0000-\u001f\u007f\\]/.test(candidate))
    return fallback;
  if (!candidate.startsWith('/') || candidate.startsWith('//')) return fallback;
  let url: URL;
  try {
    url = new URL(candidate, HERE);
  } catch {
    return fallback;
  }
  const path = `${url.pathname}${url.search}${url.hash}`;
  return url.origin === HERE && path.startsWith('/') && !path.startsWith('//') ? path : fallback;
}
