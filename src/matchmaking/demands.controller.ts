import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public, RateLimit, Roles } from '../common/auth.decorators.js';
import { ParseIdPipe } from '../common/id.js';
import type { DemandBid } from './demand-bid.entity.js';
import type { Demand } from './demand.entity.js';
import { DemandsService } from './demands.service.js';
import { CreateBidDto, CreateDemandDto, ListLibraryQueryDto, UpdateDemandDto } from './dto/library.dto.js';
import { demandJson } from './library-views.js';
import { MatchCategoriesService } from './match-categories.service.js';

function bidJson(b: DemandBid) {
  return {
    id: b.id,
    demandId: b.demandId,
    solver: b.solver ? { id: b.solver.id, name: b.solver.name } : { id: b.solverOrganisationId },
    approach: b.approach,
    contactName: b.contactName,
    contactEmail: b.contactEmail,
    contactPhone: b.contactPhone,
    registrationId: b.registrationId,
    createdAt: b.createdAt,
  };
}

@ApiTags('matchmaking')
@ApiBearerAuth()
@Controller('api/demands')
export class DemandsController {
  constructor(
    private readonly demands: DemandsService,
    private readonly categories: MatchCategoriesService,
  ) {}

  private async json(d: Demand) {
    return demandJson(d, await this.categories.byCode(), { contactDetails: true });
  }

  @Get()
  @Roles('organiser')
  @ApiOperation({ summary: 'The demand library (需求库), searched (q), by category, paged' })
  async list(@Query() query: ListLibraryQueryDto) {
    const page = await this.demands.page(query);
    const categories = await this.categories.byCode();
    const items = page.items.map((d) => demandJson(d, categories, { contactDetails: true }));
    return { total: page.total, page: page.page, pageSize: page.pageSize, items };
  }

  @Post()
  @Roles('organiser')
  async create(@Body() dto: CreateDemandDto) {
    const created = await this.demands.create(dto);
    return this.json(await this.demands.get(created.id));
  }

  @Get(':id')
  @Roles('organiser')
  async get(@Param('id', ParseIdPipe) id: number) {
    return this.json(await this.demands.get(id));
  }

  @Patch(':id')
  @Roles('organiser')
  async update(@Param('id', ParseIdPipe) id: number, @Body() dto: UpdateDemandDto) {
    return this.json(await this.demands.update(id, dto));
  }

  @Delete(':id')
  @Roles('organiser')
  @HttpCode(204)
  async remove(@Param('id', ParseIdPipe) id: number) {
    await this.demands.remove(id);
  }

  @Get(':id/bids')
  @Roles('organiser')
  async bids(@Param('id', ParseIdPipe) id: number) {
    return (await this.demands.bids(id)).map(bidJson);
  }

  @Post(':id/bids')
  @Public()
  @RateLimit({ name: 'demand-bid', limit: 30, windowSeconds: 60 })
  @ApiOperation({
    summary:
      'Bids on an open call (揭榜): an organiser, or an attendee of an event listing the demand with their personal-link token',
  })
  async bid(@Param('id', ParseIdPipe) id: number, @Body() dto: CreateBidDto, @Req() request: FastifyRequest) {
    return bidJson(await this.demands.bid(id, dto, request.principal));
  }
}
