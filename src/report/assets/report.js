// ecomdw report: draws the page from the JSON payload the binary wrote into
// <script id="ecomdw-data">. Every value from the warehouse reaches the page
// as text only: DOM textContent, ECharts' SVG text nodes, and tooltips in
// rich-text mode (never HTML). Nothing is fetched: the page has no URLs.
(function () {
  'use strict';

  var payload = JSON.parse(document.getElementById('ecomdw-data').textContent);
  var d = payload.data;

  function byId(id) { return document.getElementById(id); }
  function node(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function uniq(values) {
    var seen = new Set(), out = [];
    values.forEach(function (v) { if (!seen.has(v)) { seen.add(v); out.push(v); } });
    return out;
  }
  function num(v) { return v === null || v === undefined ? null : Number(v); }

  // Decimals arrive as exact strings ("1234.50"): grouped without a detour
  // through floating point, so a tile shows exactly what the warehouse holds.
  function decimal(v, digits) {
    if (v === null || v === undefined) return '–';
    var s = String(v), sign = '';
    if (s[0] === '-') { sign = '-'; s = s.slice(1); }
    var parts = s.split('.');
    var frac = parts.length > 1 ? parts[1] : '';
    if (digits !== undefined) frac = (frac + '0'.repeat(digits)).slice(0, digits);
    return sign + parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (frac ? '.' + frac : '');
  }
  function usd(v) { return v === null || v === undefined ? '–' : '$' + decimal(v, 2); }
  function pct(v) { return v === null || v === undefined ? '–' : (Number(v) * 100).toFixed(2) + ' %'; }
  function plain(v) { return v === null || v === undefined ? '' : String(v); }

  // KPI tiles: data-value carries the warehouse's value unformatted.
  var k = (d.kpis && d.kpis[0]) || {};
  [['revenue', 'Net revenue (USD)', k.revenue_usd, usd(k.revenue_usd)],
   ['orders', 'Orders', k.orders, decimal(k.orders)],
   ['aov', 'Average order value', k.aov_usd, usd(k.aov_usd)],
   ['customers', 'Customers', k.customers, decimal(k.customers)],
   ['return_rate', 'Return rate', k.return_rate, pct(k.return_rate)]].forEach(function (t) {
    var e = node('div', 'kpi');
    e.dataset.kpi = t[0];
    e.dataset.value = t[2] === null || t[2] === undefined ? '' : String(t[2]);
    e.appendChild(node('div', 'label', t[1]));
    e.appendChild(node('div', 'value', t[3]));
    byId('kpis').appendChild(e);
  });

  byId('meta').textContent = [
    payload.meta.project ? 'project ' + payload.meta.project : '',
    k.first_day ? 'orders ' + k.first_day + ' to ' + k.last_day : '',
    'generated ' + payload.meta.generated_at + ' UTC',
    'from ' + payload.meta.warehouse,
    'ecomdw ' + payload.meta.ecomdw_version + ', ECharts ' + payload.meta.echarts_version
  ].filter(Boolean).join(' · ');

  // Tables: columns are [key, label, formatter, numeric?].
  function table(id, columns, rows) {
    var host = byId(id), t = node('table'), head = node('tr');
    columns.forEach(function (c) { head.appendChild(node('th', c[3] ? 'num' : '', c[1])); });
    t.appendChild(node('thead')).appendChild(head);
    var body = t.appendChild(node('tbody'));
    rows.forEach(function (r) {
      var tr = node('tr');
      columns.forEach(function (c) {
        var v = r[c[0]], td = node('td', c[3] ? 'num' : '', (c[2] || plain)(v, r));
        if (c[0] === 'status' || c[0] === 'outcome' || c[0] === 'balanced') {
          td.className += ' status status-' + String(v).replace(/[^a-z_]/g, '');
        }
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    if (!rows.length) body.appendChild(node('tr')).appendChild(node('td', '', 'none')).colSpan = columns.length;
    var wrap = node('div', 'table-wrap');
    wrap.appendChild(t);
    host.appendChild(wrap);
  }

  var charts = [];
  function chart(id, option, empty) {
    var el = byId(id);
    var c = echarts.init(el, null, { renderer: 'svg' });
    option.animation = false;
    option.tooltip = Object.assign({ renderMode: 'richText', confine: true }, option.tooltip || {});
    if (empty) {
      option = { animation: false, title: { text: empty, left: 'center', top: 'middle',
                                           textStyle: { color: '#616e7c', fontSize: 14, fontWeight: 'normal' } } };
    }
    c.setOption(option);
    charts.push(c);
    el.dataset.rendered = 'true';
  }
  var grid = { left: 60, right: 30, top: 40, bottom: 40, containLabel: true };

  // Revenue by day and channel: stacked areas.
  (function () {
    var rows = d.revenue_by_day_channel || [];
    var days = uniq(rows.map(function (r) { return r.order_date; })).sort();
    var channels = uniq(rows.map(function (r) { return r.channel; })).sort();
    var at = new Map();
    rows.forEach(function (r) { at.set(r.order_date + '\u0000' + r.channel, num(r.net_revenue_usd)); });
    chart('chart-revenue', {
      tooltip: { trigger: 'axis' }, legend: { top: 0, type: 'scroll' }, grid: grid,
      xAxis: { type: 'category', data: days, boundaryGap: false },
      yAxis: { type: 'value', name: 'USD' },
      series: channels.map(function (ch) {
        return { name: ch, type: 'line', stack: 'revenue', areaStyle: {}, symbol: 'none',
                 data: days.map(function (day) { return at.get(day + '\u0000' + ch) || 0; }) };
      })
    }, rows.length ? null : 'No revenue orders in this warehouse');
  })();

  // Campaigns: ROAS (bars) and CAC (line, right axis).
  (function () {
    var rows = d.campaigns || [];
    chart('chart-campaigns', {
      tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: grid,
      xAxis: { type: 'category', data: rows.map(function (r) { return plain(r.campaign_name); }),
               axisLabel: { rotate: 30, width: 110, overflow: 'truncate' } },
      yAxis: [{ type: 'value', name: 'ROAS' }, { type: 'value', name: 'CAC (USD)' }],
      series: [
        { name: 'ROAS', type: 'bar', data: rows.map(function (r) { return num(r.roas); }) },
        { name: 'CAC (USD)', type: 'line', yAxisIndex: 1, data: rows.map(function (r) { return num(r.cac_usd); }) }
      ]
    }, rows.length ? null : 'No campaign with spend');
    table('table-campaigns', [
      ['campaign_name', 'Campaign'], ['marketing_channel', 'Channel'], ['orders', 'Orders', decimal, true],
      ['revenue_usd', 'Revenue', usd, true], ['spend_usd', 'Spend', usd, true], ['roas', 'ROAS', plain, true],
      ['new_customers', 'New customers', decimal, true], ['cac_usd', 'CAC', usd, true]], rows);
  })();

  // Top products and categories.
  (function () {
    var rows = (d.top_products || []).slice().reverse();  // largest at the top of the bar chart
    chart('chart-products', {
      tooltip: { trigger: 'axis' }, grid: grid,
      xAxis: { type: 'value', name: 'USD' },
      yAxis: { type: 'category', data: rows.map(function (r) { return plain(r.product_name); }),
               axisLabel: { width: 180, overflow: 'truncate' } },
      series: [{ name: 'Net revenue', type: 'bar', data: rows.map(function (r) { return num(r.net_revenue_usd); }) }]
    }, rows.length ? null : 'No products');
    table('table-products', [
      ['sku', 'SKU'], ['product_name', 'Product'], ['category', 'Category'], ['brand', 'Brand'],
      ['units_sold', 'Units', decimal, true], ['net_revenue_usd', 'Net revenue', usd, true],
      ['margin_usd', 'Margin', usd, true], ['return_rate', 'Return rate', pct, true]], d.top_products || []);
    var cats = d.categories || [];
    chart('chart-categories', {
      tooltip: { trigger: 'item' }, legend: { type: 'scroll', bottom: 0 },
      series: [{ name: 'Net revenue', type: 'pie', radius: ['35%', '65%'],
                 data: cats.map(function (r) { return { name: plain(r.category), value: num(r.net_revenue_usd) }; }) }]
    }, cats.length ? null : 'No categories');
  })();

  // Customers: RFM segments and cohort retention.
  (function () {
    var rows = d.rfm_segments || [];
    chart('chart-rfm', {
      tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: grid,
      xAxis: { type: 'category', data: rows.map(function (r) { return plain(r.rfm_segment); }) },
      yAxis: [{ type: 'value', name: 'customers' }, { type: 'value', name: 'lifetime value (USD)' }],
      series: [
        { name: 'Customers', type: 'bar', data: rows.map(function (r) { return num(r.customers); }) },
        { name: 'Lifetime value', type: 'bar', yAxisIndex: 1,
          data: rows.map(function (r) { return num(r.lifetime_value_usd); }) }
      ]
    }, rows.length ? null : 'No customers with orders');

    var cells = d.cohorts || [];
    var months = uniq(cells.map(function (r) { return r.cohort_month; })).sort();
    var maxN = cells.reduce(function (m, r) { return Math.max(m, r.month_number); }, 0);
    var offsets = [];
    for (var i = 0; i <= maxN; i++) offsets.push(String(i));
    var sizes = new Map();
    cells.forEach(function (r) { sizes.set(r.cohort_month, r.cohort_size); });
    chart('chart-cohorts', {
      tooltip: { trigger: 'item' },
      grid: { left: 110, right: 30, top: 20, bottom: 110 },
      xAxis: { type: 'category', data: offsets, name: 'months after first order', nameLocation: 'middle', nameGap: 28 },
      yAxis: { type: 'category', data: months.map(function (m) { return m + ' (' + sizes.get(m) + ')'; }), inverse: true },
      visualMap: { min: 0, max: 100, calculable: true, orient: 'horizontal', left: 'center', bottom: 0,
                   text: ['100 %', '0 %'] },
      series: [{ name: 'Retention %', type: 'heatmap', label: { show: cells.length <= 120 },
                 data: cells.map(function (r) {
                   return [r.month_number, months.indexOf(r.cohort_month), +(Number(r.retention_rate) * 100).toFixed(1)];
                 }) }]
    }, cells.length ? null : 'No cohorts');
  })();

  // Data quality of the build that published this warehouse.
  (function () {
    var b = (d.last_build && d.last_build[0]) || null;
    var checks = d.checks || [];
    var counts = {};
    checks.forEach(function (c) { counts[c.status] = (counts[c.status] || 0) + 1; });
    var summary = byId('quality-summary');
    function item(label, value, cls) {
      var s = node('span', cls || '');
      s.appendChild(document.createTextNode(label + ' '));
      s.appendChild(node('b', '', value));
      summary.appendChild(s);
    }
    if (b) {
      item('last build', plain(b.run_id));
      item('outcome', plain(b.outcome), 'status status-' + String(b.outcome).replace(/[^a-z_]/g, ''));
      item('finished', plain(b.finished_at) + ' UTC');
      item('batches applied', plain(b.batches_applied));
    } else {
      item('last build', 'not recorded');
    }
    ['pass', 'warn', 'fail', 'error'].forEach(function (s) { item('checks ' + s, String(counts[s] || 0), 'status status-' + s); });

    var statuses = ['pass', 'warn', 'fail', 'error'];
    var colors = { pass: '#2f9e44', warn: '#f08c00', fail: '#e03131', error: '#862e9c' };
    chart('chart-checks', {
      tooltip: { trigger: 'item' }, legend: { bottom: 0 },
      series: [{ name: 'Checks', type: 'pie', radius: ['40%', '65%'],
                 data: statuses.filter(function (s) { return counts[s]; }).map(function (s) {
                   return { name: s, value: counts[s], itemStyle: { color: colors[s] } };
                 }) }]
    }, checks.length ? null : 'No check results recorded');
    table('table-checks', [
      ['status', 'Status'], ['severity', 'Severity'], ['check_name', 'Check'], ['table_name', 'Table'],
      ['check_type', 'Type'], ['failing_rows', 'Failing rows', decimal, true], ['error', 'Error']], checks);

    var q = d.quarantine || [];
    var reasons = uniq(q.map(function (r) { return r.reason; }));
    var sources = uniq(q.map(function (r) { return r.source; })).sort();
    var at = new Map();
    q.forEach(function (r) { at.set(r.source + '\u0000' + r.reason, num(r.records)); });
    chart('chart-quarantine', {
      tooltip: { trigger: 'axis' }, legend: { top: 0, type: 'scroll' }, grid: grid,
      xAxis: { type: 'category', data: reasons.map(plain), axisLabel: { rotate: 20 } },
      yAxis: { type: 'value', name: 'records' },
      series: sources.map(function (s) {
        return { name: plain(s), type: 'bar', stack: 'q',
                 data: reasons.map(function (r) { return at.get(s + '\u0000' + r) || 0; }) };
      })
    }, q.length ? null : 'Nothing quarantined');
    table('table-quarantine', [['source', 'Source'], ['reason', 'Reason'], ['records', 'Records', decimal, true]], q);

    table('table-freshness', [
      ['source', 'Source'], ['newest_partition', 'Newest partition (dt)'], ['staged_rows', 'Staged rows', decimal, true],
      ['newest_order_date', 'Newest order date']], d.freshness || []);
    table('table-reconciliation', [
      ['source', 'Source'], ['batches', 'Batches', decimal, true], ['objects', 'Objects', decimal, true],
      ['raw_records', 'Raw', decimal, true], ['staged_records', 'Staged', decimal, true],
      ['quarantined_records', 'Quarantined', decimal, true], ['duplicate_records', 'Duplicates', decimal, true],
      ['unreadable_objects', 'Unreadable objects', decimal, true], ['balanced', 'Balanced'],
      ['last_loaded_at', 'Last loaded (UTC)']], d.reconciliation || []);
  })();

  window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });
  document.body.dataset.charts = String(charts.length);
})();
