import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public, RateLimit, Roles } from '../common/auth.decorators.js';
import { ParseIdPipe } from '../common/id.js';
import { AccessService } from '../accounts/access.service.js';
import {
  CategoryDto,
  CreateRegistrationDto,
  DecisionDto,
  ListRegistrationsQueryDto,
  OrganiserUpdateRegistrationDto,
  QuestionDto,
  RegistrationSettingsDto,
  UpdateCategoryDto,
  UpdateQuestionDto,
} from './dto/registration.dto.js';
// Registration bodies that pass its check skip class-validator in the global pipe (the burst's busiest route).
import './dto/registration-body.check.js';
import { ManageLinks } from './manage-links.service.js';
import type { Registration } from './registration.entity.js';
import { RegistrationsService, type RegistrationForm } from './registrations.service.js';

function formJson(form: RegistrationForm) {
  return {
    eventId: form.event.id,
    open: form.open,
    state: form.state,
    /** Why nobody can register now: not_published, not_yet, closed or no_categories; null when open. */
    reason: form.reason,
    /** Whether a registration must name its category (false when the form offers exactly one). */
    categoryRequired: form.categories.length > 1,
    opensAt: form.settings.opensAt,
    closesAt: form.settings.closesAt ?? form.event.endsAt,
    capacity: form.settings.capacity,
    consentText: form.settings.consentText,
    consentTextEn: form.settings.consentTextEn,
    categories: form.categories.map((c) => ({
      id: c.id,
      code: c.code,
      name: c.name,
      nameEn: c.nameEn,
      approval: c.approval,
      capacity: c.capacity,
      seatsLeft: c.seatsLeft,
    })),
    questions: form.questions.map((q) => ({
      code: q.code,
      kind: q.kind,
      label: q.label,
      labelEn: q.labelEn,
      required: q.required,
      options: q.options,
    })),
  };
}

function registrationJson(r: Registration) {
  return {
    id: r.id,
    eventId: r.eventId,
    status: r.status,
    category: r.category?.code,
    categoryId: r.categoryId,
    name: r.name,
    email: r.email,
    phone: r.phone,
    organisation: r.organisationName,
    organisationId: r.organisationId,
    title: r.title,
    answers: r.answers ?? {},
    locale: r.locale,
    source: r.source,
    decisionReason: r.decisionReason,
    consentAt: r.consentAt,
    confirmedAt: r.confirmedAt,
    cancelledAt: r.cancelledAt,
    createdAt: r.createdAt,
  };
}

@ApiTags('registration')
@ApiBearerAuth()
@Controller('api')
export class RegistrationsController {
  constructor(
    private readonly registrations: RegistrationsService,
    private readonly links: ManageLinks,
    private readonly access: AccessService,
  ) {}

  @Get('events/:eventId/registration-form')
  @Public()
  @ApiOperation({ summary: 'The categories (with seats left) and questions of an event’s registration form' })
  async form(@Param('eventId', ParseIdPipe) eventId: number, @Req() request: FastifyRequest) {
    await this.access.requireAccess(request.principal ?? null, 'event.read', eventId);
    return formJson(await this.registrations.form(eventId));
  }

  @Post('events/:eventId/registrations')
  @Public()
  @RateLimit({ name: 'register', limit: 120, windowSeconds: 60 })
  @ApiOperation({
    summary: 'Register: answers {id, status, manageUrl}; the same email again answers the existing registration (200)',
  })
  async register(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Body() dto: CreateRegistrationDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { registration, created } = await this.registrations.register(eventId, dto, 'api');
    reply.status(created ? 201 : 200);
    return {
      id: registration.id,
      status: registration.status,
      manageUrl: created ? await this.links.url(registration) : null,
    };
  }

  @Get('events/:eventId/registrations')
  @Roles('organiser')
  async list(@Param('eventId', ParseIdPipe) eventId: number, @Query() query: ListRegistrationsQueryDto) {
    return (await this.registrations.list(eventId, query)).map(registrationJson);
  }

  @Get('events/:eventId/registration-counts')
  @Roles('organiser')
  counts(@Param('eventId', ParseIdPipe) eventId: number) {
    return this.registrations.counts(eventId);
  }

  @Get('registrations/:id')
  @Roles('organiser')
  async get(@Param('id', ParseIdPipe) id: number) {
    return registrationJson(await this.registrations.get(id));
  }

  @Patch('registrations/:id')
  @Roles('organiser')
  async update(@Param('id', ParseIdPipe) id: number, @Body() dto: OrganiserUpdateRegistrationDto) {
    return registrationJson(await this.registrations.updateByOrganiser(id, dto));
  }

  @Post('registrations/:id/approve')
  @Roles('organiser')
  @HttpCode(200)
  async approve(@Param('id', ParseIdPipe) id: number) {
    return registrationJson(await this.registrations.approve(id));
  }

  @Post('registrations/:id/reject')
  @Roles('organiser')
  @HttpCode(200)
  async reject(@Param('id', ParseIdPipe) id: number, @Body() dto: DecisionDto) {
    return registrationJson(await this.registrations.reject(id, dto.reason));
  }

  @Post('registrations/:id/cancel')
  @Roles('organiser')
  @HttpCode(200)
  async cancel(@Param('id', ParseIdPipe) id: number, @Body() dto: DecisionDto) {
    return registrationJson(await this.registrations.cancel(id, dto.reason));
  }

  @Post('registrations/:id/renew-link')
  @Roles('organiser')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Revokes the personal link (page, badge, calendar feed) and emails a new one to the attendee',
  })
  async renewLink(@Param('id', ParseIdPipe) id: number) {
    return registrationJson(await this.registrations.renewLink(id));
  }

  @Put('events/:eventId/registration-settings')
  @Roles('organiser')
  settings(@Param('eventId', ParseIdPipe) eventId: number, @Body() dto: RegistrationSettingsDto) {
    return this.registrations.updateSettings(eventId, dto);
  }

  @Post('events/:eventId/categories')
  @Roles('organiser')
  addCategory(@Param('eventId', ParseIdPipe) eventId: number, @Body() dto: CategoryDto) {
    return this.registrations.addCategory(eventId, dto);
  }

  @Patch('events/:eventId/categories/:categoryId')
  @Roles('organiser')
  updateCategory(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Param('categoryId', ParseIdPipe) categoryId: number,
    @Body() dto: UpdateCategoryDto,
  ) {
    return this.registrations.updateCategory(eventId, categoryId, dto);
  }

  @Delete('events/:eventId/categories/:categoryId')
  @Roles('organiser')
  @HttpCode(204)
  async removeCategory(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Param('categoryId', ParseIdPipe) categoryId: number,
  ) {
    await this.registrations.removeCategory(eventId, categoryId);
  }

  @Post('events/:eventId/questions')
  @Roles('organiser')
  addQuestion(@Param('eventId', ParseIdPipe) eventId: number, @Body() dto: QuestionDto) {
    return this.registrations.addQuestion(eventId, dto);
  }

  @Patch('events/:eventId/questions/:questionId')
  @Roles('organiser')
  updateQuestion(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Param('questionId', ParseIdPipe) questionId: number,
    @Body() dto: UpdateQuestionDto,
  ) {
    return this.registrations.updateQuestion(eventId, questionId, dto);
  }

  @Delete('events/:eventId/questions/:questionId')
  @Roles('organiser')
  @HttpCode(204)
  async removeQuestion(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Param('questionId', ParseIdPipe) questionId: number,
  ) {
    await this.registrations.removeQuestion(eventId, questionId);
  }
}
