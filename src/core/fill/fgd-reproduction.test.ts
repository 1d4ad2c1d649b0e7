/**
 * A reduced reproduction of the FGD paper's main result (docs/fgd-reproduction.md has the full one): the fill
 * experiment on openb_pod_list_default over the 1,213-node GPU cluster, seeds 42–44, FGD vs BestFit vs Random.
 * Mean unallocated GPU % at 100 % and 130 % arrived must be within 0.5 points of the authors' 10-seed means
 * (traces/fgd-atc23/fgd_expected_summary.csv; their seed sd is 0.08–0.33 points there, our 3-seed error
 * ≤ 0.1) and in their order wherever their means differ by more than their two sds added (FGD < BestFit <
 * Random here). Counting every free milli-GPU as fragment for every typical pod (F = total + Q3's term, Q3's
 * exemption dropped) moves FGD by 2.4 points and fails here; dropping Q3's term (F = total·(1 − p_Q3)) moves it
 * 0.38 points, within the tolerance, and fails gpu-sharing's hand-computed cases instead.
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { toRows, type FillRow } from "./aggregate.js";
import { compareWithExpected, parseExpectedSummary } from "./compare.js";
import { policySchedulerConfig } from "./config.js";
import { runFill } from "./run.js";
import { readAllNodes, readAllPods, traceNodeToNode, tracePodToPod } from "../trace/index.js";
import { BestFit } from "../../plugins/scheduling/best-fit/index.js";
import { inTreeRegistry } from "../../plugins/scheduling/index.js";
import { Random } from "../../plugins/scheduling/random/index.js";
import { FGD } from "../../plugins/scheduling/fgd/index.js";

const root = (p: string) => fileURLToPath(new URL(`../../../${p}`, import.meta.url));

describe("FGD paper reproduction (reduced)", () => {
  it("openb default, 3 seeds: FGD < BestFit < Random, each within 0.5 points of the authors", async () => {
    const nodes = (await readAllNodes(root("traces/openb/openb_node_list_gpu_node.csv"), "openb")).map(traceNodeToNode);
    const pods = (await readAllPods(root("traces/openb/openb_pod_list_default.csv"), "openb")).map((p) => tracePodToPod(p));
    const expected = parseExpectedSummary(await readFile(root("traces/fgd-atc23/fgd_expected_summary.csv"), "utf8"));
    const registry = new Map(inTreeRegistry());
    for (const f of [FGD, BestFit, Random]) registry.set(f.name, f);
    const rows: FillRow[] = [];
    for (const policy of ["FGD", "BestFit", "Random"]) {
      for (const seed of [42, 43, 44]) {
        const r = runFill({ nodes, pods, config: policySchedulerConfig(policy), registry, seed, maxPodsPerNode: 1001 });
        expect(r.stats.gpuUnassigned).toBe(0);
        rows.push(...toRows(policy, "default", seed, r.curve));
      }
    }
    const c = compareWithExpected(rows, expected, { tolerance: 0.5, gap: "sd" });
    expect(c.rows.length).toBe(6);
    expect(c.outOfTolerance).toEqual([]);
    expect(c.orderViolations).toEqual([]);
    for (const x of [100, 130]) {
      const at = (v: string) => c.rows.find((r) => r.variant === v && r.arrivedPct === x)!.ours;
      expect(at("FGD")).toBeLessThan(at("BestFit"));
      expect(at("BestFit")).toBeLessThan(at("Random"));
    }
  }, 120_000);
});
