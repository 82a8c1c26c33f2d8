import { Controller, Get, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AccessService } from '../../accounts/access.service.js';
import { Roles } from '../../common/auth.decorators.js';
import { Database } from '../../database/database.service.js';
import { Event } from '../../events/event.entity.js';
import type { Html } from '../../web/html.js';
import { Views } from '../../web/views.service.js';

/** Staff pages: the events a staff member works at (the scanner arrives with check-in). */
@ApiExcludeController()
@Controller('staff')
export class StaffPagesController {
  constructor(
    private readonly views: Views,
    private readonly db: Database,
    private readonly access: AccessService,
  ) {}

  @Get()
  @Roles('staff')
  async home(@Req() request: FastifyRequest): Promise<Html> {
    const principal = request.principal!;
    // Organisers may scan anywhere: they are offered the published events; staff the events they may scan at.
    const candidates = await this.db.manager.find(Event, {
      where: principal.role === 'organiser' ? { status: 'published' } : {},
      order: { startsAt: 'ASC' },
    });
    const allowed = await this.access.checkAccess(
      principal,
      'event.checkIn',
      candidates.map((e) => e.id),
    );
    const events = candidates.filter((e) => allowed.has(e.id));
    return this.views.page(request, 'staff/home', { events }, { title: 'staff.title', area: 'staff' });
  }
}
