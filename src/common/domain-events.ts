/**
 * Facts one capability announces and others act on, without importing each other: the names and payloads live here, at
 * the bottom of the module graph. Publishers emit after their transaction has committed (never inside one: a listener
 * writes in its own transaction, and SQLite's write queue refuses nesting) with `EventEmitter2.emitAsync`, so a
 * listener's failure reaches the publisher's log; listeners are idempotent (keyed by the source), because a crash between
 * the commit and the emit is repaired by a sweep that re-announces what has no follower yet.
 */

/** An agreement at a signing ceremony was marked signed. */
export const AGREEMENT_SIGNED = 'agreement.signed';
export interface AgreementSignedEvent {
  eventId: number;
  agreementId: number;
  title: string;
  /** strategic | project | technology_transfer | order | investment */
  kind: string;
  /** Directory organisation ids of the parties, in the agreement's order. */
  partyOrganisationIds: number[];
  /** 万元, when given. */
  amountWan: number | null;
  /** Where the project lands, when given. */
  landingPlace: string | null;
  signedAt: Date;
  /** The user who marked it signed. */
  byUserId: number | null;
}

/** An attendee asked a roadshow project's presenter for a meeting or marked interest with a wish to follow up. */
export const ROADSHOW_LEAD = 'roadshow.lead';
export interface RoadshowLeadEvent {
  eventId: number;
  projectId: number;
  leadId: number;
  /** The presenting organisation (directory id), when the project has one. */
  presenterOrganisationId: number | null;
  /** The attendee's registration and organisation (directory id), when known. */
  registrationId: number;
  organisationId: number | null;
  /** interest | meeting | message */
  kind: string;
  at: Date;
}

/** A one-to-one meeting at the negotiation tables was recorded as held. */
export const MEETING_HELD = 'meeting.held';
export interface MeetingHeldEvent {
  eventId: number;
  meetingId: number;
  /** The two registrations and their organisations (directory ids, when known). */
  registrationIds: [number, number];
  organisationIds: [number | null, number | null];
  at: Date;
}
