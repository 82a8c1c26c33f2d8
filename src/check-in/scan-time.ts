import { localDay, localToUtc } from '../common/time.js';

/** How far ahead of the server's clock a device's clock may be before its time is not believed. */
export const CLOCK_SKEW_MS = 5 * 60_000;

/** The event's days: from the start of its first local day to the end of its last, in its time zone. */
export function eventDays(event: { startsAt: Date; endsAt: Date; timezone: string }): { from: Date; to: Date } {
  const from = localToUtc(`${localDay(event.startsAt, event.timezone)}T00:00`, event.timezone) ?? event.startsAt;
  const lastDay = localToUtc(`${localDay(event.endsAt, event.timezone)}T00:00`, event.timezone) ?? event.endsAt;
  // The end of the last day is the start of the next one (24 hours later in every zone without DST on that night).
  return { from, to: new Date(lastDay.getTime() + 24 * 3600_000) };
}

export interface ScanTime {
  /** When the scan is recorded as made. */
  at: Date;
  /** The time the device gave, when it was not believed (kept for the organisers to see). */
  claimed: Date | null;
}

/**
 * When a scan happened: the time the device says, if it falls within the event's days and not ahead of the server's
 * clock (beyond a small skew); otherwise the server's time, keeping the device's claim. A scan is never dropped for
 * its time — an offline scan whose claim was not believed is flagged for the organisers (CheckInService).
 */
export function scanTime(claimed: Date | undefined, now: Date, days: { from: Date; to: Date }): ScanTime {
  if (!claimed) return { at: now, claimed: null };
  const believable =
    claimed.getTime() >= days.from.getTime() &&
    claimed.getTime() < days.to.getTime() &&
    claimed.getTime() <= now.getTime() + CLOCK_SKEW_MS;
  if (!believable) return { at: now, claimed };
  return { at: claimed < now ? claimed : now, claimed: null };
}
