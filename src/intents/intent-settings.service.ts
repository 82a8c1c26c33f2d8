import { Inject, Injectable } from '@nestjs/common';
import { Database } from '../database/database.service.js';
import { Setting } from '../settings/setting.entity.js';

const IDLE_DAYS = 'intents.idle-days';
export const DEFAULT_IDLE_DAYS = 14;

export interface PipelineSettings {
  /** Days without activity after which the owner of an open intent is reminded (0: never). */
  idleDays: number;
}

/** The pipeline's settings, kept as installation settings (the `settings` table) so every instance shares them. */
@Injectable()
export class IntentSettings {
  constructor(@Inject(Database) private readonly db: Database) {}

  async get(): Promise<PipelineSettings> {
    const row = await this.db.manager.findOneBy(Setting, { key: IDLE_DAYS });
    const value = row ? Number(row.value) : NaN;
    return { idleDays: Number.isInteger(value) && value >= 0 ? value : DEFAULT_IDLE_DAYS };
  }

  async set(settings: PipelineSettings): Promise<PipelineSettings> {
    await this.db.transaction(async (em) => {
      const value = String(settings.idleDays);
      await em.createQueryBuilder().insert().into(Setting).values({ key: IDLE_DAYS, value }).orIgnore().execute();
      await em.update(Setting, { key: IDLE_DAYS }, { value });
    });
    return this.get();
  }
}
