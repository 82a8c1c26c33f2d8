import { eventCharts, editionLabel, seriesChart, seriesPipelineChart, type ChartOptions } from './charts.js';
import { keyFigures, seriesRows } from './key-figures.js';
import { chengduReport, emptyFunnel } from './report-fixture.js';

/** Labels as their keys (and parameters), so that the specs show which message each label is. */
const t = (key: string, params?: Record<string, unknown>) => (params ? `${key}${JSON.stringify(params)}` : key);
const options: ChartOptions = {
  t,
  pick: (zh, en) => en ?? zh,
  sessionKindName: (k) => `kind:${k}`,
  agreementKindName: (k) => `agreement:${k}`,
};

describe('the report charts', () => {
  it('draws each section that has figures, in the page order, from the figures alone', () => {
    const charts = eventCharts(chengduReport(), options);
    expect(charts.map((c) => [c.id, c.type])).toEqual([
      ['registrations', 'bar'],
      ['check-ins', 'bar'],
      ['sessions', 'bar'],
      ['agreements', 'bar'],
      ['achievements', 'pie'],
      ['demands', 'pie'],
      ['roadshows', 'bar'],
      ['meetings', 'bar'],
      ['funnel', 'funnel'],
    ]);
    expect(charts[0]).toEqual({
      id: 'registrations',
      title: 'reports.chart.registrations',
      type: 'bar',
      categories: ['Guests of honour', 'Enterprises', '媒体'],
      series: [
        { name: 'registrations.status.confirmed', values: [40, 248, 12], stack: 'status' },
        { name: 'registrations.status.pending', values: [0, 0, 8], stack: 'status' },
        { name: 'registrations.status.waitlisted', values: [0, 12, 0], stack: 'status' },
        { name: 'registrations.status.cancelled', values: [0, 7, 0], stack: 'status' },
        { name: 'registrations.status.rejected', values: [0, 0, 3], stack: 'status' },
      ],
    });
    expect(charts[1].series).toEqual([
      { name: 'registrations.status.confirmed', values: [40, 248, 12] },
      { name: 'reports.figures.checkedIn', values: [38, 238, 10] },
    ]);
    expect(charts[3]).toEqual({
      id: 'agreements',
      title: 'reports.chart.agreements',
      type: 'bar',
      categories: ['agreement:strategic', 'agreement:project', 'agreement:technology_transfer'],
      // Beside each other, never stacked: the summary totals are not added to the counted agreements.
      series: [
        { name: 'reports.agreements.signed', values: [2, 3, 1] },
        { name: 'reports.agreements.summary', values: [0, 45, 0] },
      ],
    });
    expect(charts[4].categories).toEqual([
      'Electronics & IT',
      'Advanced materials',
      'New energy',
      'Equipment manufacturing',
      'Biomedicine',
      'Aerospace',
    ]);
    expect(charts[4].series[0].values).toEqual([81, 36, 19, 104, 10, 7]);
    expect(charts[6]).toEqual({
      id: 'roadshows',
      title: 'reports.chart.roadshows',
      type: 'bar',
      categories: ['reports.roadshows.interest', 'reports.roadshows.meeting', 'reports.roadshows.message'],
      series: [{ name: 'reports.roadshows.leads', values: [36, 12, 8] }],
    });
    expect(charts[7].series[0].values).toEqual([120, 90, 88, 80, 23]);
    // The pipeline as a funnel: the intents that reached each stage, dropped ones beside it.
    expect(charts[8]).toEqual({
      id: 'funnel',
      title: 'reports.chart.funnel',
      type: 'funnel',
      categories: ['intents.stage.intent', 'intents.stage.negotiating', 'intents.stage.signed', 'intents.stage.landed'],
      series: [{ name: 'reports.funnel.reached', values: [23, 12, 8, 3] }],
    });
  });

  it('leaves out the chart of a section with nothing to show, and statuses nobody is in', () => {
    const report = chengduReport();
    report.checkIns = { people: 0, byCategory: [], byList: [] };
    report.meetings.requests.total = 0;
    report.registrations.byStatus.rejected = 0;
    // Projects presented, but nobody has left a lead yet.
    report.roadshows.leads = { total: 0, interest: 0, meeting: 0, message: 0 };
    report.funnel = emptyFunnel();
    const charts = eventCharts(report, options);
    expect(charts.map((c) => c.id)).toEqual(['registrations', 'sessions', 'agreements', 'achievements', 'demands']);
    expect(charts[0].series.map((s) => s.name)).not.toContain('registrations.status.rejected');
  });

  it('draws the agreements of the kinds either the counted or the summary totals have, the summary only if any', () => {
    const report = chengduReport();
    report.agreements.summary = {
      ...report.agreements.summary,
      agreements: 0,
      byKind: { ...report.agreements.summary.byKind, project: 0 },
    };
    expect(eventCharts(report, options).find((c) => c.id === 'agreements')?.series).toEqual([
      { name: 'reports.agreements.signed', values: [2, 3, 1] },
    ]);
    report.agreements.counted.bySignedKind = {
      strategic: 0,
      project: 0,
      technology_transfer: 0,
      order: 0,
      investment: 0,
    };
    expect(eventCharts(report, options).map((c) => c.id)).not.toContain('agreements');
    report.agreements.summary.byKind.order = 4;
    report.agreements.summary.agreements = 4;
    expect(eventCharts(report, options).find((c) => c.id === 'agreements')).toMatchObject({
      categories: ['agreement:order'],
      series: [
        { name: 'reports.agreements.signed', values: [0] },
        { name: 'reports.agreements.summary', values: [4] },
      ],
    });
  });

  it('puts every edition of a series side by side, in the order given', () => {
    const earlier = chengduReport();
    Object.assign(earlier.event, { id: 18, edition: 18 });
    earlier.registrations.registered = 150;
    const later = chengduReport();
    const chart = seriesChart([earlier, later], options);
    expect(chart?.categories).toEqual(['reports.series.edition{"n":18}', 'reports.series.edition{"n":19}']);
    expect(chart?.series.map((s) => [s.name, s.values])).toEqual([
      ['reports.figures.registered', [150, 320]],
      ['reports.figures.checkedIn', [286, 286]],
      ['reports.figures.agreementsSigned', [6, 6]],
      ['reports.figures.achievements', [257, 257]],
      ['reports.figures.demands', [25, 25]],
      ['reports.figures.roadshowProjects', [5, 5]],
      ['reports.figures.meetingsHeld', [80, 80]],
      ['reports.figures.intents', [23, 23]],
      ['reports.figures.intentsLanded', [3, 3]],
    ]);
    expect(seriesChart([], options)).toBeNull();
  });

  it('draws the pipeline across editions: the intents that reached each stage, edition by edition', () => {
    const earlier = chengduReport();
    Object.assign(earlier.event, { id: 18, edition: 18 });
    earlier.funnel.reachedCounts = { intent: 5, negotiating: 3, signed: 3, landed: 2, dropped: 1 };
    const chart = seriesPipelineChart({ editions: [earlier, chengduReport()] }, options);
    expect(chart).toMatchObject({ id: 'pipeline', title: 'reports.chart.pipeline', type: 'bar' });
    expect(chart?.categories).toEqual(['reports.series.edition{"n":18}', 'reports.series.edition{"n":19}']);
    expect(chart?.series.map((s) => [s.name, s.values])).toEqual([
      ['intents.stage.intent', [5, 23]],
      ['intents.stage.negotiating', [3, 12]],
      ['intents.stage.signed', [3, 8]],
      ['intents.stage.landed', [2, 3]],
    ]);
    const none = chengduReport();
    none.funnel = emptyFunnel();
    expect(seriesPipelineChart({ editions: [none] }, options)).toBeNull();
  });

  it('names an edition without a number by its short title', () => {
    const report = chengduReport();
    report.event.edition = null;
    expect(editionLabel(report.event, options)).toBe('Chengdu promotion');
    expect(editionLabel(report.event, { ...options, pick: (zh) => zh })).toBe('成都推介活动');
  });
});

describe('the headline figures', () => {
  it('are the same numbers on the summary cards and in the series table', () => {
    const report = chengduReport();
    expect(keyFigures(report, t).map((f) => [f.key, f.value])).toEqual([
      ['registered', 320],
      ['checkedIn', 286],
      ['sessions', 7],
      ['agreementsSigned', 6],
      ['strategicPartners', 2],
      ['amountSignedWan', 6200.5],
      ['agreementsSummary', 45],
      ['strategicPartnersSummary', 6],
      ['achievements', 257],
      ['demands', 25],
      ['bids', 8],
      ['roadshowProjects', 5],
      ['roadshowInterest', 36],
      ['roadshowMeetingRequests', 12],
      ['meetingsScheduled', 88],
      ['meetingsHeld', 80],
      ['intents', 23],
      ['intentsSigned', 8],
      ['intentsLanded', 3],
      ['intentsLandedValueWan', 2100],
    ]);
    expect(seriesRows([report, report], t).map((r) => [r.label, r.values])).toEqual(
      keyFigures(report, t).map((f) => [f.label, [f.value, f.value]]),
    );
  });
});
