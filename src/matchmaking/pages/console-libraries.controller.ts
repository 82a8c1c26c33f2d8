import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Roles } from '../../common/auth.decorators.js';
import { DomainError } from '../../common/domain-error.js';
import { EventsService } from '../../events/events.service.js';
import { sendDownload, uploadedFile } from '../../registration/registration-files.controller.js';
import { redirect, type Html, type Redirect } from '../../web/html.js';
import { Views } from '../../web/views.service.js';
import { AchievementsService } from '../achievements.service.js';
import { DemandsService } from '../demands.service.js';
import type { LibraryImportProblem } from '../import/library-rows.js';
import { importOptions } from '../library-files.controller.js';
import { importJobJson, LibraryImportService } from '../library-import.service.js';
import type { LibraryKind } from '../library-search.js';
import { MatchCategoriesService } from '../match-categories.service.js';

const PAGE_SIZE = 50;
const KINDS: Record<string, LibraryKind> = { achievements: 'achievement', demands: 'demand' };

function kindOf(path: string): LibraryKind {
  const kind = KINDS[path];
  if (!kind) throw new DomainError('not_found', 'not_found');
  return kind;
}

/**
 * The organisers' library pages: the achievement and demand libraries with search and counts, imports with their
 * report by row and column, the progress of a large import, exports and templates.
 */
@ApiExcludeController()
@Controller('console')
export class ConsoleLibrariesController {
  constructor(
    private readonly views: Views,
    private readonly events: EventsService,
    private readonly achievements: AchievementsService,
    private readonly demands: DemandsService,
    private readonly files: LibraryImportService,
    private readonly categories: MatchCategoriesService,
  ) {}

  @Get(':library(achievements|demands)')
  @Roles('organiser')
  async list(
    @Req() request: FastifyRequest,
    @Param('library') library: string,
    @Query() raw: Record<string, unknown>,
  ): Promise<Html> {
    return this.libraryPage(request, kindOf(library), raw, {});
  }

  @Post(':library(achievements|demands)/import')
  @Roles('organiser')
  async importFile(
    @Req() request: FastifyRequest,
    @Param('library') library: string,
    @Body() body: unknown,
  ): Promise<Html | Redirect> {
    const kind = kindOf(library);
    try {
      const file = uploadedFile(body);
      const { listing } = importOptions(body);
      const job = await this.files.start(kind, file, listing);
      return redirect(`/console/library-imports/${job.id}`);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'library_import_invalid') {
        const rows = (error.details.rows ?? []) as LibraryImportProblem[];
        return this.libraryPage(
          request,
          kind,
          {},
          {
            problems: rows.map((p) => ({ ...p, isFile: p.column === '_file' })),
            problemRows: new Set(rows.map((p) => p.row)).size,
          },
          400,
        );
      }
      if (error instanceof DomainError && error.code === 'validation_failed') {
        return this.libraryPage(request, kind, {}, { noFile: true }, 400);
      }
      throw error;
    }
  }

  @Get('library-imports/:jobId')
  @Roles('organiser')
  progress(@Req() request: FastifyRequest, @Param('jobId') jobId: string): Html {
    const job = importJobJson(this.files.job(jobId));
    return this.views.page(
      request,
      'console/library-import',
      {
        job,
        writing: job.state === 'writing',
        percent: job.total ? Math.floor((job.written / job.total) * 100) : 100,
        back: `/console/${job.kind}s`,
      },
      { title: 'matchmaking.console.importTitle', area: 'console' },
    );
  }

  @Get(':library(achievements|demands)/template')
  @Roles('organiser')
  async template(
    @Param('library') library: string,
    @Query('format') format: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    return sendDownload(reply, await this.files.template(kindOf(library), format === 'csv' ? 'csv' : 'xlsx'));
  }

  @Get(':library(achievements|demands)/export')
  @Roles('organiser')
  async export(
    @Param('library') library: string,
    @Query('format') format: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    return sendDownload(reply, await this.files.export(kindOf(library), {}, format === 'csv' ? 'csv' : 'xlsx'));
  }

  private async libraryPage(
    request: FastifyRequest,
    kind: LibraryKind,
    raw: Record<string, unknown>,
    extra: Record<string, unknown>,
    status = 200,
  ): Promise<Html> {
    const q = typeof raw.q === 'string' && raw.q.trim() ? raw.q.trim().slice(0, 200) : undefined;
    const category =
      typeof raw.category === 'string' && /^[a-z0-9_-]{1,40}$/.test(raw.category) ? raw.category : undefined;
    const pageNo = typeof raw.page === 'string' && /^\d{1,5}$/.test(raw.page) ? Math.max(1, Number(raw.page)) : 1;
    const query = { q, category, page: pageNo, pageSize: PAGE_SIZE };
    const page = kind === 'achievement' ? await this.achievements.page(query) : await this.demands.page(query);
    const categories = await this.categories.list();
    const counts = await Promise.all(
      categories.map(async (c) => {
        const p =
          kind === 'achievement'
            ? await this.achievements.page({ category: c.code, pageSize: 1 })
            : await this.demands.page({ category: c.code, pageSize: 1 });
        return { ...c, count: p.total };
      }),
    );
    const events = await this.events.list();
    const base = `/console/${kind}s`;
    const params = (extraParams: Record<string, string | number | undefined>) => {
      const s = new URLSearchParams();
      for (const [k, v] of Object.entries({ q, category, ...extraParams })) if (v !== undefined) s.set(k, String(v));
      const text = s.toString();
      return text ? `${base}?${text}` : base;
    };
    const pages = Math.max(1, Math.ceil(page.total / PAGE_SIZE));
    return this.views.page(
      request,
      'console/library',
      {
        kind,
        base,
        q,
        category,
        total: page.total,
        items: page.items.map((item) => ({
          id: item.id,
          title: item.title,
          categoryCode: item.categoryCode,
          organisation: 'owner' in item ? item.owner?.name : (item as { publisher?: { name: string } }).publisher?.name,
          createdAt: item.createdAt,
        })),
        categories: counts,
        events: events.map((e) => ({ id: e.id, title: e.title, titleEn: e.titleEn })),
        prevHref: pageNo > 1 ? params({ page: pageNo - 1 }) : null,
        nextHref: pageNo < pages ? params({ page: pageNo + 1 }) : null,
        page: pageNo,
        pages,
        ...extra,
      },
      {
        title: kind === 'achievement' ? 'matchmaking.console.achievements' : 'matchmaking.console.demands',
        area: 'console',
        status,
      },
    );
  }
}
