import { Inject, Injectable } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import { In } from 'typeorm';
import { Database } from '../database/database.service.js';
import { organisationNameKey } from '../directory/organisation.entity.js';
import { Event } from '../events/event.entity.js';
import { ManageLinks } from '../registration/manage-links.service.js';
import { Registration } from '../registration/registration.entity.js';
import { RegistrationError } from '../registration/registration.errors.js';
import type { ProposeIntentDto } from './dto/intents.dto.js';
import { IntentProposal } from './intent-proposal.entity.js';
import { partyOfRegistration } from './intent-sources.service.js';
import type { Intent } from './intent.entity.js';
import { IntentsError } from './intents.errors.js';
import { IntentsService, type IntentView } from './intents.service.js';

/** Letters and digits that cannot be mistaken for one another when read out at a table (no 0/O, 1/I/L). */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export function proposalCode(): string {
  return Array.from({ length: 6 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
}

/** A proposal with the names the other party sees before confirming. */
export interface ProposalView {
  proposal: IntentProposal;
  proposer: { name: string; organisation: string };
  counterpart: { name: string; organisation: string } | null;
}

/**
 * Intents agreed at the negotiation table from both parties' phones: one proposes from the personal page and gets a
 * six-character code, the other enters it on their own page and confirms (the intent is created, its source the
 * proposal) or declines. Only confirmed registrations of the same event, from another organisation, may answer.
 */
@Injectable()
export class IntentProposals {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(ManageLinks) private readonly links: ManageLinks,
    @Inject(IntentsService) private readonly intents: IntentsService,
  ) {}

  /** The confirmed registration a personal link names; anything else is the link error (404). */
  async registrationByToken(token: string): Promise<Registration> {
    const parsed = this.links.parse(token);
    const registration = parsed ? await this.db.manager.findOneBy(Registration, { id: parsed.id }) : null;
    if (!registration || !parsed || !(await this.links.verify(registration, parsed.signature)))
      throw new RegistrationError('link_invalid');
    const event = await this.db.manager.findOneByOrFail(Event, { id: registration.eventId });
    if (event.status === 'draft') throw new RegistrationError('link_invalid');
    return registration;
  }

  async propose(registration: Registration, dto: ProposeIntentDto): Promise<IntentProposal> {
    this.requireConfirmed(registration);
    return this.db.transaction(async (em) => {
      for (let attempt = 0; ; attempt += 1) {
        const code = proposalCode();
        if (await em.existsBy(IntentProposal, { code })) {
          if (attempt < 5) continue;
          throw new Error('no free proposal code');
        }
        return em.save(
          em.create(IntentProposal, {
            eventId: registration.eventId,
            code,
            proposerRegistrationId: registration.id,
            counterpartRegistrationId: null,
            title: dto.title.trim(),
            kind: dto.kind,
            valueWan: dto.valueWan ?? null,
            note: dto.note?.trim() || null,
            status: 'pending',
            intentId: null,
            answeredAt: null,
          }),
        );
      }
    });
  }

  /** A pending proposal of the registration's event by its code, as the other party sees it before answering. */
  async byCode(registration: Registration, code: string): Promise<ProposalView> {
    const proposal = await this.db.manager.findOneBy(IntentProposal, {
      code: code.trim().toUpperCase(),
      eventId: registration.eventId,
    });
    if (!proposal) throw this.notFound();
    if (proposal.proposerRegistrationId === registration.id)
      throw new IntentsError('intent_proposal_own', {}, [
        { field: 'code', reason: 'this is your own proposal: the other party confirms it from their page' },
      ]);
    return (await this.describe([proposal]))[0];
  }

  /**
   * The other party's answer. Claimed with a conditional update (pending → answered), so a double tap or both
   * phones at once answer once; a confirmation creates the intent in the same transaction.
   */
  async answer(
    registration: Registration,
    code: string,
    answer: 'confirm' | 'decline',
    now = new Date(),
  ): Promise<{ proposal: IntentProposal; intent: Intent | null }> {
    this.requireConfirmed(registration);
    const { proposal } = await this.byCode(registration, code);
    return this.db.transaction(async (em) => {
      const proposer = await em.findOneByOrFail(Registration, { id: proposal.proposerRegistrationId });
      const sameOrganisation =
        proposer.organisationId !== null
          ? proposer.organisationId === registration.organisationId
          : organisationNameKey(proposer.organisationName) === organisationNameKey(registration.organisationName);
      if (answer === 'confirm' && sameOrganisation)
        throw new IntentsError('intent_invalid', {}, [
          { field: 'code', reason: 'an intent is between different organisations: you are from the same one' },
        ]);
      const claimed = await em.update(
        IntentProposal,
        { id: proposal.id, status: 'pending' },
        {
          status: answer === 'confirm' ? 'confirmed' : 'declined',
          counterpartRegistrationId: registration.id,
          answeredAt: now,
        },
      );
      if (!claimed.affected)
        throw new IntentsError('intent_proposal_answered', {}, [
          { field: 'code', reason: 'this proposal was answered or withdrawn already' },
        ]);
      if (answer === 'decline')
        return { proposal: await em.findOneByOrFail(IntentProposal, { id: proposal.id }), intent: null };
      const intent = await this.intents.createIn(
        em,
        {
          title: proposal.title,
          kind: proposal.kind,
          subjectKind: 'free_text',
          subjectText: proposal.note,
          valueWan: proposal.valueWan,
          eventId: proposal.eventId,
          parties: [partyOfRegistration(proposer), partyOfRegistration(registration)],
          source: { kind: 'proposal', id: proposal.id },
          note: `由${proposer.name}在手机上提出，${registration.name}确认`,
        },
        { key: `registration:${registration.id}`, name: registration.name },
        now,
      );
      await em.update(IntentProposal, { id: proposal.id }, { intentId: intent.id });
      return { proposal: await em.findOneByOrFail(IntentProposal, { id: proposal.id }), intent };
    });
  }

  async withdraw(registration: Registration, proposalId: number): Promise<void> {
    await this.db.transaction(async (em) => {
      const done = await em.update(
        IntentProposal,
        { id: proposalId, proposerRegistrationId: registration.id, status: 'pending' },
        { status: 'withdrawn', answeredAt: new Date() },
      );
      if (!done.affected) throw this.notFound();
    });
  }

  /** What the personal page lists: my proposals (sent), those I answered, and the intents I am a party of. */
  async overview(
    registration: Registration,
  ): Promise<{ sent: ProposalView[]; answered: ProposalView[]; intents: IntentView[] }> {
    const em = this.db.manager;
    const [sent, answered] = await Promise.all([
      em.find(IntentProposal, { where: { proposerRegistrationId: registration.id }, order: { id: 'DESC' }, take: 50 }),
      em.find(IntentProposal, {
        where: { counterpartRegistrationId: registration.id },
        order: { id: 'DESC' },
        take: 50,
      }),
    ]);
    return {
      sent: await this.describe(sent),
      answered: await this.describe(answered),
      intents: await this.intents.ofPerson(registration.personId),
    };
  }

  private async describe(proposals: IntentProposal[]): Promise<ProposalView[]> {
    const ids = [
      ...new Set(
        proposals.flatMap((p) => [p.proposerRegistrationId, p.counterpartRegistrationId ?? 0]).filter(Boolean),
      ),
    ];
    const people = ids.length ? await this.db.manager.findBy(Registration, { id: In(ids) }) : [];
    const card = (id: number | null) => {
      const r = people.find((p) => p.id === id);
      return r ? { name: r.name, organisation: r.organisationName } : null;
    };
    return proposals.map((proposal) => ({
      proposal,
      proposer: card(proposal.proposerRegistrationId) ?? { name: '', organisation: '' },
      counterpart: card(proposal.counterpartRegistrationId),
    }));
  }

  private requireConfirmed(registration: Registration): void {
    if (registration.status !== 'confirmed')
      throw new IntentsError('intent_registration_not_confirmed', {}, [
        { field: 'registration', reason: 'only confirmed participants can propose or confirm intents' },
      ]);
  }

  private notFound() {
    return new IntentsError('intent_proposal_not_found', {}, [
      { field: 'code', reason: 'no open proposal of this event has this code' },
    ]);
  }
}
