import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Roles } from '../../common/auth.decorators.js';
import { ParseIdPipe } from '../../common/id.js';
import type { Html } from '../../web/html.js';
import { Views } from '../../web/views.service.js';
import { keyFigures } from '../domain/key-figures.js';
import { ReportsService } from '../reports.service.js';
import { DOCX_TYPE, summaryDocx } from '../summary-docx.js';
import { asOfText, eventSummaryView, seriesView, summaryOf, type ReaderContext } from './report-view.js';

export const REPORTS_CSS = '/assets/reports/reports.css';

/**
 * The organisers' report pages: an event's summary with its charts, the printable summary in the press's wording
 * (A4) and the same as a .docx for the press office, and a series' editions side by side.
 */
@ApiExcludeController()
@Controller('console')
export class ReportPagesController {
  constructor(
    @Inject(Views) private readonly views: Views,
    @Inject(ReportsService) private readonly reports: ReportsService,
  ) {}

  @Get('events/:id/report')
  @Roles('organiser')
  async summary(@Req() request: FastifyRequest, @Param('id', ParseIdPipe) id: number): Promise<Html> {
    const report = await this.reports.eventReport(id);
    return this.views.page(
      request,
      'console/report',
      { ...eventSummaryView(report, this.reader(request), new Date()), pageCss: REPORTS_CSS },
      { title: 'reports.event.title', area: 'console' },
    );
  }

  @Get('events/:id/report/print')
  @Roles('organiser')
  async print(@Req() request: FastifyRequest, @Param('id', ParseIdPipe) id: number): Promise<Html> {
    const report = await this.reports.eventReport(id);
    const reader = this.reader(request);
    return this.views.page(
      request,
      'console/report-print',
      {
        event: report.event,
        summary: summaryOf(report, reader),
        figures: keyFigures(report, reader.t),
        asOf: asOfText(report, reader, new Date()),
        pageCss: REPORTS_CSS,
      },
      { title: 'reports.print.title', area: 'console' },
    );
  }

  @Get('events/:id/report.docx')
  @Roles('organiser')
  async docx(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('id', ParseIdPipe) id: number,
  ): Promise<Buffer> {
    const report = await this.reports.eventReport(id);
    const reader = this.reader(request);
    const body = await summaryDocx(summaryOf(report, reader), {
      figuresHeading: reader.t('reports.figures.heading'),
      figures: keyFigures(report, reader.t),
      asOf: asOfText(report, reader, new Date()),
    });
    const filename = `${reader.t('reports.docx.filename', { slug: report.event.slug })}.docx`;
    void reply
      .header('content-type', DOCX_TYPE)
      .header(
        'content-disposition',
        `attachment; filename="report-${report.event.slug}.docx"; filename*=UTF-8''${encodeURIComponent(filename)}`,
      )
      .header('cache-control', 'no-store');
    return body;
  }

  @Get('series/:seriesId/report')
  @Roles('organiser')
  async series(@Req() request: FastifyRequest, @Param('seriesId', ParseIdPipe) seriesId: number): Promise<Html> {
    const report = await this.reports.seriesReport(seriesId);
    return this.views.page(
      request,
      'console/series-report',
      { ...seriesView(report, this.reader(request)), pageCss: REPORTS_CSS },
      { title: 'reports.series.title', area: 'console' },
    );
  }

  private reader(request: FastifyRequest): ReaderContext {
    const locale = request.locale;
    return { locale, t: (key, params) => this.views.t(locale, key, params) };
  }
}
