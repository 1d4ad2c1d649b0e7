/**
 * NodeResourcesFit keeps the last CycleState's data to save a lookup per node; these check that a
 * Filter or Score call under another pod's CycleState (interleaved cycles, preemption dry runs) reads
 * that state's own data, that a missing state is kube's error, and that shared failure statuses never
 * carry another node's extended-resource reasons.
 */
import { describe, expect, it } from "vitest";
import { CycleState } from "../../../core/scheduler/cycle-state.js";
import { PodInfo } from "../../../core/scheduler/pod-info.js";
import { Status } from "../../../core/scheduler/status.js";
import { NodeResourcesFit } from "./index.js";
import { node, pod, setup } from "./fixtures.suite.js";

const cluster = () =>
  setup(NodeResourcesFit, undefined, [
    node("small", { cpu: "2", memory: "4Gi", pods: "10" }),
    node("big", { cpu: "8", memory: "16Gi", pods: "10", "example.com/fpga": "1" }),
  ]);
const small = new PodInfo(pod([{ cpu: "1", memory: "1Gi" }]));
const large = new PodInfo(pod([{ cpu: "4", memory: "1Gi" }]));

describe("NodeResourcesFit and CycleState", () => {
  it("Filter reads each cycle's own PreFilter data, in any order", () => {
    const { plugin, snapshot } = cluster();
    const [smallNode] = snapshot.nodes;
    const a = new CycleState();
    const b = new CycleState();
    plugin.preFilter!(a, small, snapshot.nodes);
    plugin.preFilter!(b, large, snapshot.nodes);
    expect(plugin.filter!(a, small, smallNode!)).toBeNull();
    expect((plugin.filter!(b, large, smallNode!) as Status).reasons).toEqual(["Insufficient cpu"]);
    expect(plugin.filter!(a, small, smallNode!)).toBeNull();
  });

  it("Filter without PreFilter is kube's error, even right after another cycle's PreFilter", () => {
    const { plugin, snapshot } = cluster();
    plugin.preFilter!(new CycleState(), small, snapshot.nodes);
    const s = plugin.filter!(new CycleState(), small, snapshot.nodes[0]!) as Status;
    expect(s.isSuccess()).toBe(false);
    expect(s.message()).toBe('error reading "PreFilterNodeResourcesFit" from cycleState: not found');
  });

  it("Score and the batch score read each cycle's own PreScore data, and recompute without it", () => {
    const { plugin, snapshot } = cluster();
    const [smallNode, bigNode] = snapshot.nodes;
    const a = new CycleState();
    const b = new CycleState();
    plugin.preScore!(a, small, snapshot.nodes);
    plugin.preScore!(b, large, snapshot.nodes);
    // LeastAllocated: small pod on small node: cpu (2−1)/2 = 50, memory (4−1)/4 = 75 → 62;
    // large pod on big node: cpu (8−4)/8 = 50, memory (16−1)/16 = 93 → 71.
    expect(plugin.score!(a, small, smallNode!)).toBe(62);
    expect(plugin.score!(b, large, bigNode!)).toBe(71);
    expect(plugin.score!(a, small, smallNode!)).toBe(62);
    const out = new Float64Array(2);
    expect(plugin.scoreAll!(b, large, snapshot.nodes, out)).toBeNull();
    // large pod on small node: cpu over capacity → 0, memory 75 → 37
    expect([...out]).toEqual([37, 71]);
    expect(plugin.scoreAll!(a, small, snapshot.nodes, out)).toBeNull();
    // small pod on big node: cpu 87, memory 93 → 90
    expect([...out]).toEqual([62, 90]);
    expect(plugin.score!(new CycleState(), large, bigNode!)).toBe(71);
    expect(plugin.scoreAll!(new CycleState(), small, snapshot.nodes, out)).toBeNull();
    expect([...out]).toEqual([62, 90]);
  });

  it("a node short of cpu only never reports another node's extended-resource shortfall", () => {
    const { plugin, snapshot } = cluster();
    const [smallNode, bigNode] = snapshot.nodes;
    const state = new CycleState();
    const p = new PodInfo(pod([{ cpu: "4", memory: "1Gi", "example.com/fpga": "2" }]));
    plugin.preFilter!(state, p, snapshot.nodes);
    expect((plugin.filter!(state, p, smallNode!) as Status).reasons).toEqual(["Insufficient cpu", "Insufficient example.com/fpga"]);
    expect((plugin.filter!(state, p, bigNode!) as Status).reasons).toEqual(["Insufficient example.com/fpga"]);
    const q = new PodInfo(pod([{ cpu: "4", memory: "1Gi" }]));
    const s2 = new CycleState();
    plugin.preFilter!(s2, q, snapshot.nodes);
    const first = plugin.filter!(s2, q, smallNode!) as Status;
    expect(first.reasons).toEqual(["Insufficient cpu"]);
    // The cpu-only status is shared; the one with a scalar reason is built per node.
    expect(plugin.filter!(s2, q, smallNode!)).toBe(first);
    expect(plugin.filter!(state, p, smallNode!)).not.toBe(plugin.filter!(state, p, smallNode!));
  });

  it("ephemeral storage: a request equal to what is free fits; storage used by pods counts", () => {
    const { plugin, snapshot } = setup(NodeResourcesFit, undefined, [node("n", { cpu: "4", memory: "8Gi", "ephemeral-storage": "10Gi" })], [
      pod([{ "ephemeral-storage": "4Gi" }], { nodeName: "n" }),
    ]);
    const n = snapshot.nodes[0]!;
    const fits = new PodInfo(pod([{ "ephemeral-storage": "6Gi" }]));
    const tooBig = new PodInfo(pod([{ "ephemeral-storage": "7Gi" }]));
    const s = new CycleState();
    plugin.preFilter!(s, fits, snapshot.nodes);
    expect(plugin.filter!(s, fits, n)).toBeNull();
    const t = new CycleState();
    plugin.preFilter!(t, tooBig, snapshot.nodes);
    expect((plugin.filter!(t, tooBig, n) as Status).reasons).toEqual(["Insufficient ephemeral-storage"]);
  });
});
