import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Database } from '../database/database.service.js';
import { Achievement, type LibraryItemStatus } from './achievement.entity.js';
import type { CreateAchievementDto, UpdateAchievementDto } from './dto/library.dto.js';
import { EventListing } from './event-listing.entity.js';
import { LibraryContacts } from './library-contacts.service.js';
import { libraryPage, type LibraryPageQuery, itemsByIds } from './library-query.js';
import { LibraryVersion } from './library-version.js';
import { LibrarySearch, searchColumns } from './library-search.js';
import { MatchCategoriesService } from './match-categories.service.js';
import { MatchmakingError } from './matchmaking.errors.js';

export interface StageOptions {
  status: LibraryItemStatus;
  importId: string | null;
}

const VISIBLE: StageOptions = { status: 'active', importId: null };

function searchable(
  a: Pick<Achievement, 'title' | 'titleEn' | 'summary' | 'keywords' | 'cooperationSought' | 'patents'> & {
    owner?: { name: string };
  },
) {
  return searchColumns({
    title: [a.title, a.titleEn].filter(Boolean).join(' '),
    text: [a.summary, a.keywords.join(' '), a.owner?.name ?? '', a.cooperationSought ?? '', a.patents ?? ''].join(' '),
  });
}

/**
 * The achievement library (成果库), kept across events: create, change and remove achievements, each write with its
 * search-index entry in the same transaction, and pages of the library with search.
 */
@Injectable()
export class AchievementsService {
  readonly search: LibrarySearch;

  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(MatchCategoriesService) private readonly categories: MatchCategoriesService,
    @Inject(LibraryContacts) private readonly contacts: LibraryContacts,
    @Inject(LibraryVersion) private readonly version: LibraryVersion,
  ) {
    this.search = new LibrarySearch(db.isSqlite);
  }

  async create(dto: CreateAchievementDto): Promise<Achievement> {
    const created = await this.db.transaction((em) => this.createIn(em, dto, VISIBLE));
    this.version.bump();
    return created;
  }

  async createIn(em: EntityManager, dto: CreateAchievementDto, stage: StageOptions): Promise<Achievement> {
    this.version.bump();
    await this.categories.require(em, dto.category);
    const parties = await this.contacts.resolveIn(em, {
      organisation: dto.owner,
      organisationKind: dto.ownerKind ?? 'enterprise',
      contactName: dto.contactName,
      contactEmail: dto.contactEmail,
      contactPhone: dto.contactPhone,
    });
    const achievement = em.create(Achievement, {
      title: dto.title.trim(),
      titleEn: dto.titleEn?.trim() || null,
      summary: dto.summary.trim(),
      categoryCode: dto.category,
      maturity: dto.maturity,
      transferModes: [...new Set(dto.transferModes)],
      ownerOrganisationId: parties.organisationId,
      contactPersonId: parties.personId,
      keywords: cleanKeywords(dto.keywords),
      patents: dto.patents?.trim() || null,
      cooperationSought: dto.cooperationSought?.trim() || null,
      status: stage.status,
      importId: stage.importId,
    });
    Object.assign(achievement, searchable({ ...achievement, owner: { name: dto.owner.trim() } }));
    await em.save(achievement);
    await this.search.write(em, 'achievement', [achievement]);
    return achievement;
  }

  async update(id: number, dto: UpdateAchievementDto): Promise<Achievement> {
    const updated = await this.db.transaction(async (em) => {
      const a = await this.getIn(em, id);
      if (dto.category !== undefined) {
        await this.categories.require(em, dto.category);
        a.categoryCode = dto.category;
      }
      if (dto.owner !== undefined || dto.contactName !== undefined || dto.contactEmail !== undefined) {
        const parties = await this.contacts.resolveIn(em, {
          organisation: dto.owner ?? a.owner!.name,
          organisationKind: dto.ownerKind ?? 'enterprise',
          contactName: dto.contactName ?? a.contact?.name,
          contactEmail: dto.contactEmail ?? a.contact?.email,
          contactPhone: dto.contactPhone ?? a.contact?.phone,
        });
        a.ownerOrganisationId = parties.organisationId;
        a.contactPersonId = parties.personId;
      }
      if (dto.title !== undefined) a.title = dto.title.trim();
      if (dto.titleEn !== undefined) a.titleEn = dto.titleEn.trim() || null;
      if (dto.summary !== undefined) a.summary = dto.summary.trim();
      if (dto.maturity !== undefined) a.maturity = dto.maturity;
      if (dto.transferModes !== undefined) a.transferModes = [...new Set(dto.transferModes)];
      if (dto.keywords !== undefined) a.keywords = cleanKeywords(dto.keywords);
      if (dto.patents !== undefined) a.patents = dto.patents.trim() || null;
      if (dto.cooperationSought !== undefined) a.cooperationSought = dto.cooperationSought.trim() || null;
      // The loaded relations would win over the changed ids.
      delete a.owner;
      delete a.contact;
      await em.save(a);
      const saved = await this.getIn(em, id);
      await this.reindex(em, saved);
      return saved;
    });
    this.version.bump();
    return updated;
  }

  async remove(id: number): Promise<void> {
    await this.db.transaction(async (em) => {
      await this.getIn(em, id);
      await em.delete(EventListing, { kind: 'achievement', itemId: id });
      await this.search.remove(em, 'achievement', [id]);
      await em.delete(Achievement, { id });
    });
    this.version.bump();
  }

  get(id: number): Promise<Achievement> {
    return this.getIn(this.db.manager, id);
  }

  async getIn(em: EntityManager, id: number): Promise<Achievement> {
    const found = await em.findOne(Achievement, {
      where: { id, status: 'active' },
      relations: { owner: true, contact: true },
    });
    if (!found) throw new MatchmakingError('achievement_not_found', { id });
    return found;
  }

  /** Achievements by id, in the order given (unknown ids left out). */
  async byIds(ids: readonly number[], em: EntityManager = this.db.manager): Promise<Achievement[]> {
    return itemsByIds(em, Achievement, ids, { owner: true, contact: true });
  }

  async page(query: LibraryPageQuery & { eventId?: number }) {
    const page = await libraryPage(this.db.manager, this.search, 'achievement', query);
    return { ...page, items: await this.byIds(page.ids) };
  }

  /** Rewrites the stored search text and the index entry (SQLite FTS5) of an achievement. */
  async reindex(em: EntityManager, a: Achievement): Promise<void> {
    const columns = searchable(a);
    await em.update(Achievement, { id: a.id }, columns);
    await this.search.write(em, 'achievement', [{ id: a.id, ...columns }]);
  }
}

export function cleanKeywords(keywords: readonly string[] | undefined): string[] {
  return [...new Set((keywords ?? []).map((k) => k.trim()).filter(Boolean))];
}
