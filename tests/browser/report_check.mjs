// Opens a page ecomdw wrote (a file) or serves (an http:// URL of `ecomdw
// serve`) in Debian's chromium, headless, and prints what a reader would see
// as one JSON document on stdout: console errors, page errors, any request
// that tried to leave the file (or the server's origin), each chart's
// rendering, the KPI tiles, whether injected markup ran, and the text of the
// products table. The calling test (tests/e2e/report_browser_test.sh) judges it.
//
// usage: node report_check.mjs PAGE.html|http://HOST:PORT/ SCREENSHOT.png
import { chromium } from 'playwright-core';
import path from 'node:path';

const [page_file, screenshot] = process.argv.slice(2);
if (!page_file || !screenshot) {
  console.error('usage: node report_check.mjs PAGE.html|http://HOST:PORT/ SCREENSHOT.png');
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  // root in CI: chromium's sandbox needs an unprivileged user.
  args: ['--no-sandbox', '--disable-gpu'],
});
const result = { console_errors: [], page_errors: [], requests_blocked: [] };
const served = /^https?:\/\//.test(page_file);
const target = served ? page_file : 'file://' + path.resolve(page_file);
// The one place the page may load from: the file system, or the server's origin.
const allowed = served ? new URL(page_file).origin + '/' : 'file://';
try {
  // A file page is opened offline; a served one needs the loopback network,
  // and everything but its origin is aborted below.
  const context = await browser.newContext({ offline: !served, viewport: { width: 1440, height: 1000 } });
  // Networking blocked: anything but the page itself is aborted and listed.
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(allowed)) return route.continue();
    result.requests_blocked.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') result.console_errors.push(m.text()); });
  page.on('pageerror', (e) => result.page_errors.push(String(e)));
  page.on('request', (r) => { if (!r.url().startsWith(allowed)) result.requests_blocked.push(r.url()); });

  await page.goto(target, { waitUntil: 'load' });
  await page.waitForFunction(() => document.body.dataset.charts !== undefined, null, { timeout: 30000 })
    .catch((e) => result.page_errors.push('page never finished drawing: ' + e.message));

  Object.assign(result, await page.evaluate(() => {
    const charts = [...document.querySelectorAll('.chart')].map((el) => {
      const svg = el.querySelector('svg');
      const box = svg ? svg.getBoundingClientRect() : { width: 0, height: 0 };
      return {
        id: el.id,
        rendered: el.dataset.rendered === 'true',
        svg: !!svg,
        width: Math.round(box.width),
        height: Math.round(box.height),
        shapes: svg ? svg.querySelectorAll('path, rect, circle, polygon, polyline').length : 0,
        texts: svg ? [...svg.querySelectorAll('text')].map((t) => t.textContent) : [],
      };
    });
    const kpis = Object.fromEntries([...document.querySelectorAll('.kpi')].map((el) => [
      el.dataset.kpi, { value: el.dataset.value, text: el.querySelector('.value').textContent }]));
    return {
      charts,
      kpis,
      pwned: window.__ecomdw_pwned === undefined ? null : window.__ecomdw_pwned,
      scripts: document.scripts.length,
      images: document.images.length,
      products_table: (document.getElementById('table-products') || { innerText: '' }).innerText,
      products_cells: [...document.querySelectorAll('#table-products td')].map((td) => td.textContent),
    };
  }));
  await page.screenshot({ path: screenshot, fullPage: true });
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(result, null, 1) + '\n');
