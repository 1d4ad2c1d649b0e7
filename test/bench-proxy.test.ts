// `clusterlab bench proxy` end to end on small sizes: the results folder's files, and what the
// measurements must show whatever the machine — the work per packet (rules and lookups, counted by the
// data planes, not timed), the balance of deterministic schedulers, Maglev's small disruption.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "./helpers.js";

const rows = (file: string) => {
  const [head, ...lines] = readFileSync(file, "utf8").trim().split("\n");
  const cols = head!.split(",");
  return lines.map((l) => Object.fromEntries(l.split(",").map((v, i) => [cols[i]!, v])));
};

describe("clusterlab bench proxy", () => {
  const dir = mkdtempSync(join(tmpdir(), "clusterlab-bench-"));
  const out = join(dir, "bench");
  const r = cli(["bench", "proxy", "--services", "100,1000", "--connections", "20000", "--lookup-ms", "20", "--real-kernel", "--kernel-limit", "10", "--out", out]);

  it("writes CSV files, charts and report.html", () => {
    expect(r.stderr).toContain("wrote");
    expect(r.code).toBe(0);
    for (const f of ["lookup.csv", "sync.csv", "balance.csv", "disruption.csv", "report.html", "manifest.json", "charts/lookup-cost.svg", "charts/lookup-cost.png", "charts/disruption.vl.json"]) {
      expect(existsSync(join(out, f)), f).toBe(true);
    }
    expect(readFileSync(join(out, "report.html"), "utf8")).toContain("<svg");
  });

  it("iptables' work per packet grows with the services; the hashing data planes' stays flat", () => {
    const lookup = rows(join(out, "lookup.csv"));
    const work = (plugin: string, n: string) => {
      const x = lookup.find((l) => l.plugin === plugin && l.services === n)!;
      return Number(x.rulesPerPacket) + Number(x.hashLookupsPerPacket);
    };
    expect(work("iptables", "1000") / work("iptables", "100")).toBeGreaterThan(5);
    for (const p of ["nftables", "ipvs", "maglev"]) expect(Math.abs(work(p, "1000") - work(p, "100"))).toBeLessThan(0.5);
  });

  it("a one-Service change writes far less than a full sync for iptables and nftables", () => {
    const sync = rows(join(out, "sync.csv"));
    for (const p of ["iptables", "nftables"]) {
      const full = Number(sync.find((s) => s.plugin === p && s.services === "1000" && s.kind === "full")!.lines);
      const partial = Number(sync.find((s) => s.plugin === p && s.services === "1000" && s.kind === "partial")!.lines);
      expect(partial).toBeLessThan(full / 10);
    }
  });

  it("round robin is exactly even; Maglev at M = 131071 moves at most 1/N + 1% and sh moves most connections", () => {
    const balance = rows(join(out, "balance.csv"));
    expect(Number(balance.find((b) => b.plane === "ipvs-rr")!.maxOverMean)).toBe(1);
    const d = rows(join(out, "disruption.csv"));
    for (const x of d.filter((x) => x.plane === "maglev" && x.tableSize === "131071")) expect(Number(x.remapped)).toBeLessThanOrEqual(Number(x.floor));
    for (const x of d.filter((x) => x.plane === "ipvs-sh")) expect(Number(x.remapped)).toBeGreaterThan(0.5);
  });

  it("--real-kernel: a timing (or the reason there is none) for every tool, size and kind of sync", () => {
    const kernel = rows(join(out, "kernel.csv"));
    expect(kernel.map((k) => `${k.tool} ${k.services} ${k.kind}`).sort()).toEqual(
      ["iptables-legacy", "iptables-nft", "nft"].flatMap((t) => ["100", "1000"].flatMap((n) => [`${t} ${n} full`, `${t} ${n} partial`])).sort(),
    );
    for (const k of kernel) expect(Number(k.measuredSeconds) > 0 || k.note !== "", `${k.tool} ${k.services} ${k.kind}`).toBe(true);
  });

  it("refuses a folder of the user's and bad sizes, in one line, exit 2", () => {
    const mine = join(dir, "mine");
    cli(["bench", "proxy", "--help"]);
    writeFileSync(join(dir, "keep.txt"), "x");
    const refused = cli(["bench", "proxy", "--services", "100", "--out", dir]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^clusterlab bench: --out .*folder exists and holds files clusterlab did not write/);
    expect(existsSync(join(dir, "keep.txt"))).toBe(true);
    const bad = cli(["bench", "proxy", "--services", "100,zero", "--out", mine]);
    expect(bad.stderr).toBe('clusterlab bench: --services must be an integer ≥ 1, got "zero"\n');
    expect(bad.code).toBe(2);
    expect(cli(["bench", "scheduler"]).stderr).toBe('clusterlab bench: expected "proxy", got "scheduler" (see clusterlab bench --help)\n');
  });
});
