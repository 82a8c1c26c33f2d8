import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Public } from '../../common/auth.decorators.js';

const require = createRequire(import.meta.url);

/** Where the pages load ECharts from: this origin, never a CDN. */
export const ECHARTS_URL = '/vendor/echarts.min.js';

/**
 * ECharts (the `echarts` package's own minified build) served by the app, so the report pages draw their charts with
 * nothing from any other host. Read once on first use; it never changes while the app runs.
 */
@ApiExcludeController()
@Controller('vendor')
export class ChartLibraryController {
  private body: Buffer | undefined;

  @Get('echarts.min.js')
  @Public()
  echarts(@Res({ passthrough: true }) reply: FastifyReply): Buffer {
    this.body ??= readFileSync(require.resolve('echarts/dist/echarts.min.js'));
    void reply
      .header('content-type', 'text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=86400');
    return this.body;
  }
}
