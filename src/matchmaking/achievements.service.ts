import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Database } from '../database/database.service.js';
import { Achievement } from './achievement.entity.js';
import { LibraryAttachments } from './attachments/library-attachments.service.js';
import type { CreateAchievementDto, UpdateAchievementDto } from './dto/library.dto.js';
import { LibraryContacts } from './library-contacts.service.js';
import { cleanKeywords, LibraryItemService, VISIBLE, type StageOptions } from './library-item.service.js';
import { LibraryVersion } from './library-version.js';
import { MatchCategoriesService } from './match-categories.service.js';

/**
 * The achievement library (成果库), kept across events: create and change achievements, each write with its
 * search-index entry in the same transaction (reading, pages, removal: LibraryItemService).
 */
@Injectable()
export class AchievementsService extends LibraryItemService<Achievement> {
  constructor(
    @Inject(Database) db: Database,
    @Inject(MatchCategoriesService) private readonly categories: MatchCategoriesService,
    @Inject(LibraryContacts) contacts: LibraryContacts,
    @Inject(LibraryVersion) version: LibraryVersion,
    @Inject(LibraryAttachments) attachments: LibraryAttachments,
  ) {
    super(
      { db, contacts, version, attachments },
      {
        kind: 'achievement',
        entity: Achievement,
        organisation: 'owner',
        document: (a, owner) => ({
          title: [a.title, a.titleEn].filter(Boolean).join(' '),
          text: [a.summary, a.keywords.join(' '), owner, a.cooperationSought ?? '', a.patents ?? ''].join(' '),
        }),
      },
    );
  }

  create(dto: CreateAchievementDto): Promise<Achievement> {
    return this.write((em) => this.createIn(em, dto, VISIBLE));
  }

  async createIn(em: EntityManager, dto: CreateAchievementDto, stage: StageOptions): Promise<Achievement> {
    this.version.bump();
    await this.categories.require(em, dto.category);
    const parties = await this.newPartiesIn(em, { ...dto, organisation: dto.owner, organisationKind: dto.ownerKind });
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
    return this.insertIn(em, achievement, dto.owner.trim());
  }

  update(id: number, dto: UpdateAchievementDto): Promise<Achievement> {
    return this.write(async (em) => {
      const a = await this.getIn(em, id);
      if (dto.category !== undefined) {
        await this.categories.require(em, dto.category);
        a.categoryCode = dto.category;
      }
      const parties = await this.changedPartiesIn(em, a, {
        ...dto,
        organisation: dto.owner,
        organisationKind: dto.ownerKind,
      });
      if (parties) {
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
      return this.saveChangedIn(em, a);
    });
  }
}
