// Draws a report page's charts with ECharts (served by the app at /vendor/echarts.min.js) from the JSON element
// #report-charts: a list of { id, title, type: 'bar' | 'pie' | 'funnel', categories, series: [{ name, values, stack }] }, each
// drawn into #chart-<id>. SVG, so that a printed page stays sharp; no animation, so that it prints as soon as shown.
/* global document, window, getComputedStyle */
(function () {
  'use strict';
  var source = document.getElementById('report-charts');
  if (!source || !window.echarts) return;
  var specs = JSON.parse(source.textContent || '[]');
  var PALETTE = ['#b3261e', '#1d4f91', '#1b6a3a', '#b07a14', '#6a645f', '#5b7fb8', '#8c1d17', '#4f9a6a'];
  var font = getComputedStyle(document.body).fontFamily;

  function bar(spec) {
    var legend = spec.series.length > 1;
    return {
      grid: { left: 8, right: 16, top: legend ? 40 : 24, bottom: 8, containLabel: true },
      legend: legend ? { top: 0 } : { show: false },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'category', data: spec.categories, axisLabel: { interval: 0, hideOverlap: true } },
      yAxis: { type: 'value', minInterval: 1 },
      series: spec.series.map(function (s) {
        return {
          type: 'bar',
          name: s.name,
          data: s.values,
          stack: s.stack,
          barMaxWidth: 48,
          label: { show: !s.stack, position: 'top' },
        };
      }),
    };
  }

  function pie(spec) {
    var s = spec.series[0];
    return {
      legend: { bottom: 0, type: 'scroll' },
      tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
      series: [
        {
          type: 'pie',
          name: s.name,
          // Room around the ring for the labels (name and count) of a box a third of the page wide.
          radius: ['30%', '52%'],
          center: ['50%', '45%'],
          label: { formatter: '{b}\n{c}', overflow: 'break' },
          labelLayout: { hideOverlap: true },
          data: spec.categories.map(function (name, i) {
            return { name: name, value: s.values[i] };
          }),
        },
      ],
    };
  }

  // The cooperation pipeline: one layer per stage, in the stages' order (intents that reached each stage).
  function funnel(spec) {
    var s = spec.series[0];
    return {
      tooltip: { trigger: 'item', formatter: '{b}: {c}' },
      series: [
        {
          type: 'funnel',
          name: s.name,
          sort: 'none',
          left: '10%',
          width: '80%',
          top: 8,
          bottom: 8,
          minSize: '8%',
          label: { show: true, position: 'inside', formatter: '{b} {c}' },
          data: spec.categories.map(function (name, i) {
            return { name: name, value: s.values[i] };
          }),
        },
      ],
    };
  }

  var drawn = [];
  specs.forEach(function (spec) {
    var box = document.getElementById('chart-' + spec.id);
    if (!box) return;
    var chart = window.echarts.init(box, null, { renderer: 'svg' });
    var option = spec.type === 'pie' ? pie(spec) : spec.type === 'funnel' ? funnel(spec) : bar(spec);
    option.color = PALETTE;
    option.animation = false;
    option.textStyle = { fontFamily: font };
    chart.setOption(option);
    box.setAttribute('data-drawn', 'true');
    drawn.push(chart);
  });
  function resize() {
    drawn.forEach(function (chart) {
      chart.resize();
    });
  }
  window.addEventListener('resize', resize);
  window.addEventListener('beforeprint', resize);
  window.addEventListener('afterprint', resize);
})();
