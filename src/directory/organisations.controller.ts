import { Body, Controller, Get, Inject, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../common/auth.decorators.js';
import { CreateOrganisationDto, OrganisationSearchDto, UpdateOrganisationDto } from './dto/organisation.dto.js';
import { OrganisationsService } from './organisations.service.js';
import { ParseIdPipe } from '../common/id.js';

@ApiTags('organisations')
@ApiBearerAuth()
@Controller('api/organisations')
export class OrganisationsController {
  constructor(@Inject(OrganisationsService) private readonly organisations: OrganisationsService) {}

  @Get()
  @Roles('organiser')
  list(@Query() query: OrganisationSearchDto) {
    return this.organisations.list(query.q);
  }

  @Get(':id')
  @Roles('organiser')
  get(@Param('id', ParseIdPipe) id: number) {
    return this.organisations.get(id);
  }

  /** Creates the organisation (201), or answers the existing one with the same name (200). */
  @Post()
  @Roles('organiser')
  async create(@Body() dto: CreateOrganisationDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const { organisation, created } = await this.organisations.findOrCreate(dto);
    reply.status(created ? 201 : 200);
    return organisation;
  }

  @Patch(':id')
  @Roles('organiser')
  update(@Param('id', ParseIdPipe) id: number, @Body() dto: UpdateOrganisationDto) {
    return this.organisations.update(id, dto);
  }
}
