// Opens an HTML report in Debian's headless Chromium and prints, as one JSON line, what the page rendered once its
// scripts ran: every table cell and chart bar (data attributes and drawn heights), requests it made, script errors.
// Usage: node read-report.mjs REPORT.html [SCREENSHOT.png]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const [report, screenshot] = process.argv.slice(2);
const profile = mkdtempSync(join(tmpdir(), "ghb-report-profile-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run"],
  viewport: { width: 1200, height: 900 },
});
try {
  const page = await context.newPage();
  const requests = [];
  const errors = [];
  page.on("request", r => requests.push(r.url()));
  page.on("pageerror", e => errors.push(String(e)));
  page.on("console", m => { if (m.type() === "error") errors.push(m.text()); });
  const url = pathToFileURL(report).href;
  await page.goto(url);
  await page.waitForSelector("body[data-report-ready=true]", { timeout: 30000 });
  const orgs = await page.evaluate(() => [...document.querySelectorAll("section[data-org]")].map(section => ({
    org: section.dataset.org,
    tables: Object.fromEntries([...section.querySelectorAll("table[data-table]")].map(t => [t.dataset.table,
      [...t.querySelectorAll("tbody tr")].map(tr => ({
        date: tr.dataset.date,
        repo: tr.dataset.repo ?? null,
        part: tr.dataset.part ?? null,
        drill: tr.dataset.drill ?? null,
        cells: Object.fromEntries([...tr.querySelectorAll("td[data-field]")].map(td => [td.dataset.field, { value: td.dataset.value ?? null, text: td.textContent }])),
      }))])),
    charts: Object.fromEntries([...section.querySelectorAll("svg[data-chart]")].map(chart => [chart.dataset.chart, {
      scale: Number(chart.dataset.scale),
      bars: [...chart.querySelectorAll("rect[data-series]")].map(r => ({
        date: r.dataset.date, series: r.dataset.series, value: Number(r.dataset.value), height: r.getBBox().height,
      })),
    }])),
  })));
  if (screenshot) {
    await page.screenshot({ path: screenshot, fullPage: true });
  }

  console.log(JSON.stringify({ requests: requests.filter(r => r !== url), errors, orgs }));
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
