import { Inject, Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { Database } from '../../database/database.service.js';
import { RegistrationQuestion } from '../../registration/registration-question.entity.js';
import type { Registration } from '../../registration/registration.entity.js';
import { Achievement } from '../achievement.entity.js';
import { Demand } from '../demand.entity.js';
import { describeReasons, RelevanceIndex, type Recommendation } from '../domain/relevance.js';
import type { OverrideAction } from '../recommendation-override.entity.js';
import {
  describeOrganisationMatch,
  organisationMatches,
  type OrganisationItem,
  type OrganisationMatch,
} from './domain/organisation-matches.js';
import { MeetingParticipant } from './meeting-participant.entity.js';
import { MeetingRecommendationDismissal } from './meeting-recommendation-dismissal.entity.js';
import { MeetingRecommendationOverride } from './meeting-recommendation-override.entity.js';
import { MeetingRequest } from './meeting-request.entity.js';
import { MeetingSession } from './meeting-session.entity.js';
import { MeetingsError } from './meetings.errors.js';
import { own } from '../../common/dict.js';

export interface PersonRecommendation {
  participant: { id: number; name: string; organisation: string };
  /** Put first by the organisers. */
  pinned: boolean;
  reasonText: { 'zh-CN': string; en: string };
}

/** Registration questions read as "domains of interest" (关注的产业领域): by their code or their label. */
const INTEREST_CODE = /domain|industr|interest|field/i;
const INTEREST_LABEL = /领域|关注|interest/i;
/** The most items per organisation and side (achievements, demands) that take part, the newest first. */
const ITEMS_PER_ORGANISATION = 30;
const CHUNK = 500;

const ORGANISERS = { 'zh-CN': '主办方推荐', en: 'Recommended by the organisers' } as const;

/**
 * The people most worth meeting for one participant of a meeting session, from two sources: what the participants
 * said when they opted in (a BM25 index, domain/relevance.ts, over the others' offer — weighted highest —, categories
 * and seek, queried with the participant's seek, offer, categories and the domains of interest given at registration),
 * and what their organisations have in the libraries (domain/organisation-matches.ts: the participant's organisation's
 * demands against the others' achievements and the other way round). Each recommendation says why. People already
 * asked or asking, people dismissed, colleagues of the same organisation and people the organisers hid are left out;
 * people the organisers pinned come first. Built per call: a session has tens to a few hundred participants.
 */
@Injectable()
export class PeopleRecommendationsService {
  constructor(@Inject(Database) private readonly db: Database) {}

  async forParticipant(
    participant: MeetingParticipant,
    registration: Registration,
    limit = 5,
  ): Promise<PersonRecommendation[]> {
    if (!participant.active) return [];
    const em = this.db.manager;
    const others = (
      await em.find(MeetingParticipant, {
        where: { meetingSessionId: participant.meetingSessionId, active: true },
        relations: { registration: true },
        order: { id: 'ASC' },
      })
    ).filter((p) => p.registration?.status === 'confirmed' && p.id !== participant.id);
    const overrides = await em.find(MeetingRecommendationOverride, {
      where: { fromRegistrationId: registration.id },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    const pinned = overrides.filter((o) => o.action === 'pin').map((o) => o.toRegistrationId);
    const hidden = new Set(overrides.filter((o) => o.action === 'hide').map((o) => o.toRegistrationId));
    const excluded = await this.excludedFor(participant);
    const ownOrganisation = registration.organisationId;
    const candidates = others.filter(
      (p) =>
        !excluded.has(p.id) &&
        !hidden.has(p.registrationId) &&
        (pinned.includes(p.registrationId) ||
          ownOrganisation == null ||
          p.registration!.organisationId !== ownOrganisation),
    );
    const profiles = await this.profileMatches(participant, registration, candidates);
    const organisations = await this.organisationMatchesFor(ownOrganisation, candidates);
    const rows = candidates.map((p) => {
      const profile = profiles.get(p.id);
      const organisation =
        p.registration!.organisationId != null ? organisations.get(p.registration!.organisationId) : undefined;
      const pin = pinned.indexOf(p.registrationId);
      return {
        p,
        profile,
        organisation,
        pin: pin < 0 ? Infinity : pin,
        score: (profile?.score ?? 0) + (organisation?.score ?? 0),
      };
    });
    return rows
      .filter((r) => r.pin !== Infinity || r.organisation || (r.profile && hasReason(r.profile)))
      .sort((x, y) => x.pin - y.pin || y.score - x.score || x.p.id - y.p.id)
      .slice(0, limit)
      .map((r): PersonRecommendation => ({
        participant: { id: r.p.id, name: r.p.registration!.name, organisation: r.p.registration!.organisationName },
        pinned: r.pin !== Infinity,
        reasonText: {
          'zh-CN': reasonText(r.organisation, r.profile, 'zh-CN') || ORGANISERS['zh-CN'],
          en: reasonText(r.organisation, r.profile, 'en') || ORGANISERS.en,
        },
      }));
  }

  /** Records that `participant` does not want `dismissedParticipantId` recommended again (idempotent). */
  async dismiss(participant: MeetingParticipant, dismissedParticipantId: number): Promise<void> {
    await this.db.transaction(async (em) => {
      const other = await em.findOneBy(MeetingParticipant, {
        id: dismissedParticipantId,
        meetingSessionId: participant.meetingSessionId,
      });
      if (!other || other.id === participant.id)
        throw new MeetingsError('participant_not_found', { id: dismissedParticipantId });
      const existing = await em.findOneBy(MeetingRecommendationDismissal, {
        participantId: participant.id,
        dismissedParticipantId,
      });
      if (!existing)
        await em.insert(MeetingRecommendationDismissal, { participantId: participant.id, dismissedParticipantId });
    });
  }

  // ---- organisers: pin or hide

  /** Pins `to` first among the people recommended to `from`, or hides `to` from them (replacing an earlier word). */
  async setOverride(eventId: number, sessionId: number, pair: { from: number; to: number }, action: OverrideAction) {
    await this.db.transaction(async (em) => {
      const [from, to] = await this.pairIn(em, eventId, sessionId, pair);
      await em.delete(MeetingRecommendationOverride, { fromRegistrationId: from, toRegistrationId: to });
      await em.insert(MeetingRecommendationOverride, {
        eventId,
        fromRegistrationId: from,
        toRegistrationId: to,
        action,
      });
    });
  }

  /** Takes the organisers' word on a people recommendation back (404 when there was none). */
  async clearOverride(eventId: number, sessionId: number, pair: { from: number; to: number }) {
    await this.db.transaction(async (em) => {
      const [from, to] = await this.pairIn(em, eventId, sessionId, pair);
      const result = await em.delete(MeetingRecommendationOverride, { fromRegistrationId: from, toRegistrationId: to });
      if (!result.affected) throw new MeetingsError('recommendation_override_not_found', pair);
    });
  }

  /** A participant of a session of the event, with their registration (404 otherwise). */
  async participantIn(eventId: number, sessionId: number, participantId: number): Promise<MeetingParticipant> {
    const em = this.db.manager;
    if (!(await em.existsBy(MeetingSession, { id: sessionId, eventId })))
      throw new MeetingsError('meeting_session_not_found', { id: sessionId });
    const found = await em.findOne(MeetingParticipant, {
      where: { id: participantId, meetingSessionId: sessionId },
      relations: { registration: true },
    });
    if (!found?.registration) throw new MeetingsError('participant_not_found', { id: participantId });
    return found;
  }

  /** The organisers' words on whom to recommend to a participant: the participants (of that session) pinned, hidden. */
  async overridesOf(participant: MeetingParticipant): Promise<{ pinned: number[]; hidden: number[] }> {
    const em = this.db.manager;
    const rows = await em.find(MeetingRecommendationOverride, {
      where: { fromRegistrationId: participant.registrationId },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    const inSession = await em.find(MeetingParticipant, {
      where: {
        meetingSessionId: participant.meetingSessionId,
        registrationId: In(rows.map((o) => o.toRegistrationId)),
      },
    });
    const idOf = new Map(inSession.map((p) => [p.registrationId, p.id]));
    const of = (action: OverrideAction) =>
      rows.filter((o) => o.action === action && idOf.has(o.toRegistrationId)).map((o) => idOf.get(o.toRegistrationId)!);
    return { pinned: of('pin'), hidden: of('hide') };
  }

  /** The registrations of two different participants of a session of the event (404 / 400 otherwise). */
  private async pairIn(
    em: EntityManager,
    eventId: number,
    sessionId: number,
    pair: { from: number; to: number },
  ): Promise<[number, number]> {
    if (!(await em.existsBy(MeetingSession, { id: sessionId, eventId })))
      throw new MeetingsError('meeting_session_not_found', { id: sessionId });
    if (pair.from === pair.to)
      throw new MeetingsError('recommendation_to_self', {}, [
        { field: 'to', reason: 'recommend someone other than the participant themself' },
      ]);
    const found = await em.findBy(MeetingParticipant, { id: In([pair.from, pair.to]), meetingSessionId: sessionId });
    const registrationOf = (id: number) => {
      const p = found.find((x) => x.id === id);
      if (!p) throw new MeetingsError('participant_not_found', { id });
      return p.registrationId;
    };
    return [registrationOf(pair.from), registrationOf(pair.to)];
  }

  // ---- the two sources

  /** Participants asked or asking (so also anyone met) and dismissed ones. */
  private async excludedFor(participant: MeetingParticipant): Promise<Set<number>> {
    const em = this.db.manager;
    const excluded = new Set<number>([participant.id]);
    const requests = await em.find(MeetingRequest, {
      where: [{ fromParticipantId: participant.id }, { toParticipantId: participant.id }],
    });
    for (const r of requests) excluded.add(r.fromParticipantId).add(r.toParticipantId);
    const dismissed = await em.findBy(MeetingRecommendationDismissal, { participantId: participant.id });
    for (const d of dismissed) excluded.add(d.dismissedParticipantId);
    return excluded;
  }

  /** Relevance of the candidates' profiles (offer, seek, categories) to the participant's and their interests. */
  private async profileMatches(
    participant: MeetingParticipant,
    registration: Registration,
    candidates: MeetingParticipant[],
  ): Promise<Map<number, Recommendation>> {
    const index = new RelevanceIndex();
    for (const p of candidates)
      index.add({
        id: String(p.id),
        title: p.offer,
        keywords: p.categories ?? [],
        body: p.seek,
        category: p.categories?.[0] ?? null,
      });
    if (index.size === 0) return new Map();
    const found = index.recommend(
      { title: participant.seek, keywords: participant.categories ?? [], body: participant.offer },
      {
        category: participant.categories?.[0] ?? null,
        interests: await this.interestsOf(registration),
        limit: index.size,
      },
    );
    return new Map(found.map((r) => [Number(r.id), r]));
  }

  /** The best pair of library items between the participant's organisation and each candidate's. */
  private async organisationMatchesFor(
    own: number | null,
    candidates: MeetingParticipant[],
  ): Promise<Map<number, OrganisationMatch>> {
    if (own == null) return new Map();
    const theirs = [...new Set(candidates.map((p) => p.registration!.organisationId))].filter(
      (id): id is number => id != null && id !== own,
    );
    if (theirs.length === 0) return new Map();
    const items = await this.organisationItems([own, ...theirs]);
    const mine = items.filter((i) => i.organisationId === own);
    if (mine.length === 0) return new Map();
    return organisationMatches(
      mine,
      items.filter((i) => i.organisationId !== own),
    );
  }

  /** The visible achievements and demands of the organisations, at most ITEMS_PER_ORGANISATION per side each. */
  private async organisationItems(organisationIds: number[]): Promise<OrganisationItem[]> {
    const em = this.db.manager;
    const out: OrganisationItem[] = [];
    const taken = new Map<string, number>();
    const keep = (key: string) => {
      const n = (taken.get(key) ?? 0) + 1;
      taken.set(key, n);
      return n <= ITEMS_PER_ORGANISATION;
    };
    for (let i = 0; i < organisationIds.length; i += CHUNK) {
      const ids = organisationIds.slice(i, i + CHUNK);
      const achievements = await em.find(Achievement, {
        where: { ownerOrganisationId: In(ids), status: 'active' },
        order: { id: 'DESC' },
      });
      for (const a of achievements)
        if (keep(`a${a.ownerOrganisationId}`))
          out.push({
            kind: 'achievement',
            id: a.id,
            organisationId: a.ownerOrganisationId,
            title: a.title,
            titleEn: a.titleEn,
            body: [a.summary, a.cooperationSought ?? ''].join(' '),
            keywords: a.keywords,
            category: a.categoryCode,
            maturity: a.maturity,
          });
      const demands = await em.find(Demand, {
        where: { publisherOrganisationId: In(ids), status: 'active' },
        order: { id: 'DESC' },
      });
      for (const d of demands)
        if (keep(`d${d.publisherOrganisationId}`))
          out.push({
            kind: 'demand',
            id: d.id,
            organisationId: d.publisherOrganisationId,
            title: d.title,
            titleEn: d.titleEn,
            body: d.description,
            category: d.categoryCode,
          });
    }
    return out;
  }

  /** The person's answers to the event's "domains of interest" questions, as option labels or free text. */
  private async interestsOf(registration: Registration): Promise<string[]> {
    if (!registration.answers) return [];
    const questions = await this.db.manager.findBy(RegistrationQuestion, { eventId: registration.eventId });
    const interests: string[] = [];
    for (const q of questions) {
      if (!INTEREST_CODE.test(q.code) && !INTEREST_LABEL.test(q.label)) continue;
      const answer = own(registration.answers, q.code);
      const values = Array.isArray(answer) ? answer : answer ? [answer] : [];
      for (const value of values) {
        const option = q.options?.find((o) => o.value === value);
        interests.push(option ? option.label : value);
      }
    }
    return interests;
  }
}

function hasReason(r: Recommendation): boolean {
  return r.reasons.sharedTerms.length > 0 || r.reasons.interests.length > 0 || !!r.reasons.sameCategory;
}

/** The organisations' match first (the most specific), then what the profiles share. */
function reasonText(
  organisation: OrganisationMatch | undefined,
  profile: Recommendation | undefined,
  locale: 'zh-CN' | 'en',
): string {
  const parts = [
    organisation ? describeOrganisationMatch(organisation, locale) : '',
    profile && hasReason(profile) ? describeReasons(profile.reasons, locale) : '',
  ].filter(Boolean);
  return parts.join(locale === 'zh-CN' ? '；' : '; ');
}
