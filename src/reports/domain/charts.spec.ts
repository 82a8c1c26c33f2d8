import { eventCharts, editionLabel, seriesChart, type ChartOptions } from './charts.js';
import { keyFigures, seriesRows } from './key-figures.js';
import { chengduReport } from './report-fixture.js';

/** Labels as their keys (and parameters), so that the specs show which message each label is. */
const t = (key: string, params?: Record<string, unknown>) => (params ? `${key}${JSON.stringify(params)}` : key);
const options: ChartOptions = { t, pick: (zh, en) => en ?? zh, sessionKindName: (k) => `kind:${k}` };

describe('the report charts', () => {
  it('draws each section that has figures, in the page order, from the figures alone', () => {
    const charts = eventCharts(chengduReport(), options);
    expect(charts.map((c) => [c.id, c.type])).toEqual([
      ['registrations', 'bar'],
      ['check-ins', 'bar'],
      ['sessions', 'bar'],
      ['achievements', 'pie'],
      ['demands', 'pie'],
      ['meetings', 'bar'],
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
    expect(charts[3].categories).toEqual([
      'Electronics & IT',
      'Advanced materials',
      'New energy',
      'Equipment manufacturing',
      'Biomedicine',
      'Aerospace',
    ]);
    expect(charts[3].series[0].values).toEqual([81, 36, 19, 104, 10, 7]);
    expect(charts[5].series[0].values).toEqual([120, 90, 88, 80, 23]);
  });

  it('leaves out the chart of a section with nothing to show, and statuses nobody is in', () => {
    const report = chengduReport();
    report.checkIns = { people: 0, byCategory: [], byList: [] };
    report.meetings.requests.total = 0;
    report.registrations.byStatus.rejected = 0;
    const charts = eventCharts(report, options);
    expect(charts.map((c) => c.id)).toEqual(['registrations', 'sessions', 'achievements', 'demands']);
    expect(charts[0].series.map((s) => s.name)).not.toContain('registrations.status.rejected');
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
      ['reports.figures.achievements', [257, 257]],
      ['reports.figures.demands', [25, 25]],
      ['reports.figures.meetingsHeld', [80, 80]],
    ]);
    expect(seriesChart([], options)).toBeNull();
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
      ['achievements', 257],
      ['demands', 25],
      ['bids', 8],
      ['meetingsScheduled', 88],
      ['meetingsHeld', 80],
    ]);
    expect(seriesRows([report, report], t).map((r) => [r.label, r.values])).toEqual(
      keyFigures(report, t).map((f) => [f.label, [f.value, f.value]]),
    );
  });
});
