import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Public, Roles } from '../common/auth.decorators.js';
import { MatchCategoryDto } from './dto/library.dto.js';
import { MatchCategoriesService } from './match-categories.service.js';

@ApiTags('matchmaking')
@ApiBearerAuth()
@Controller('api/match-categories')
export class MatchCategoriesController {
  constructor(private readonly categories: MatchCategoriesService) {}

  @Get()
  @Public()
  list() {
    return this.categories.list();
  }

  @Post()
  @Roles('organiser')
  add(@Body() dto: MatchCategoryDto) {
    return this.categories.add(dto);
  }
}
