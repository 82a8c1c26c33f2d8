import { Body, Controller, Get, Inject, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Public, Roles } from '../common/auth.decorators.js';
import { CreateSeriesDto, UpdateSeriesDto } from './dto/series.dto.js';
import { EventsService } from './events.service.js';
import { ParseIdPipe } from '../common/id.js';

@ApiTags('series')
@ApiBearerAuth()
@Controller('api/series')
export class SeriesController {
  constructor(@Inject(EventsService) private readonly events: EventsService) {}

  @Get()
  @Public()
  list() {
    return this.events.listSeries();
  }

  @Post()
  @Roles('organiser')
  create(@Body() dto: CreateSeriesDto) {
    return this.events.createSeries(dto);
  }

  @Patch(':id')
  @Roles('organiser')
  update(@Param('id', ParseIdPipe) id: number, @Body() dto: UpdateSeriesDto) {
    return this.events.updateSeries(id, dto);
  }
}
