/**
 * Every file the project reads points at the exact line and column of what is wrong (columns counted by hand
 * in the comments): an unknown field at its key, a bad value at the value. YAML syntax errors are covered in
 * input-errors.test.ts. One line on stderr, exit 2, no results folder.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, folderWithFixtures } from "./helpers.js";

const EXP = "apiVersion: clusterlab/v1\nkind: Experiment\nmetadata: {name: x}\n";
const TRACES = "cluster: {trace: small-nodes.csv, format: openb}\nworkload: {trace: small-pods.csv, format: openb}\n";
const SCHED = "apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\nprofiles:\n  - schedulerName: default-scheduler\n";
const FILL = "apiVersion: clusterlab/v1\nkind: Fill\nmetadata:\n  name: f\ncluster: {trace: small-nodes.csv, format: openb}\n";
const NODE = "apiVersion: v1\nkind: Node\nmetadata:\n  name: n1\n";

/** Runs `args` in a folder holding `files`; returns its one stderr line and the folder. */
function errorLine(files: Record<string, string>, args: string[]): { line: string; dir: string } {
  const dir = folderWithFixtures("positions", files);
  const r = cli([...args, "--out", "out"], dir);
  expect(r.code).toBe(2);
  const lines = r.stderr.trimEnd().split("\n");
  expect(lines).toHaveLength(1);
  expect(existsSync(join(dir, "out"))).toBe(false);
  return { line: lines[0]!, dir };
}

describe("experiment file", () => {
  it("an unknown field at its key", () => {
    // line 6 "untill: 5m" (three header lines, two trace lines): the key starts the line.
    const { line } = errorLine({ "e.yaml": `${EXP}${TRACES}untill: 5m\n` }, ["run", "e.yaml"]);
    expect(line).toMatch(/^clusterlab run: e\.yaml:6:1: untill: unknown field "untill" \(allowed: /);
  });

  it("a bad value at the value", () => {
    // line 6 "until: 5 parsecs": "until: " is 7 characters, the value starts at column 8.
    const { line } = errorLine({ "e.yaml": `${EXP}${TRACES}until: 5 parsecs\n` }, ["run", "e.yaml"]);
    expect(line).toBe('clusterlab run: e.yaml:6:8: until: expected a duration like "1s", "250ms" or "5m", got "5 parsecs"');
  });
});

describe("KubeSchedulerConfiguration file", () => {
  const exp = `${EXP}${TRACES}scheduler: {config: s.yaml}\n`;

  it("an unknown field at its key", () => {
    // line 5 "    pluginz: {}": four spaces, the key at column 5.
    const { line, dir } = errorLine({ "e.yaml": exp, "s.yaml": `${SCHED}    pluginz: {}\n` }, ["run", "e.yaml"]);
    expect(line).toBe(`clusterlab run: ${join(dir, "s.yaml")}:5:5: profiles[0].pluginz: unknown field "pluginz"`);
  });

  it("a bad value at the value", () => {
    // line 8 "          - {name: NodeResourcesFit, weight: -3}": 10 spaces, "- {" to column 13,
    // "name: NodeResourcesFit, " to 37, "weight: " to 45, "-3" at 46.
    const sched = `${SCHED}    plugins:\n      score:\n        enabled:\n          - {name: NodeResourcesFit, weight: -3}\n`;
    const { line, dir } = errorLine({ "e.yaml": exp, "s.yaml": sched }, ["run", "e.yaml"]);
    expect(line).toBe(`clusterlab run: ${join(dir, "s.yaml")}:8:46: profiles[0].plugins.score.enabled[0].weight: expected a non-negative integer`);
  });

  it("a plugin's bad args at the very field, an unknown args field at its key", () => {
    // line 7 "        args: {scoringStrategy: {type: Bogus}}": 8 spaces + "args: {" to column 15,
    // "scoringStrategy: {" to 33, "type: " to 39, "Bogus" at 40.
    const bad = `${SCHED}    pluginConfig:\n      - name: NodeResourcesFit\n        args: {scoringStrategy: {type: Bogus}}\n`;
    const a = errorLine({ "e.yaml": exp, "s.yaml": bad }, ["run", "e.yaml"]);
    expect(a.line).toMatch(new RegExp(`^clusterlab run: ${a.dir.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}/s\\.yaml:7:40: profiles\\[0\\]\\.pluginConfig\\[0\\]\\.args: invalid args for plugin "NodeResourcesFit": .*Unsupported value: "Bogus"`));
    // line 7 "        args: {scoringStrateg: {}}": the key at column 16.
    const unknown = `${SCHED}    pluginConfig:\n      - name: NodeResourcesFit\n        args: {scoringStrateg: {}}\n`;
    const b = errorLine({ "e.yaml": exp, "s.yaml": unknown }, ["run", "e.yaml"]);
    expect(b.line).toMatch(/s\.yaml:7:16: profiles\[0\]\.pluginConfig\[0\]\.args: invalid args for plugin "NodeResourcesFit": .*scoringStrateg: unknown field/);
  });
});

describe("fill file", () => {
  const rest = "variants:\n  - {name: R, policy: Random}\nseeds: [1]\n";

  it("an unknown field at its key", () => {
    // line 7 "  - {name: w, trace: small-pods.csv, format: openb, colour: red}": "  - {" to column 5,
    // "name: w, " to 14, "trace: small-pods.csv, " to 37, "format: openb, " to 52, "colour" at 53.
    const fill = `${FILL}workloads:\n  - {name: w, trace: small-pods.csv, format: openb, colour: red}\n${rest}`;
    const { line } = errorLine({ "f.yaml": fill }, ["fill", "f.yaml"]);
    expect(line).toBe('clusterlab fill: f.yaml:7:53: workloads[0].colour: unknown field "colour" (allowed: name, trace, format)');
  });

  it("a bad value at the value", () => {
    // line 11 "tune: many": "tune: " is 6 characters, the value at column 7.
    const fill = `${FILL}workloads:\n  - {name: w, trace: small-pods.csv, format: openb}\n${rest}tune: many\n`;
    const { line } = errorLine({ "f.yaml": fill }, ["fill", "f.yaml"]);
    expect(line).toBe('clusterlab fill: f.yaml:11:7: tune: expected a positive number, got "many"');
  });
});

describe("manifest file", () => {
  const exp = `${EXP}cluster: {manifests: m.yaml}\nworkload: {trace: small-pods.csv, format: openb}\n`;

  it("an unknown ObjectMeta field at its key (strict decoding, as kubectl's default)", () => {
    // line 5 "  labelz: {a: b}": the key at column 3.
    const { line, dir } = errorLine({ "e.yaml": exp, "m.yaml": `${NODE}  labelz: {a: b}\nstatus:\n  allocatable: {cpu: "4"}\n` }, ["run", "e.yaml"]);
    expect(line).toBe(`clusterlab run: ${join(dir, "m.yaml")}:5:3: metadata.labelz: unknown field "labelz"`);
  });

  it("a bad value at the value", () => {
    // line 6 '  allocatable: {cpu: "4x", memory: 8Gi}': "  allocatable: {" to column 16, "cpu: " to 21, '"4x"' at 22.
    const { line, dir } = errorLine({ "e.yaml": exp, "m.yaml": `${NODE}status:\n  allocatable: {cpu: "4x", memory: 8Gi}\n` }, ["run", "e.yaml"]);
    expect(line).toBe(`clusterlab run: ${join(dir, "m.yaml")}:6:22: status.allocatable.cpu: invalid quantity "4x"`);
  });
});
