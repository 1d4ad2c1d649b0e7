/**
 * Bad input files, end to end: YAML syntax errors at the parser's exact line and column in every YAML
 * the project reads (experiment, KubeSchedulerConfiguration, fill, manifests), binary and non-UTF-8
 * files named as such, folders where files are expected; one line, exit 2, no results folder.
 */
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, folderWithFixtures } from "./helpers.js";

const folder = (files: Record<string, string | Buffer>) => folderWithFixtures("input", files);

/** Runs the command in `dir` and returns its one error line (asserting exit 2 and no output folder). */
function errorLine(dir: string, args: string[]): string {
  const out = join(dir, "out");
  const r = cli([...args, "--out", out], dir);
  expect(r.code).toBe(2);
  const lines = r.stderr.trimEnd().split("\n");
  expect(lines).toHaveLength(1);
  expect(existsSync(out)).toBe(false);
  return lines[0]!;
}

const HEAD = "apiVersion: clusterlab/v1\nkind: Experiment\nmetadata: {name: x}\n";
const TRACES = "cluster: {trace: small-nodes.csv, format: openb}\nworkload: {trace: small-pods.csv, format: openb}\n";

describe("YAML syntax errors name the exact line and column", () => {
  it("in an experiment file", () => {
    const dir = folder({ "x.yaml": "a: [1\n", "y.yaml": `${HEAD}${TRACES}seeds: [1, 2\nuntil: 5m\n` });
    expect(errorLine(dir, ["run", "x.yaml"])).toBe(
      "clusterlab run: x.yaml:2:1: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]",
    );
    expect(errorLine(dir, ["run", "y.yaml"])).toMatch(/^clusterlab run: y\.yaml:7:1: invalid YAML: /);
  });

  it("in a KubeSchedulerConfiguration file", () => {
    const dir = folder({
      "sched.yaml": "apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\nprofiles:\n- schedulerName: a\n  plugins: {score: {enabled: [}\n",
      "exp.yaml": `${HEAD}${TRACES}scheduler: {config: sched.yaml}\n`,
    });
    expect(errorLine(dir, ["run", "exp.yaml"])).toMatch(/^clusterlab run: .*sched\.yaml:5:31: invalid YAML: /);
  });

  it("in a manifest file, including an alias to an undefined anchor", () => {
    const dir = folder({
      "m.yaml": "apiVersion: v1\nkind: Node\nmetadata: *nope\n",
      "exp.yaml": `${HEAD}cluster: {manifests: m.yaml}\nworkload: {manifests: m.yaml}\n`,
    });
    expect(errorLine(dir, ["run", "exp.yaml"]).split("\n").pop()).toMatch(
      /^clusterlab run: .*m\.yaml:3:11: invalid YAML: unresolved alias \*nope/,
    );
  });

  it("in a fill file", () => {
    const dir = folder({ "fill.yaml": "apiVersion: clusterlab/v1\nkind: Fill\nmetadata:\n  name: a\n  name: b\n" });
    expect(errorLine(dir, ["fill", "fill.yaml"])).toBe("clusterlab fill: fill.yaml:5:3: invalid YAML: Map keys must be unique");
  });
});

describe("files that are not text, and folders", () => {
  it("a binary file given as YAML is named as binary in one short line", () => {
    const bin = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x1b, 0x5b, 0x33, 0x31, 0x6d, ...Array(300).fill(7)]);
    const dir = folder({ "bin.yaml": bin });
    const line = errorLine(dir, ["run", "bin.yaml"]);
    expect(line).toBe("clusterlab run: bin.yaml: is a binary file, not text");
    expect(errorLine(dir, ["fill", "bin.yaml"])).toBe("clusterlab fill: bin.yaml: is a binary file, not text");
  });

  it("Latin-1 text is named as not UTF-8", () => {
    const dir = folder({ "l1.yaml": Buffer.from("metadata: {name: caf\xe9}\n", "latin1") });
    expect(errorLine(dir, ["run", "l1.yaml"])).toBe("clusterlab run: l1.yaml: is not UTF-8 text");
  });

  it("a folder given as the experiment, or as a trace, says it is a folder", () => {
    const dir = folder({ "exp.yaml": `${HEAD}cluster: {trace: small-nodes.csv, format: openb}\nworkload: {trace: traces, format: openb}\n` });
    mkdirSync(join(dir, "traces"));
    mkdirSync(join(dir, "e.yaml"));
    expect(errorLine(dir, ["run", "e.yaml"])).toBe("clusterlab run: e.yaml: is a folder, not a file");
    expect(errorLine(dir, ["run", "exp.yaml"])).toBe(`clusterlab run: exp.yaml:5:19: workload.trace: is a folder, not a file: traces (resolved to ${join(dir, "traces")})`);
  });

  it("a missing experiment file", () => {
    const dir = folder({});
    expect(errorLine(dir, ["run", "nope.yaml"])).toBe("clusterlab run: nope.yaml: file not found");
  });

  it("command-level messages carry the command's name once", () => {
    const dir = folder({});
    expect(errorLine(dir, ["run", "a.yaml", "b.yaml"])).toBe("clusterlab run: expected exactly one experiment file (see clusterlab run --help)");
  });
});
