import { Inject, Injectable } from '@nestjs/common';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EntityManager } from 'typeorm';
import { PROJECT_ROOT } from '../common/paths.js';
import { Event } from '../events/event.entity.js';
import { AchievementsService } from './achievements.service.js';
import { DemandsService } from './demands.service.js';
import type { CreateAchievementDto, CreateDemandDto } from './dto/library.dto.js';
import { EventListsService } from './event-lists.service.js';

export const LIBRARY_DEMO_DIR = join(PROJECT_ROOT, 'data', 'demo', 'matchmaking');

interface DemoList<T> {
  listName: string;
  listNameEn?: string;
  items: T[];
}

interface LibraryDemoFile {
  /** The slug of the demo event that publishes the lists. */
  event: string;
  achievements: DemoList<CreateAchievementDto>[];
  demands: DemoList<CreateDemandDto>[];
}

/**
 * The demo libraries (data/demo/matchmaking/*.json): achievements and demands created through the services and
 * listed at their demo event, inside the demo loader's transaction.
 */
@Injectable()
export class LibraryDemo {
  constructor(
    @Inject(AchievementsService) private readonly achievements: AchievementsService,
    @Inject(DemandsService) private readonly demands: DemandsService,
    @Inject(EventListsService) private readonly lists: EventListsService,
  ) {}

  async loadIn(em: EntityManager): Promise<{ achievements: number; demands: number }> {
    const counts = { achievements: 0, demands: 0 };
    if (!existsSync(LIBRARY_DEMO_DIR)) return counts;
    const files = readdirSync(LIBRARY_DEMO_DIR)
      .filter((f) => f.endsWith('.json'))
      .sort();
    for (const file of files) {
      const demo = JSON.parse(readFileSync(join(LIBRARY_DEMO_DIR, file), 'utf8')) as LibraryDemoFile;
      const event = await em.findOneBy(Event, { slug: demo.event });
      if (!event) throw new Error(`Demo ${file}: no event ${demo.event}`);
      for (const list of demo.achievements) {
        const ids: number[] = [];
        for (const dto of list.items) {
          ids.push((await this.achievements.createIn(em, dto, { status: 'active', importId: null })).id);
        }
        await this.lists.addIn(em, event.id, 'achievement', ids, list);
        counts.achievements += ids.length;
      }
      for (const list of demo.demands) {
        const ids: number[] = [];
        for (const dto of list.items) {
          ids.push((await this.demands.createIn(em, dto, { status: 'active', importId: null })).id);
        }
        await this.lists.addIn(em, event.id, 'demand', ids, list);
        counts.demands += ids.length;
      }
    }
    return counts;
  }
}
