import { Body, Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AttendeePrincipal } from '../../accounts/access-rules.js';
import { AccessService } from '../../accounts/access.service.js';
import { BadgesService } from '../../badges/badges.service.js';
import { Public, RateLimit } from '../../common/auth.decorators.js';
import type { FieldProblem } from '../../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { EventsService } from '../../events/events.service.js';
import { RegistrationError } from '../../registration/registration.errors.js';
import type { Registration } from '../../registration/registration.entity.js';
import { handleForm } from '../../web/forms.js';
import { redirect, safeLocalPath, type Html, type Redirect } from '../../web/html.js';
import { explainProblems } from '../../web/field-messages.js';
import { Views } from '../../web/views.service.js';
import { formProblems } from './roadshow-forms.js';
import { slidesFilename } from '../domain/slides.js';
import { IdentifyDto, LeadDto } from '../dto/roadshows.dto.js';
import {
  ATTENDEE_COOKIE,
  ATTENDEE_COOKIE_DAYS,
  ATTENDEE_COOKIE_PATH,
  RoadshowAttendees,
} from '../roadshow-attendees.service.js';
import { RoadshowLeadsService } from '../roadshow-leads.service.js';
import { RoadshowLinks } from '../roadshow-links.service.js';
import { sendPdf } from '../roadshows.controller.js';
import { RoadshowsService, type ProjectView, type RoadshowView } from '../roadshows.service.js';

export const ROADSHOWS_CSS = '/assets/roadshows/roadshows.css';

/**
 * The audience's roadshow pages: the printable programme with each project's QR code and time
 * (/events/:slug/roadshows), the phone page each QR code opens (/roadshows/p/:token) on which a recognised attendee
 * marks interest, asks for a meeting or leaves a message, and the recognition itself: from the personal page
 * (/me/:token/roadshows) or by the badge code typed on the project page, kept in an HttpOnly cookie for /roadshows.
 */
@ApiExcludeController()
@Controller()
export class RoadshowPagesController {
  constructor(
    private readonly views: Views,
    private readonly events: EventsService,
    private readonly roadshows: RoadshowsService,
    private readonly leads: RoadshowLeadsService,
    private readonly attendees: RoadshowAttendees,
    private readonly links: RoadshowLinks,
    private readonly badges: BadgesService,
    private readonly access: AccessService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  // ---- the programme

  @Get('events/:slug/roadshows')
  @Public()
  @RateLimit({ name: 'roadshow-page', limit: 600, windowSeconds: 60 })
  async programme(@Req() request: FastifyRequest, @Param('slug') slug: string): Promise<Html> {
    const event = await this.events.visible(request.principal ?? null, slug);
    const roadshows = await this.roadshows.list(event.id);
    return this.views.page(
      request,
      'public/roadshow-programme',
      {
        event,
        timezone: event.timezone,
        pageCss: ROADSHOWS_CSS,
        roadshows: await Promise.all(
          roadshows.map(async (view) => ({
            session: view.session,
            projects: await Promise.all(
              view.projects.map(async (p) => ({
                ...this.card(p),
                url: this.links.projectUrl(p.project),
                path: this.links.projectPath(p.project),
                qrSvg: await this.badges.qrSvg(this.links.projectUrl(p.project), { level: 'Q' }),
              })),
            ),
          })),
        ),
      },
      { title: 'roadshows.programme.title' },
    );
  }

  // ---- a project's page, from its QR code

  @Get('roadshows/p/:token')
  @Public()
  @RateLimit({ name: 'roadshow-page', limit: 600, windowSeconds: 60 })
  async project(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('token') token: string,
  ): Promise<Html> {
    const found = await this.visibleProject(request, token);
    reply.header('cache-control', 'no-store');
    return this.projectPage(request, found, token, {});
  }

  @Post('roadshows/p/:token/identify')
  @Public()
  @RateLimit({ name: 'roadshow-identify', limit: 120, windowSeconds: 60 })
  async identify(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('token') token: string,
    @Body() body: unknown,
  ): Promise<Html | Redirect> {
    const found = await this.visibleProject(request, token);
    return handleForm({
      dto: IdentifyDto,
      body,
      run: (dto) => this.attendees.identify(found.view.event.id, dto.code),
      onSuccess: async (registration) => {
        await this.remember(reply, registration);
        return redirect(`/roadshows/p/${token}`, {
          kind: 'success',
          key: 'roadshows.project.recognised',
          params: { name: registration.name },
        });
      },
      rerender: (errors, values) => this.projectPage(request, found, token, { errors, values, form: 'identify' }),
    });
  }

  @Post('roadshows/p/:token/leads')
  @Public()
  @RateLimit({ name: 'roadshow-lead', limit: 300, windowSeconds: 60 })
  async lead(
    @Req() request: FastifyRequest,
    @Param('token') token: string,
    @Body() body: unknown,
  ): Promise<Html | Redirect> {
    const found = await this.visibleProject(request, token);
    const attendee = await this.attendees.fromCookie(request.cookies?.[ATTENDEE_COOKIE], found.view.event.id);
    if (!attendee)
      return this.projectPage(request, found, token, {
        errors: [{ field: 'code', reason: 'not_recognised' }],
        form: 'identify',
      });
    return handleForm({
      dto: LeadDto,
      body,
      run: (dto) => this.leads.record(found.item.project.id, attendee, dto),
      onSuccess: (_, dto) =>
        redirect(`/roadshows/p/${token}#follow-up`, { kind: 'success', key: `roadshows.project.done.${dto.kind}` }),
      rerender: (errors, values) => this.projectPage(request, found, token, { errors, values, form: 'lead' }),
    });
  }

  /** "Not you?": takes the recognition off this phone. */
  @Post('roadshows/forget')
  @Public()
  forget(@Res({ passthrough: true }) reply: FastifyReply, @Body() body: unknown): Redirect {
    reply.clearCookie(ATTENDEE_COOKIE, { path: ATTENDEE_COOKIE_PATH });
    const next = body && typeof body === 'object' ? (body as Record<string, unknown>).next : undefined;
    return redirect(safeLocalPath(next, '/'));
  }

  @Get('roadshows/p/:token/qr.svg')
  @Public()
  @RateLimit({ name: 'roadshow-page', limit: 600, windowSeconds: 60 })
  async qrSvg(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('token') token: string,
  ): Promise<string> {
    const { item } = await this.visibleProject(request, token);
    reply.header('content-type', 'image/svg+xml; charset=utf-8').header('cache-control', 'public, max-age=3600');
    return this.badges.qrSvg(this.links.projectUrl(item.project), { level: 'Q' });
  }

  /** The QR code for the hall screen: large, error correction Q. */
  @Get('roadshows/p/:token/qr.png')
  @Public()
  @RateLimit({ name: 'roadshow-page', limit: 600, windowSeconds: 60 })
  async qrPng(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('token') token: string,
  ): Promise<Buffer> {
    const { item } = await this.visibleProject(request, token);
    reply
      .header('content-type', 'image/png')
      .header('cache-control', 'public, max-age=3600')
      .header('content-disposition', `inline; filename="qr-${item.project.id}.png"`);
    return this.badges.qrPng(this.links.projectUrl(item.project), { level: 'Q', scale: 12 });
  }

  @Get('roadshows/p/:token/slides.pdf')
  @Public()
  @RateLimit({ name: 'roadshow-page', limit: 600, windowSeconds: 60 })
  async slides(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('token') token: string,
  ): Promise<Buffer> {
    const { item } = await this.visibleProject(request, token);
    return sendPdf(reply, await this.roadshows.slides(item.project.id), slidesFilename(item.project.name), 'inline');
  }

  // ---- recognition from the personal page

  /** Opened from the personal page: recognises this phone on every project page of the event, then lists them. */
  @Get('me/:token/roadshows')
  @Public()
  @RateLimit({ name: 'personal-page', limit: 300, windowSeconds: 60 })
  async fromPersonalPage(
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('token') token: string,
  ): Promise<Redirect> {
    const registration = await this.attendees.byPersonalLink(token);
    if (!registration) throw new RegistrationError('link_invalid');
    const attendee: AttendeePrincipal = {
      kind: 'attendee',
      registrationId: registration.id,
      eventId: registration.eventId,
    };
    await this.access.requireAccess(attendee, 'registration.readOwn', registration.id);
    this.attendees.confirmed(registration);
    await this.remember(reply, registration);
    const event = await this.events.get(registration.eventId);
    return redirect(`/events/${event.slug}/roadshows`, {
      kind: 'success',
      key: 'roadshows.project.recognised',
      params: { name: registration.name },
    });
  }

  // ---- helpers

  private async remember(reply: FastifyReply, registration: Registration): Promise<void> {
    reply.header('cache-control', 'no-store');
    reply.setCookie(ATTENDEE_COOKIE, await this.attendees.cookieValue(registration), {
      path: ATTENDEE_COOKIE_PATH,
      httpOnly: true,
      sameSite: 'lax',
      secure: this.config.cookieSecure,
      maxAge: ATTENDEE_COOKIE_DAYS * 24 * 3600,
    });
  }

  /** The project of a public token, when its event is visible to the reader (a draft is a 404 to the public). */
  private async visibleProject(request: FastifyRequest, token: string) {
    const found = await this.roadshows.byPublicToken(token);
    await this.events.visible(request.principal ?? null, found.view.event.id);
    return found;
  }

  /** What every roadshow page shows of a project. */
  card(p: ProjectView) {
    return {
      project: p.project,
      organisation: p.project.organisation,
      presenter: p.project.presenter,
      category: p.category,
      timing: p.timing,
    };
  }

  private async projectPage(
    request: FastifyRequest,
    found: { view: RoadshowView; item: ProjectView },
    token: string,
    extra: { errors?: FieldProblem[]; values?: Record<string, unknown>; form?: 'identify' | 'lead' },
  ): Promise<Html> {
    const { view, item } = found;
    const attendee = await this.attendees.fromCookie(request.cookies?.[ATTENDEE_COOKIE], view.event.id);
    const mine = attendee ? await this.leads.mine(item.project.id, attendee.id) : [];
    const done = Object.fromEntries(mine.map((l) => [l.kind, l]));
    const errors = explainProblems(this.views.translator, request.locale, formProblems(extra.errors ?? []), {
      scope: 'roadshows.form',
      values: extra.values ?? {},
    });
    return this.views.page(
      request,
      'public/roadshow-project',
      {
        event: view.event,
        timezone: view.event.timezone,
        pageCss: ROADSHOWS_CSS,
        session: view.session,
        ...this.card(item),
        base: `/roadshows/p/${token}`,
        slidesUrl: item.project.slidesBytes !== null ? `/roadshows/p/${token}/slides.pdf` : null,
        achievementUrl: item.project.achievementId
          ? `/events/${view.event.slug}/achievements/${item.project.achievementId}`
          : null,
        attendee,
        done,
        values: extra.values ?? { message: done.message?.message ?? '' },
        identifyErrors: extra.form === 'identify' ? errors : [],
        leadErrors: extra.form === 'lead' ? errors : [],
        appUrl: this.config.appUrl,
      },
      { title: item.project.name, status: errors.length ? 400 : 200 },
    );
  }
}
