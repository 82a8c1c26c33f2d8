import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Database } from '../database/database.service.js';
import type { MatchCategoryDto } from './dto/library.dto.js';
import { MatchCategory } from './match-category.entity.js';
import { MatchmakingError } from './matchmaking.errors.js';

/** The domain categories of the libraries: the six built in (seeded by the migration) and the organisers' own. */
@Injectable()
export class MatchCategoriesService {
  constructor(@Inject(Database) private readonly db: Database) {}

  list(em: EntityManager = this.db.manager): Promise<MatchCategory[]> {
    return em.find(MatchCategory, { order: { position: 'ASC', id: 'ASC' } });
  }

  async byCode(em: EntityManager = this.db.manager): Promise<Map<string, MatchCategory>> {
    return new Map((await this.list(em)).map((c) => [c.code, c]));
  }

  /** Answers the category of a code, or a 400 naming the field. */
  async require(em: EntityManager, code: string, field = 'category'): Promise<MatchCategory> {
    const found = await em.findOneBy(MatchCategory, { code });
    if (!found) {
      throw new MatchmakingError('match_category_not_found', { code }, [
        { field, reason: `not a category code (${code})` },
      ]);
    }
    return found;
  }

  add(dto: MatchCategoryDto): Promise<MatchCategory> {
    return this.db.transaction(async (em) => {
      if (await em.findOneBy(MatchCategory, { code: dto.code })) {
        throw new MatchmakingError('match_category_code_taken', { code: dto.code }, [
          { field: 'code', reason: 'another category has this code' },
        ]);
      }
      const last = await em.find(MatchCategory, { order: { position: 'DESC' }, take: 1 });
      return em.save(
        em.create(MatchCategory, {
          code: dto.code,
          name: dto.name.trim(),
          nameEn: dto.nameEn?.trim() ?? null,
          position: (last[0]?.position ?? 0) + 1,
          builtIn: false,
        }),
      );
    });
  }
}
