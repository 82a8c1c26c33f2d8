import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth.decorators.js';
import { ParseIdPipe } from '../common/id.js';
import { AchievementsService } from './achievements.service.js';
import { CreateAchievementDto, ListLibraryQueryDto, UpdateAchievementDto } from './dto/library.dto.js';
import { achievementJson } from './library-views.js';
import { MatchCategoriesService } from './match-categories.service.js';
import type { Achievement } from './achievement.entity.js';

@ApiTags('matchmaking')
@ApiBearerAuth()
@Controller('api/achievements')
export class AchievementsController {
  constructor(
    private readonly achievements: AchievementsService,
    private readonly categories: MatchCategoriesService,
  ) {}

  private async json(a: Achievement) {
    return achievementJson(a, await this.categories.byCode(), { contactDetails: true });
  }

  @Get()
  @Roles('organiser')
  @ApiOperation({ summary: 'The achievement library (成果库), searched (q), by category, paged' })
  async list(@Query() query: ListLibraryQueryDto) {
    const page = await this.achievements.page(query);
    const categories = await this.categories.byCode();
    const items = page.items.map((a) => achievementJson(a, categories, { contactDetails: true }));
    return { total: page.total, page: page.page, pageSize: page.pageSize, items };
  }

  @Post()
  @Roles('organiser')
  async create(@Body() dto: CreateAchievementDto) {
    const created = await this.achievements.create(dto);
    return this.json(await this.achievements.get(created.id));
  }

  @Get(':id')
  @Roles('organiser')
  async get(@Param('id', ParseIdPipe) id: number) {
    return this.json(await this.achievements.get(id));
  }

  @Patch(':id')
  @Roles('organiser')
  async update(@Param('id', ParseIdPipe) id: number, @Body() dto: UpdateAchievementDto) {
    return this.json(await this.achievements.update(id, dto));
  }

  @Delete(':id')
  @Roles('organiser')
  @HttpCode(204)
  async remove(@Param('id', ParseIdPipe) id: number) {
    await this.achievements.remove(id);
  }
}
