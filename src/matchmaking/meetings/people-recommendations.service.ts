import { Inject, Injectable } from '@nestjs/common';
import { Database } from '../../database/database.service.js';
import { RegistrationQuestion } from '../../registration/registration-question.entity.js';
import type { Registration } from '../../registration/registration.entity.js';
import { describeReasons, RelevanceIndex } from '../domain/relevance.js';
import { MeetingParticipant } from './meeting-participant.entity.js';
import { MeetingRecommendationDismissal } from './meeting-recommendation-dismissal.entity.js';
import { MeetingRequest } from './meeting-request.entity.js';
import { MeetingsError } from './meetings.errors.js';
import { own } from '../../common/dict.js';

export interface PersonRecommendation {
  participant: { id: number; name: string; organisation: string };
  reasonText: { 'zh-CN': string; en: string };
}

/** Registration questions read as "domains of interest" (关注的产业领域): by their code or their label. */
const INTEREST_CODE = /domain|industr|interest|field/i;
const INTEREST_LABEL = /领域|关注|interest/i;

/**
 * The people most worth meeting for one participant of a meeting session: a BM25 index (domain/relevance.ts) over
 * the session's opted-in, confirmed participants — what they offer (weighted highest), their categories and what
 * they seek — queried with what the participant seeks (weighted) and offers, their categories and the domains of
 * interest they gave at registration. People already asked or asking (so also anyone they meet) and people they
 * dismissed are left out. The index is built per call: a session has tens to a few hundred participants.
 */
@Injectable()
export class PeopleRecommendationsService {
  constructor(@Inject(Database) private readonly db: Database) {}

  async forParticipant(participant: MeetingParticipant, registration: Registration, limit = 5) {
    if (!participant.active) return [];
    const em = this.db.manager;
    const others = (
      await em.find(MeetingParticipant, {
        where: { meetingSessionId: participant.meetingSessionId, active: true },
        relations: { registration: true },
        order: { id: 'ASC' },
      })
    ).filter((p) => p.registration?.status === 'confirmed');
    const index = new RelevanceIndex();
    for (const p of others)
      index.add({
        id: String(p.id),
        title: p.offer,
        keywords: p.categories ?? [],
        body: p.seek,
        category: p.categories?.[0] ?? null,
      });
    const exclude = new Set<string>([String(participant.id)]);
    const requests = await em.find(MeetingRequest, {
      where: [{ fromParticipantId: participant.id }, { toParticipantId: participant.id }],
    });
    for (const r of requests) exclude.add(String(r.fromParticipantId)).add(String(r.toParticipantId));
    const dismissed = await em.findBy(MeetingRecommendationDismissal, { participantId: participant.id });
    for (const d of dismissed) exclude.add(String(d.dismissedParticipantId));
    const recommendations = index.recommend(
      { title: participant.seek, keywords: participant.categories ?? [], body: participant.offer },
      {
        category: participant.categories?.[0] ?? null,
        interests: await this.interestsOf(registration),
        exclude,
        limit,
      },
    );
    const byId = new Map(others.map((p) => [String(p.id), p]));
    return recommendations
      .filter((r) => r.reasons.sharedTerms.length > 0 || r.reasons.interests.length > 0 || r.reasons.sameCategory)
      .map((r): PersonRecommendation => {
        const other = byId.get(r.id)!;
        return {
          participant: {
            id: other.id,
            name: other.registration!.name,
            organisation: other.registration!.organisationName,
          },
          reasonText: { 'zh-CN': describeReasons(r.reasons, 'zh-CN'), en: describeReasons(r.reasons, 'en') },
        };
      });
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
