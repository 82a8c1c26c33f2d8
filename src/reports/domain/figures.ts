/**
 * The figures of an event report, as plain data: what the JSON API returns, what the pages, the charts, the press
 * summary and the .docx are made from. Each key after `event` is one section, computed by one section service from
 * one capability (src/reports/sections/). Types only: no TypeORM, so the pure functions beside this file stay pure.
 */
import type { SessionKind } from '../../agenda/session.entity.js';
import type { EventStatus } from '../../events/event.entity.js';
import type { IntentFunnelReport } from '../../intents/intent-funnel.service.js';
import type { RegistrationStatus } from '../../registration/registration.entity.js';
import type { RequestStatus } from '../../matchmaking/meetings/meeting-request.entity.js';
import type { RoadshowTotals } from '../../roadshows/domain/totals.js';
import type { CountedTotals, SummaryTotalsSum } from '../../signings/domain/totals.js';

/** The event a report is about (times in UTC; shown in `timezone`). */
export interface EventHeader {
  id: number;
  slug: string;
  title: string;
  titleEn: string | null;
  shortTitle: string | null;
  shortTitleEn: string | null;
  seriesId: number | null;
  edition: number | null;
  startsAt: Date;
  endsAt: Date;
  timezone: string;
  status: EventStatus;
}

export type StatusCounts = Record<RegistrationStatus, number>;

/** An attendee category of the event (嘉宾, 企业代表, 媒体 …). */
export interface CategoryRef {
  id: number;
  code: string;
  name: string;
  nameEn: string | null;
  colour: string;
}

export interface RegistrationFigures {
  /** Every registration, whatever its status. */
  total: number;
  /** Registrations that stand: confirmed, pending review or waitlisted (not cancelled, not rejected). */
  registered: number;
  byStatus: StatusCounts;
  /** Every category of the event, in its order, also those nobody registered in. */
  byCategory: (CategoryRef & { registered: number; byStatus: StatusCounts })[];
}

export interface CheckInFigures {
  /** Distinct people let in at least once, at any list of the event. */
  people: number;
  byCategory: (CategoryRef & { people: number })[];
  /** Distinct people let in at each list (the entrance, sub-venues, zones, sessions). */
  byList: { id: number; code: string; kind: string; name: string; nameEn: string | null; people: number }[];
}

export interface SessionFigures {
  /** Sessions of the programme, cancelled sessions and breaks left out. */
  total: number;
  /** Kinds that occur, in the agenda's order of kinds. */
  byKind: { kind: SessionKind; count: number }[];
}

/**
 * The agreements of the event's signing ceremonies (签约仪式): what the app knows item by item (`counted`: signed by
 * kind, strategic partners, amount signed in 万元, landing places, and those confirmed or planned but not yet signed)
 * and what ceremonies record as totals for signings not itemised (`summary`, e.g. the Suzhou summit's "45
 * transformation projects, 6 strategic partners"). The two are never added up: see src/signings/domain/totals.ts.
 */
export interface AgreementFigures {
  /** Signing ceremonies the event holds. */
  ceremonies: number;
  counted: CountedTotals;
  summary: SummaryTotalsSum;
}

/** A domain category of the libraries (电子信息, 先进材料 …) and how many listed items it holds. */
export interface LibraryCategoryCount {
  code: string;
  name: string;
  nameEn: string | null;
  count: number;
}

export interface AchievementFigures {
  /** Achievements the event lists (成果清单). */
  total: number;
  /** Categories with at least one item, in the libraries' order of categories. */
  byCategory: LibraryCategoryCount[];
}

export interface DemandFigures {
  /** Demands the event lists (需求清单). */
  total: number;
  byCategory: LibraryCategoryCount[];
  /** By the city a demand comes from, most first (demands without a city left out). */
  byCity: { city: string; count: number }[];
  /**
   * Open calls (揭榜挂帅) among the listed demands, the bids they received and the distinct bidding organisations.
   * Bids belong to the demand, not to an event: a demand listed at two events counts its bids at both.
   */
  openCalls: { calls: number; bids: number; solvers: number };
}

/**
 * The roadshows (项目路演) of the event: sessions, projects presented by domain category, the audience's leads by kind
 * (interest, meeting requests, messages) and the distinct attendees who left one, projects with a meeting request,
 * the projects with the most leads and the judges' average score over the scored projects — computed by the roadshows
 * capability (RoadshowsReader.totalsByEvent; see src/roadshows/domain/totals.ts).
 */
export type RoadshowFigures = RoadshowTotals;

export interface MeetingFigures {
  /** Meeting sessions set up on the event's free-negotiation sessions. */
  sessions: number;
  /** People taking part (opted in and not opted out). */
  participants: number;
  requests: { total: number } & Record<RequestStatus, number>;
  /** Meetings with a slot and a table (dropped ones left out). */
  scheduled: number;
  held: number;
  noShow: number;
  /** Held meetings where both sides said they intend to cooperate. */
  intents: number;
}

/**
 * The cooperation pipeline (合作意向 → 洽谈 → 签约 → 落地) of the intents that arose at the event, computed by the
 * intents capability (IntentFunnel.forEachEvent: grouped queries on the intents' summary columns). Stage keys
 * `intent`, `negotiating`, `signed`, `landed`, `dropped`. `reachedCounts.intent` is every intent recorded for the
 * event, whatever became of it — the "初步合作意向 K 项" of the press text; `reachedCounts.signed` and `.landed` count
 * intents that got that far (a landed intent counts as signed). Conversion rates, median days between first reaching
 * two stages, values in 万元 (estimated, signed, landed), open intents whose follow-up date is before `today` (China
 * time), and the same figures by category, city, kind and owner.
 */
export type IntentFunnelFigures = Omit<IntentFunnelReport, 'scope' | 'breakdowns'> & {
  breakdowns: Omit<IntentFunnelReport['breakdowns'], 'event'>;
};

/**
 * The sections of a report, by key. Adding a capability's figures (`funnel` with the stage keys intent, negotiating,
 * signed, landed, dropped) adds its key here, one section service, one press sentence and one chart: see the README's
 * "Reports" section.
 */
export interface SectionFigures {
  registrations: RegistrationFigures;
  checkIns: CheckInFigures;
  sessions: SessionFigures;
  agreements: AgreementFigures;
  achievements: AchievementFigures;
  demands: DemandFigures;
  roadshows: RoadshowFigures;
  meetings: MeetingFigures;
  funnel: IntentFunnelFigures;
}

export type SectionKey = keyof SectionFigures;

/** The sections in the order the report lists them (JSON, pages, press text). */
export const SECTION_KEYS = [
  'registrations',
  'checkIns',
  'sessions',
  'agreements',
  'achievements',
  'demands',
  'roadshows',
  'meetings',
  'funnel',
] as const satisfies readonly SectionKey[];

/** Fails to compile when a section is added to SectionFigures but not to SECTION_KEYS. */
export const EVERY_SECTION_LISTED: Exclude<SectionKey, (typeof SECTION_KEYS)[number]> extends never ? true : never =
  true;

export type EventReport = { event: EventHeader } & SectionFigures;

export interface SeriesHeader {
  id: number;
  slug: string;
  name: string;
  nameEn: string | null;
}

/**
 * The pipeline across a series: the funnel of every intent of its editions together (IntentFunnel.forSeries), with the
 * breakdown by edition (`breakdowns.event`, keys are event ids) beside those by category, city, kind and owner.
 */
export type SeriesFunnelFigures = Omit<IntentFunnelReport, 'scope'>;

/**
 * Every edition of a series, in date order, each with the same figures as its own event report, and the funnel of
 * the whole series (its editions' intents together).
 */
export interface SeriesReport {
  series: SeriesHeader;
  editions: EventReport[];
  funnel: SeriesFunnelFigures;
}
