/**
 * The stable answers to a scan. Clients (the scanner page, offline devices, API users) switch on these codes; they
 * never change meaning.
 * - ok: let the person in (a check-in was recorded)
 * - already_checked_in: this badge already passed this list (the answer carries the first time and device)
 * - not_on_list: a valid badge whose category may not enter through this list
 * - revoked: a cancelled registration or a replaced badge
 * - unknown: not a badge of this event (another event's, forged, altered or unreadable)
 * - not_confirmed: the registration is pending or on the waiting list
 */
export const CHECK_IN_RESULTS = [
  'ok',
  'already_checked_in',
  'not_on_list',
  'revoked',
  'unknown',
  'not_confirmed',
] as const;
export type CheckInResult = (typeof CHECK_IN_RESULTS)[number];

export const CHECK_IN_SOURCES = ['api', 'scanner', 'manual', 'offline'] as const;
/** Where a scan came from: the JSON API, the scanner page online, a manual look-up, or an offline upload. */
export type CheckInSource = (typeof CHECK_IN_SOURCES)[number];

/** The colour a scanner shows for a result: green lets in, amber asks a second look, red refuses. */
export function signalOf(result: CheckInResult): 'green' | 'amber' | 'red' {
  switch (result) {
    case 'ok':
      return 'green';
    case 'already_checked_in':
    case 'not_confirmed':
      return 'amber';
    case 'not_on_list':
    case 'revoked':
    case 'unknown':
      return 'red';
  }
}
