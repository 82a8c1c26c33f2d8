/** What a page handler returns: the interceptor turns it into the reply. */
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

/** Only local paths may be redirect targets (`next=` parameters come from the outside). */
export function safeLocalPath(candidate: unknown, fallback: string): string {
  return typeof candidate === 'string' && /^\/(?![/\\])/.test(candidate) ? candidate : fallback;
}
