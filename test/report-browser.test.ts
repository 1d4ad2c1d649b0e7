/**
 * report.html in a real headless Chromium (Debian's `chromium`, driven by playwright-core): the page
 * loads from a file:// URL without console errors or network requests, every chart's inline SVG is
 * there and drawn, and a full-page screenshot is taken. Skipped when /usr/bin/chromium is missing.
 */
import { existsSync } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeReport, type ReportResult } from "../src/core/report/index.js";
import { writeSyntheticResults } from "../src/core/report/testing.js";

const CHROMIUM = "/usr/bin/chromium";
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const haveChromium = existsSync(CHROMIUM);

describe.skipIf(!haveChromium)(`report.html in headless Chromium${haveChromium ? "" : ` (skipped: ${CHROMIUM} not found; apt-get install chromium)`}`, () => {
  let dir: string;
  let result: ReportResult;
  let browser: Browser;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "clusterlab-browser-"));
    await writeSyntheticResults(join(dir, "results"), { workloads: ["openb", "bursty"], seeds: [1, 2], pods: 80, samples: 40 });
    result = await writeReport(join(dir, "results"));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  });
  afterAll(async () => {
    await browser?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("loads offline without console errors, draws every chart, and screenshots", async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const problems: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") problems.push(`console.${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
    page.on("request", (r) => {
      if (!/^(file|data):/.test(r.url())) problems.push(`external request: ${r.url()}`);
    });
    await page.goto(pathToFileURL(result.report).href, { waitUntil: "load" });

    const charts = await page.$$eval("figure.chart", (figs) =>
      figs.map((f) => {
        const svg = f.querySelector("svg");
        const box = svg?.getBoundingClientRect();
        return {
          name: f.getAttribute("data-chart"),
          width: box?.width ?? 0,
          height: box?.height ?? 0,
          paths: svg ? [...svg.querySelectorAll("path")].filter((p) => (p.getAttribute("d") ?? "").length > 10).length : 0,
          texts: svg ? [...svg.querySelectorAll("text")].filter((t) => (t.textContent ?? "").trim() !== "").length : 0,
        };
      }),
    );
    expect(charts.map((c) => c.name)).toEqual(result.charts.map((c) => c.name));
    for (const c of charts) {
      expect(c.width, c.name!).toBeGreaterThan(480); // large enough to read on screen
      expect(c.height, c.name!).toBeGreaterThan(60);
      expect(c.paths, c.name!).toBeGreaterThan(3);
      expect(c.texts, c.name!).toBeGreaterThan(5);
    }
    // One table per workload, a row per metric, a column per variant; nothing scrolls sideways at 1,200 px.
    expect(await page.locator("table.aggregate").count()).toBe(2);
    expect(await page.locator("#aggregate-table tbody tr").count()).toBe(9 + 3); // the default table metrics and the 3 fill metrics
    expect(await page.locator("#aggregate-table thead th").count()).toBe(1 + 3);
    const pageWidth = await page.evaluate("document.documentElement.scrollWidth");
    const tableOverflow = await page.$$eval(".table-wrap", (ws) => ws.map((w) => w.scrollWidth - w.clientWidth));
    const overflow = [pageWidth as number, ...tableOverflow];
    expect(overflow[0]).toBeLessThanOrEqual(1200);
    expect(overflow.slice(1).every((d) => d <= 0)).toBe(true);
    // Final paths only: no temporary folder names on the page.
    expect(await page.content()).not.toMatch(/\.tmp-\d+/);

    const shot = join(dir, "report.png");
    await page.screenshot({ path: shot, fullPage: true });
    expect((await stat(shot)).size).toBeGreaterThan(100_000);
    expect(problems).toEqual([]);
    await page.close();
  });
});
