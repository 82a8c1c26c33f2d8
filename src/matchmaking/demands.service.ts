import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { invalidField } from '../common/domain-error.js';
import type { Principal } from '../common/request-context.js';
import { Database } from '../database/database.service.js';
import { Event } from '../events/event.entity.js';
import { ManageLinks } from '../registration/manage-links.service.js';
import { Registration } from '../registration/registration.entity.js';
import { LibraryAttachments } from './attachments/library-attachments.service.js';
import { DemandBid } from './demand-bid.entity.js';
import { Demand } from './demand.entity.js';
import type { CreateBidDto, CreateDemandDto, UpdateDemandDto } from './dto/library.dto.js';
import { EventListing } from './event-listing.entity.js';
import { LibraryContacts } from './library-contacts.service.js';
import { LibraryItemService, VISIBLE, type StageOptions } from './library-item.service.js';
import { LibraryVersion } from './library-version.js';
import { MatchCategoriesService } from './match-categories.service.js';
import { MatchmakingError } from './matchmaking.errors.js';

function checkBudget(min: number | null | undefined, max: number | null | undefined): void {
  if (min != null && max != null && min > max) throw invalidField('budgetMax', 'budgetMax must not be below budgetMin');
}

/**
 * The demand library (需求库), kept across events: demands of cities and enterprises with their search-index entries
 * (written in the same transaction; reading, pages, removal: LibraryItemService), and bids on open calls (揭榜挂帅).
 */
@Injectable()
export class DemandsService extends LibraryItemService<Demand> {
  constructor(
    @Inject(Database) db: Database,
    @Inject(MatchCategoriesService) private readonly categories: MatchCategoriesService,
    @Inject(LibraryContacts) contacts: LibraryContacts,
    @Inject(ManageLinks) private readonly links: ManageLinks,
    @Inject(LibraryVersion) version: LibraryVersion,
    @Inject(LibraryAttachments) attachments: LibraryAttachments,
  ) {
    super(
      { db, contacts, version, attachments },
      {
        kind: 'demand',
        entity: Demand,
        organisation: 'publisher',
        document: (d, publisher) => ({
          title: [d.title, d.titleEn].filter(Boolean).join(' '),
          text: [d.description, publisher, d.city ?? ''].join(' '),
        }),
      },
    );
  }

  create(dto: CreateDemandDto): Promise<Demand> {
    return this.write((em) => this.createIn(em, dto, VISIBLE));
  }

  async createIn(em: EntityManager, dto: CreateDemandDto, stage: StageOptions): Promise<Demand> {
    this.version.bump();
    checkBudget(dto.budgetMin, dto.budgetMax);
    await this.categories.require(em, dto.category);
    const parties = await this.newPartiesIn(em, {
      ...dto,
      organisation: dto.publisher,
      organisationKind: dto.publisherKind,
    });
    const demand = em.create(Demand, {
      title: dto.title.trim(),
      titleEn: dto.titleEn?.trim() || null,
      description: dto.description.trim(),
      categoryCode: dto.category,
      publisherOrganisationId: parties.organisationId,
      city: dto.city?.trim() || null,
      budgetMin: dto.budgetMin ?? null,
      budgetMax: dto.budgetMax ?? null,
      deadline: dto.deadline ?? null,
      openCall: dto.openCall ?? false,
      contactPersonId: parties.personId,
      status: stage.status,
      importId: stage.importId,
    });
    return this.insertIn(em, demand, dto.publisher.trim());
  }

  update(id: number, dto: UpdateDemandDto): Promise<Demand> {
    return this.write(async (em) => {
      const d = await this.getIn(em, id);
      if (dto.category !== undefined) {
        await this.categories.require(em, dto.category);
        d.categoryCode = dto.category;
      }
      const parties = await this.changedPartiesIn(em, d, {
        ...dto,
        organisation: dto.publisher,
        organisationKind: dto.publisherKind,
      });
      if (parties) {
        d.publisherOrganisationId = parties.organisationId;
        d.contactPersonId = parties.personId;
      }
      if (dto.title !== undefined) d.title = dto.title.trim();
      if (dto.titleEn !== undefined) d.titleEn = dto.titleEn.trim() || null;
      if (dto.description !== undefined) d.description = dto.description.trim();
      if (dto.city !== undefined) d.city = dto.city.trim() || null;
      if (dto.budgetMin !== undefined) d.budgetMin = dto.budgetMin;
      if (dto.budgetMax !== undefined) d.budgetMax = dto.budgetMax;
      if (dto.deadline !== undefined) d.deadline = dto.deadline;
      if (dto.openCall !== undefined) d.openCall = dto.openCall;
      checkBudget(d.budgetMin, d.budgetMax);
      return this.saveChangedIn(em, d);
    });
  }

  // ---- bids on open calls

  /**
   * A bid on an open call, by an organiser or by an attendee through their personal link: the registration must
   * be confirmed for a published event whose lists hold the demand.
   */
  bid(demandId: number, dto: CreateBidDto, principal: Principal | undefined): Promise<DemandBid> {
    return this.db.transaction(async (em) => {
      const demand = await this.getIn(em, demandId);
      if (!demand.openCall) throw new MatchmakingError('not_an_open_call', { id: demandId });
      const registrationId = principal?.role === 'organiser' ? null : await this.bidder(em, demandId, dto.token);
      const { organisationId } = await this.contacts.resolveIn(em, {
        organisation: dto.organisation,
        organisationKind: 'enterprise',
      });
      return em.save(
        em.create(DemandBid, {
          demandId,
          solverOrganisationId: organisationId,
          approach: dto.approach.trim(),
          contactName: dto.contactName.trim(),
          contactEmail: dto.contactEmail.trim().toLowerCase(),
          contactPhone: dto.contactPhone?.trim() || null,
          registrationId,
        }),
      );
    });
  }

  private async bidder(em: EntityManager, demandId: number, token: string | undefined): Promise<number> {
    const parsed = token ? this.links.parse(token) : undefined;
    const registration = parsed ? await em.findOneBy(Registration, { id: parsed.id }) : null;
    if (!registration || !parsed || !(await this.links.verify(registration, parsed.signature))) {
      throw new MatchmakingError('bid_not_allowed', { reason: 'personal_link_required' });
    }
    const listed = await em
      .createQueryBuilder(EventListing, 'l')
      .innerJoin(Event, 'e', 'e.id = l.eventId')
      .where('l.kind = :kind AND l.itemId = :demandId AND l.eventId = :eventId', {
        kind: 'demand',
        demandId,
        eventId: registration.eventId,
      })
      .andWhere("e.status <> 'draft'")
      .getCount();
    if (registration.status !== 'confirmed' || listed === 0) {
      throw new MatchmakingError('bid_not_allowed', { reason: 'not_an_attendee_of_a_listing_event' });
    }
    return registration.id;
  }

  bids(demandId: number): Promise<DemandBid[]> {
    return this.db.manager.find(DemandBid, {
      where: { demandId },
      relations: { solver: true },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }
}
