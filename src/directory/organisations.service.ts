import { Inject, Injectable } from '@nestjs/common';
import { Database } from '../database/database.service.js';
import { DirectoryError } from './directory.errors.js';
import { DirectoryService } from './directory.service.js';
import type { CreateOrganisationDto, UpdateOrganisationDto } from './dto/organisation.dto.js';
import { Organisation, organisationNameKey } from './organisation.entity.js';

/** The organisations API and console page: listing, reading, adding (through `DirectoryService`), editing. */
@Injectable()
export class OrganisationsService {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(DirectoryService) private readonly directory: DirectoryService,
  ) {}

  async list(query?: string): Promise<Organisation[]> {
    // A search longer than any name finds nothing more, and SQLite refuses LIKE patterns past 50,000 bytes.
    if (query && query.length > 200) query = query.slice(0, 200);
    const qb = this.db.manager.createQueryBuilder(Organisation, 'o').orderBy('o.name', 'ASC').take(500);
    if (query?.trim()) {
      const like = `%${query
        .trim()
        .toLowerCase()
        .replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
      qb.where(
        "(o.nameKey LIKE :like ESCAPE '\\' OR LOWER(o.nameEn) LIKE :like ESCAPE '\\' OR LOWER(o.shortName) LIKE :like ESCAPE '\\')",
        {
          like,
        },
      );
    }
    return qb.getMany();
  }

  async get(id: number): Promise<Organisation> {
    const found = await this.db.manager.findOneBy(Organisation, { id });
    if (!found) throw new DirectoryError('organisation_not_found', { id });
    return found;
  }

  /**
   * Creates the organisation, or answers the existing one of the same name, with its empty fields filled from
   * the request (the directory's rule: nothing it already knows is overwritten).
   */
  async findOrCreate(dto: CreateOrganisationDto): Promise<{ organisation: Organisation; created: boolean }> {
    return this.db.transaction((em) => this.directory.resolveOrganisationIn(em, dto));
  }

  async update(id: number, dto: UpdateOrganisationDto): Promise<Organisation> {
    return this.db.transaction(async (em) => {
      const organisation = await em.findOneBy(Organisation, { id });
      if (!organisation) throw new DirectoryError('organisation_not_found', { id });
      if (dto.name !== undefined) {
        const nameKey = organisationNameKey(dto.name);
        const clash = await em.findOneBy(Organisation, { nameKey });
        if (clash && clash.id !== id) {
          throw new DirectoryError('organisation_name_taken', { existingId: clash.id }, [
            { field: 'name', reason: 'another organisation already has this name' },
          ]);
        }
        Object.assign(organisation, { name: dto.name.trim(), nameKey });
      }
      for (const key of [
        'nameEn',
        'shortName',
        'shortNameEn',
        'kind',
        'region',
        'regionEn',
        'description',
        'descriptionEn',
      ] as const) {
        if (dto[key] !== undefined) Object.assign(organisation, { [key]: dto[key] });
      }
      return em.save(organisation);
    });
  }
}
