import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { setTimeout as delay } from 'node:timers/promises';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Roles } from '../../common/auth.decorators.js';
import { CommonError, DomainError, type FieldProblem } from '../../common/domain-error.js';
import { ParseIdPipe } from '../../common/id.js';
import { localToUtc, utcToLocalInput } from '../../common/time.js';
import { ORGANISATION_KINDS } from '../../directory/organisation.entity.js';
import type { Event } from '../../events/event.entity.js';
import { EventsService } from '../../events/events.service.js';
import { OUTBOX_STATUSES, type OutboxStatus } from '../../mail/outbox-message.entity.js';
import { OutboxService } from '../../mail/outbox.service.js';
import { emailPreview } from '../../mail/email-preview.js';
import { APPROVAL_MODES } from '../attendee-category.entity.js';
import {
  CancelEventDto,
  CategoryDto,
  DecisionDto,
  ListRegistrationsQueryDto,
  QuestionDto,
  RegistrationSettingsDto,
  UpdateCategoryDto,
} from '../dto/registration.dto.js';
import { sendDownload, uploadedFile } from '../registration-files.controller.js';
import {
  explainReason,
  FILE_FORMATS,
  MAX_IMPORT_ROWS,
  RegistrationImportService,
  type FileFormat,
  type ImportProblem,
  registrationImportJson,
} from '../registration-import.service.js';
import { QUESTION_KINDS } from '../registration-question.entity.js';
import { REGISTRATION_STATUSES } from '../registration.entity.js';
import { RegistrationsService } from '../registrations.service.js';
import { EventCancellationService } from '../event-cancellation.service.js';
import { cleanFormBody, handleForm, submitForm, validateForm } from '../../web/forms.js';
import { redirect, type Html, type Redirect } from '../../web/html.js';
import { Views } from '../../web/views.service.js';

const PAGE_SIZE = 100;
const FIELD_KEYS = new Set(['name', 'email', 'phone', 'organisation', 'title', 'category', 'locale']);

/** "value|中文|English" per line (a full-width ｜ works too) → question options. */
function optionsFrom(text: unknown): { value: string; label: string; labelEn?: string }[] | undefined {
  if (typeof text !== 'string') return undefined;
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [value, label, labelEn] = line.split(/[|｜]/).map((p) => p.trim());
      return { value, label: label || value, ...(labelEn ? { labelEn } : {}) };
    });
}

function optionsText(options: { value: string; label: string; labelEn?: string }[] | null | undefined): string {
  return (options ?? []).map((o) => [o.value, o.label, o.labelEn].filter(Boolean).join('|')).join('\n');
}

/**
 * A whole number typed into a form becomes a number; anything else stays as typed for the DTO to refuse. (The DTOs'
 * `number | null` properties carry no type metadata, so the implicit conversion of form values misses them.)
 */
function wholeNumber(value: unknown): unknown {
  return typeof value === 'string' && /^-?\d{1,9}$/.test(value) ? Number(value) : value;
}

/** A category form: empty capacity means unlimited, an unticked box means not on the public form. */
function categoryFormToDto(values: Record<string, unknown>, forUpdate: boolean): Record<string, unknown> {
  const dto: Record<string, unknown> = {
    ...values,
    capacity: wholeNumber(values.capacity),
    publicForm: values.publicForm === 'true',
  };
  if (forUpdate) {
    dto.capacity = wholeNumber(values.capacity) ?? null;
    dto.nameEn = values.nameEn ?? null;
  }
  return dto;
}

/** How long an import form post waits for the import to end before showing its progress instead. */
const IMPORT_PAGE_WAIT_MS = 2000;

/**
 * The organiser's side of registration, per event: the list with search, filters, counts against capacity and
 * decisions; the form's settings, categories and questions; delegation imports and exports; the event's emails.
 */
@ApiExcludeController()
@Controller('console/events/:id')
export class ConsoleRegistrationsController {
  constructor(
    private readonly views: Views,
    private readonly events: EventsService,
    private readonly registrations: RegistrationsService,
    private readonly files: RegistrationImportService,
    private readonly outbox: OutboxService,
    private readonly cancellations: EventCancellationService,
  ) {}

  // ---- the list

  @Get('registrations')
  @Roles('organiser')
  async list(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Query() rawQuery: Record<string, unknown>,
  ): Promise<Html> {
    const event = await this.events.get(id);
    const values = cleanFormBody(rawQuery);
    const page = Math.max(
      1,
      Math.min(10_000, typeof values.page === 'string' ? Number.parseInt(values.page, 10) || 1 : 1),
    );
    delete values.page;
    delete values.lang;
    const checked = await validateForm(ListRegistrationsQueryDto, values);
    const filters = checked.ok ? checked.value : {};
    const [all, counts] = await Promise.all([this.registrations.list(id, filters), this.registrations.counts(id)]);
    const pages = Math.max(1, Math.ceil(all.length / PAGE_SIZE));
    const current = Math.min(page, pages);
    const query = (extra: Record<string, string | number>) => {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries({ ...filters, ...extra }))
        if (v !== undefined && v !== '') params.set(k, String(v));
      const s = params.toString();
      return s ? `?${s}` : '';
    };
    const base = `/console/events/${id}/registrations`;
    const filtered = Object.values(filters).some((v) => v !== undefined);
    return this.views.page(
      request,
      'console/registrations',
      {
        event,
        tab: 'list',
        timezone: event.timezone,
        counts,
        totals: {
          confirmed: counts.categories.reduce((n, c) => n + c.confirmed, 0),
          pending: counts.categories.reduce((n, c) => n + c.pending, 0),
          waitlisted: counts.categories.reduce((n, c) => n + c.waitlisted, 0),
        },
        registrations: all.slice((current - 1) * PAGE_SIZE, current * PAGE_SIZE),
        total: all.length,
        filters: values,
        filtered,
        errors: checked.ok ? [] : checked.errors,
        statuses: REGISTRATION_STATUSES,
        back: `${base}${query({ page: current > 1 ? current : '' })}`,
        exportXlsx: `${base}/export${query({ format: 'xlsx' })}`,
        exportCsv: `${base}/export${query({ format: 'csv' })}`,
        pager:
          pages > 1
            ? {
                current,
                pages,
                prev: current > 1 ? `${base}${query({ page: current - 1 })}` : undefined,
                next: current < pages ? `${base}${query({ page: current + 1 })}` : undefined,
              }
            : undefined,
      },
      { title: 'registrations.list.title', area: 'console', status: checked.ok ? 200 : 400 },
    );
  }

  @Post('registrations/:registrationId/approve')
  @Roles('organiser')
  async approve(
    @Param('id', ParseIdPipe) id: number,
    @Param('registrationId', ParseIdPipe) registrationId: number,
    @Body() body: unknown,
  ): Promise<Redirect> {
    const back = this.backTo(id, body);
    return this.decide(id, registrationId, back, async () => {
      const registration = await this.registrations.approve(registrationId);
      return registration.status === 'confirmed'
        ? 'registrations.flash.approved'
        : 'registrations.flash.approvedWaitlisted';
    });
  }

  @Post('registrations/:registrationId/reject')
  @Roles('organiser')
  async reject(
    @Param('id', ParseIdPipe) id: number,
    @Param('registrationId', ParseIdPipe) registrationId: number,
    @Body() body: unknown,
  ): Promise<Redirect> {
    const back = this.backTo(id, body);
    const values = cleanFormBody(body);
    delete values.back;
    // The reason goes to the attendee by email: the console asks for one.
    if (!values.reason) return redirect(back, { kind: 'error', key: 'registrations.flash.reasonRequired' });
    return submitForm(DecisionDto, values, {
      onValid: (dto) =>
        this.decide(id, registrationId, back, async () => {
          await this.registrations.reject(registrationId, dto.reason);
          return 'registrations.flash.rejected';
        }),
      onInvalid: () => redirect(back, { kind: 'error', key: 'registrations.flash.reasonTooLong' }),
    });
  }

  @Post('registrations/:registrationId/cancel')
  @Roles('organiser')
  async cancel(
    @Param('id', ParseIdPipe) id: number,
    @Param('registrationId', ParseIdPipe) registrationId: number,
    @Body() body: unknown,
  ): Promise<Redirect> {
    const back = this.backTo(id, body);
    return this.decide(id, registrationId, back, async () => {
      await this.registrations.cancel(registrationId);
      return 'registrations.flash.cancelled';
    });
  }

  @Post('registrations/:registrationId/renew-link')
  @Roles('organiser')
  async renewLink(
    @Param('id', ParseIdPipe) id: number,
    @Param('registrationId', ParseIdPipe) registrationId: number,
    @Body() body: unknown,
  ): Promise<Redirect> {
    const back = this.backTo(id, body);
    return this.decide(id, registrationId, back, async () => {
      await this.registrations.renewLink(registrationId);
      return 'registrations.flash.linkRenewed';
    });
  }

  /** Calls the event off (from the event's page): its people are told; nothing of theirs is deleted. */
  @Post('cancel')
  @Roles('organiser')
  async cancelEvent(@Param('id', ParseIdPipe) id: number, @Body() body: unknown): Promise<Redirect> {
    const back = `/console/events/${id}`;
    const checked = await validateForm(CancelEventDto, cleanFormBody(body));
    if (!checked.ok) return redirect(back, { kind: 'error', key: 'console.event.cancelReasonTooLong' });
    try {
      const { told } = await this.cancellations.cancel(id, checked.value.reason ?? null);
      return redirect(back, { kind: 'success', key: 'console.event.cancelledFlash', params: { n: told } });
    } catch (error) {
      if (error instanceof DomainError && error.code === 'event_cancelled')
        return redirect(back, { kind: 'error', key: 'errors.event_cancelled' });
      throw error;
    }
  }

  @Get('registrations/export')
  @Roles('organiser')
  async export(
    @Param('id', ParseIdPipe) id: number,
    @Query() rawQuery: Record<string, unknown>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const values = cleanFormBody(rawQuery);
    const format = this.format(values.format);
    delete values.format;
    delete values.lang;
    const checked = await validateForm(ListRegistrationsQueryDto, values);
    if (!checked.ok) throw new CommonError('validation_failed', {}, checked.errors);
    return sendDownload(reply, await this.files.export(id, checked.value, format));
  }

  // ---- settings, categories, questions

  @Get('registrations/settings')
  @Roles('organiser')
  async settings(@Req() request: FastifyRequest, @Param('id', ParseIdPipe) id: number): Promise<Html> {
    return this.settingsPage(request, id, {});
  }

  @Post('registrations/settings')
  @Roles('organiser')
  async saveSettings(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Body() body: unknown,
  ): Promise<Html | Redirect> {
    const event = await this.events.get(id);
    const values = cleanFormBody(body);
    const errors: FieldProblem[] = [];
    const dto: Record<string, unknown> = {
      capacity: wholeNumber(values.capacity) ?? null,
      consentText: values.consentText,
      consentTextEn: values.consentTextEn ?? null,
    };
    for (const key of ['opensAt', 'closesAt'] as const) {
      const raw = values[key];
      if (raw === undefined) dto[key] = null;
      else {
        const utc = typeof raw === 'string' ? localToUtc(raw, event.timezone) : undefined;
        if (utc) dto[key] = utc.toISOString();
        else errors.push({ field: key, reason: 'a date and time is required' });
      }
    }
    if (!values.consentText) errors.push({ field: 'consentText', reason: 'the consent wording is required' });
    const again = (problems: FieldProblem[]) =>
      this.settingsPage(request, id, { settingsValues: values, settingsErrors: problems });
    if (errors.length) return again(errors);
    return submitForm(RegistrationSettingsDto, dto, {
      onValid: async (valid) => {
        await this.registrations.updateSettings(id, valid);
        return redirect(`/console/events/${id}/registrations/settings`, { kind: 'success', key: 'console.saved' });
      },
      onInvalid: again,
    });
  }

  @Post('registrations/categories')
  @Roles('organiser')
  async addCategory(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Body() body: unknown,
  ): Promise<Html | Redirect> {
    return handleForm({
      dto: CategoryDto,
      body,
      read: (values) => ({ dto: categoryFormToDto(values, false) }),
      run: (dto) => this.registrations.addCategory(id, dto),
      onSuccess: () =>
        redirect(`/console/events/${id}/registrations/settings#categories`, { kind: 'success', key: 'console.saved' }),
      rerender: (errors, values) => this.settingsPage(request, id, { categoryValues: values, categoryErrors: errors }),
    });
  }

  @Post('registrations/categories/:categoryId')
  @Roles('organiser')
  async updateCategory(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Param('categoryId', ParseIdPipe) categoryId: number,
    @Body() body: unknown,
  ): Promise<Html | Redirect> {
    return handleForm({
      dto: UpdateCategoryDto,
      body,
      read: (values) => ({ dto: categoryFormToDto(values, true) }),
      run: (dto) => this.registrations.updateCategory(id, categoryId, dto),
      onSuccess: () =>
        redirect(`/console/events/${id}/registrations/settings#category-${categoryId}`, {
          kind: 'success',
          key: 'console.saved',
        }),
      rerender: (errors, values) =>
        this.settingsPage(request, id, { editCategoryId: categoryId, editValues: values, editErrors: errors }),
    });
  }

  @Post('registrations/categories/:categoryId/delete')
  @Roles('organiser')
  async removeCategory(
    @Param('id', ParseIdPipe) id: number,
    @Param('categoryId', ParseIdPipe) categoryId: number,
  ): Promise<Redirect> {
    const back = `/console/events/${id}/registrations/settings#categories`;
    try {
      await this.registrations.removeCategory(id, categoryId);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'category_in_use') {
        return redirect(back, { kind: 'error', key: 'registrations.flash.categoryInUse' });
      }
      throw error;
    }
    return redirect(back, { kind: 'success', key: 'console.deleted' });
  }

  @Post('registrations/questions')
  @Roles('organiser')
  async addQuestion(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Body() body: unknown,
  ): Promise<Html | Redirect> {
    return handleForm({
      dto: QuestionDto,
      body,
      read: (values) => ({
        dto: {
          ...values,
          required: values.required === 'true',
          options: values.kind === 'text' ? undefined : optionsFrom(values.options),
        },
      }),
      run: (valid) => this.registrations.addQuestion(id, valid),
      onSuccess: () =>
        redirect(`/console/events/${id}/registrations/settings#questions`, { kind: 'success', key: 'console.saved' }),
      rerender: (errors, values) => this.settingsPage(request, id, { questionValues: values, questionErrors: errors }),
    });
  }

  @Post('registrations/questions/:questionId/delete')
  @Roles('organiser')
  async removeQuestion(
    @Param('id', ParseIdPipe) id: number,
    @Param('questionId', ParseIdPipe) questionId: number,
  ): Promise<Redirect> {
    await this.registrations.removeQuestion(id, questionId);
    return redirect(`/console/events/${id}/registrations/settings#questions`, {
      kind: 'success',
      key: 'console.deleted',
    });
  }

  // ---- import

  @Get('registrations/import')
  @Roles('organiser')
  async importPage(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Query() rawQuery: Record<string, unknown>,
  ): Promise<Html> {
    const number = (v: unknown) => (typeof v === 'string' && /^\d{1,5}$/.test(v) ? Number(v) : undefined);
    const done = number(rawQuery.done);
    const result =
      done === undefined
        ? undefined
        : { imported: done, confirmed: number(rawQuery.confirmed) ?? 0, waitlisted: number(rawQuery.waitlisted) ?? 0 };
    if (typeof rawQuery.job === 'string' && done === undefined) {
      // A large import in progress: the page shows how far it is and reloads itself until it ends.
      const job = registrationImportJson(this.files.job(id, rawQuery.job));
      const progress = {
        ...job,
        percent: job.total ? Math.floor((job.written / job.total) * 100) : 100,
        writing: job.state === 'writing',
      };
      return this.importPageView(request, id, {
        progress,
        result: job.state === 'done' ? job : undefined,
        jobFailed: job.state === 'failed',
      });
    }
    return this.importPageView(request, id, { result });
  }

  @Post('registrations/import')
  @Roles('organiser')
  async importFile(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Body() body: unknown,
  ): Promise<Html | Redirect> {
    let filename = '';
    try {
      const file = uploadedFile(body);
      filename = file.filename;
      if (file.data.length === 0 && !file.filename) throw new CommonError('validation_failed', {}, []);
      const job = await this.files.start(id, file);
      // A small list is done within a moment: its result at once. A large one continues; the page shows its progress.
      const waited = await Promise.race([job.finished.then(() => true), delay(IMPORT_PAGE_WAIT_MS).then(() => false)]);
      if (!waited) return redirect(`/console/events/${id}/registrations/import?job=${job.id}`);
      const result = this.files.outcome(job);
      const params = new URLSearchParams({
        done: String(result.imported),
        confirmed: String(result.confirmed),
        waitlisted: String(result.waitlisted),
      });
      return redirect(`/console/events/${id}/registrations/import?${params.toString()}`);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'import_invalid') {
        const rows = (error.details.rows ?? []) as ImportProblem[];
        return this.importPageView(
          request,
          id,
          {
            filename,
            problems: rows.map((p) => ({
              ...p,
              labelKey: FIELD_KEYS.has(p.column) ? `registrations.columns.${p.column}` : undefined,
              isFile: p.column === '_file',
              // Several reasons for one cell are joined by "; ": each is said in the reader's language if it can be.
              reasons: p.reason.split('; ').map((reason) => {
                const known = explainReason(reason);
                return known ? { key: `registrations.import.reasons.${known.key}`, params: known.params } : { reason };
              }),
            })),
            problemRows: new Set(rows.map((p) => p.row)).size,
          },
          400,
        );
      }
      if (error instanceof DomainError && error.code === 'validation_failed') {
        return this.importPageView(request, id, { noFile: true }, 400);
      }
      throw error;
    }
  }

  @Get('registrations/template')
  @Roles('organiser')
  async template(
    @Param('id', ParseIdPipe) id: number,
    @Query('format') format: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    return sendDownload(reply, await this.files.template(id, this.format(format)));
  }

  // ---- mail

  @Get('mail')
  @Roles('organiser')
  async mail(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Query('status') status: unknown,
  ): Promise<Html> {
    const event = await this.events.get(id);
    const filter = OUTBOX_STATUSES.includes(status as OutboxStatus) ? (status as OutboxStatus) : undefined;
    const messages = await this.outbox.list({ eventId: id, status: filter, limit: 500 });
    return this.views.page(
      request,
      'console/registrations-mail',
      { event, tab: 'mail', timezone: event.timezone, messages, status: filter, statuses: OUTBOX_STATUSES },
      { title: 'registrations.mail.title', area: 'console' },
    );
  }

  @Get('mail/:messageId')
  @Roles('organiser')
  async mailMessage(
    @Req() request: FastifyRequest,
    @Param('id', ParseIdPipe) id: number,
    @Param('messageId', ParseIdPipe) messageId: number,
  ): Promise<Html> {
    const event = await this.events.get(id);
    const message = await this.outbox.findForEvent(messageId, id);
    if (!message) throw new CommonError('not_found', { id: messageId });
    return this.views.page(
      request,
      'console/registrations-mail-message',
      {
        event,
        tab: 'mail',
        timezone: event.timezone,
        message,
        htmlPreview: await emailPreview(message),
        attachments: (message.attachments ?? []).map((a) => ({
          filename: a.filename,
          contentType: a.contentType,
          inline: Boolean(a.cid),
        })),
      },
      { title: 'registrations.mail.messageTitle', area: 'console' },
    );
  }

  @Post('mail/:messageId/resend')
  @Roles('organiser')
  async resend(
    @Param('id', ParseIdPipe) id: number,
    @Param('messageId', ParseIdPipe) messageId: number,
  ): Promise<Redirect> {
    if (!(await this.outbox.resend(messageId, id))) throw new CommonError('not_found', { id: messageId });
    return redirect(`/console/events/${id}/mail`, { kind: 'success', key: 'registrations.mail.resent' });
  }

  // ---- helpers

  /** Runs an organiser's decision on a registration of this event; refusals come back as a message. */
  private async decide(
    eventId: number,
    registrationId: number,
    back: string,
    action: () => Promise<string>,
  ): Promise<Redirect> {
    const registration = await this.registrations.get(registrationId);
    if (registration.eventId !== eventId) throw new CommonError('not_found', { id: registrationId });
    try {
      return redirect(back, { kind: 'success', key: await action() });
    } catch (error) {
      if (error instanceof DomainError && error.code === 'invalid_transition') {
        return redirect(back, { kind: 'error', key: 'registrations.flash.notAllowed' });
      }
      throw error;
    }
  }

  /** Where a decision returns to: the list as it was filtered, never anywhere else. */
  private backTo(eventId: number, body: unknown): string {
    const base = `/console/events/${eventId}/registrations`;
    const back = cleanFormBody(body).back;
    return typeof back === 'string' && (back === base || back.startsWith(`${base}?`)) ? back : base;
  }

  private format(value: unknown): FileFormat {
    if (value === undefined || value === '') return 'xlsx';
    if (FILE_FORMATS.includes(value as FileFormat)) return value as FileFormat;
    throw new CommonError('validation_failed', {}, [{ field: 'format', reason: 'format must be xlsx or csv' }]);
  }

  private async settingsPage(request: FastifyRequest, id: number, extra: Record<string, unknown>): Promise<Html> {
    const form = await this.registrations.form(id, { includeInviteOnly: true });
    const event: Event = form.event;
    const local = (at: Date | null) => (at ? utcToLocalInput(at, event.timezone) : undefined);
    const hasErrors = Object.keys(extra).some((k) => k.endsWith('Errors'));
    return this.views.page(
      request,
      'console/registrations-settings',
      {
        event,
        tab: 'settings',
        timezone: event.timezone,
        settingsValues: {
          opensAt: local(form.settings.opensAt),
          closesAt: local(form.settings.closesAt),
          capacity: form.settings.capacity,
          consentText: form.settings.consentText,
          consentTextEn: form.settings.consentTextEn,
        },
        categories: form.categories.map((c) => ({
          ...c,
          editing: extra.editCategoryId === c.id,
          values: extra.editCategoryId === c.id ? extra.editValues : c,
          errors: extra.editCategoryId === c.id ? extra.editErrors : undefined,
        })),
        questions: form.questions.map((q) => ({ ...q, optionsText: optionsText(q.options) })),
        categoryValues: {
          colour: '#b3261e',
          approval: 'automatic',
          publicForm: 'true',
          organisationKind: 'enterprise',
        },
        questionValues: { kind: 'text' },
        approvalModes: APPROVAL_MODES,
        organisationKinds: ORGANISATION_KINDS,
        questionKinds: QUESTION_KINDS,
        ...extra,
      },
      { title: 'registrations.settings.title', area: 'console', status: hasErrors ? 400 : 200 },
    );
  }

  private async importPageView(
    request: FastifyRequest,
    id: number,
    extra: Record<string, unknown>,
    status = 200,
  ): Promise<Html> {
    const form = await this.registrations.form(id, { includeInviteOnly: true });
    return this.views.page(
      request,
      'console/registrations-import',
      {
        event: form.event,
        tab: 'import',
        timezone: form.event.timezone,
        categories: form.categories,
        questions: form.questions,
        maxRows: MAX_IMPORT_ROWS,
        ...extra,
      },
      { title: 'registrations.import.title', area: 'console', status },
    );
  }
}
