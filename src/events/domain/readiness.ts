/**
 * What an event still needs before people can register, in one place: the console's event page, the publish
 * checklist and `GET /api/events/:id/readiness` all read it from here.
 */

/** Each code names what is missing, in the order an organiser usually sets an event up. */
export const READINESS_CODES = ['venue', 'description', 'registration_open', 'category', 'published'] as const;
export type ReadinessCode = (typeof READINESS_CODES)[number];

export type RegistrationWindow = 'not_yet' | 'open' | 'closed';

export interface ReadinessFacts {
  status: 'draft' | 'published' | 'closed';
  venueCount: number;
  description: string | null;
  /** Categories offered on the public form (invite-only ones do not let anyone register). */
  publicCategoryCount: number;
  registrationWindow: RegistrationWindow;
}

export interface Readiness {
  ready: boolean;
  missing: ReadinessCode[];
}

/** Registration is open from `opensAt` (or at once) until `closesAt` (or the end of the event). */
export function registrationWindow(
  settings: { opensAt: Date | null; closesAt: Date | null } | null,
  eventEndsAt: Date,
  now: Date,
): RegistrationWindow {
  if (settings?.opensAt && settings.opensAt > now) return 'not_yet';
  if (now > (settings?.closesAt ?? eventEndsAt)) return 'closed';
  return 'open';
}

export function readiness(facts: ReadinessFacts): Readiness {
  const missing = READINESS_CODES.filter((code) => !satisfied(code, facts));
  return { ready: missing.length === 0, missing };
}

/**
 * What publishing now would leave out: a venue, a description and, while registration is open, a category. The
 * console asks for a confirmation when this is not empty; the API publishes all the same.
 */
export function publishWarnings(facts: ReadinessFacts): ReadinessCode[] {
  const checked: ReadinessCode[] = ['venue', 'description'];
  if (facts.registrationWindow === 'open') checked.push('category');
  return checked.filter((code) => !satisfied(code, facts));
}

function satisfied(code: ReadinessCode, facts: ReadinessFacts): boolean {
  switch (code) {
    case 'venue':
      return facts.venueCount > 0;
    case 'description':
      return !!facts.description?.trim();
    case 'registration_open':
      return facts.registrationWindow === 'open';
    case 'category':
      return facts.publicCategoryCount > 0;
    case 'published':
      return facts.status === 'published';
  }
}
