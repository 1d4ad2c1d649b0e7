/**
 * NodeResourcesBalancedAllocation (noderesources/balanced_allocation.go, v1.33): favours nodes
 * whose resource usage fractions stay close to each other once the pod is placed.
 * fraction_r = min(1, requested_r / allocatable_r) with the pods' *actual* requests (no 100m/200Mi
 * defaults); std = |f1 − f2| / 2 for two resources, the population standard deviation for more,
 * 0 for fewer; score = trunc((1 − std) · 100). Resource weights are accepted but must be 1.
 * PreScore returns Skip for a pod requesting none of the configured resources (kubernetes#130260,
 * v1.33), so best-effort pods do not pile onto one node.
 */
import type { CycleState } from "../../../core/scheduler/cycle-state.js";
import { ArgsError, MAX_NODE_SCORE, definePlugin, type Plugin } from "../../../core/scheduler/framework.js";
import type { NodeRows } from "../../../core/scheduler/node-columns.js";
import type { NodeInfo } from "../../../core/scheduler/node-info.js";
import type { PodInfo } from "../../../core/scheduler/pod-info.js";
import { SKIP, type Status } from "../../../core/scheduler/status.js";
import { asObject, checkFields, parseResourceSpecs } from "../node-resources-fit/args.js";
import {
  ResourceAllocationScorer,
  cpuMemoryWeights,
  defaultResources,
  type PodRequestList,
  type ResourceScorer,
  type ResourceSpec,
} from "../node-resources-fit/resource-allocation.js";

const NAME = "NodeResourcesBalancedAllocation";
const PRE_SCORE_KEY = "PreScore" + NAME;

export interface NodeResourcesBalancedAllocationArgs {
  resources: ResourceSpec[];
}

/** Decoding, v1 defaulting (cpu and memory) and ValidateNodeResourcesBalancedAllocationArgs. */
export function parseBalancedAllocationArgs(raw: unknown, path: string): NodeResourcesBalancedAllocationArgs {
  const o = raw == null ? {} : asObject(raw, path);
  checkFields(o, path, ["resources"], "NodeResourcesBalancedAllocationArgs");
  let resources = o.resources == null ? [] : parseResourceSpecs(o.resources, `${path}.resources`);
  if (resources.length === 0) resources = defaultResources();
  const seen = new Set<string>();
  resources.forEach((r, i) => {
    if (seen.has(r.name)) throw new ArgsError(`${path}.resources[${i}].name`, `Duplicate value: ${JSON.stringify(r.name)}`);
    seen.add(r.name);
    if (r.weight !== 1) throw new ArgsError(`${path}.resources[${i}].weight`, "must be 1");
  });
  return { resources };
}

/** balancedResourceScorer: float arithmetic in the same order as kube-scheduler's Go code. */
export function balancedResourceScorer(resourceCount: number, cpuAndMemory = false): ResourceScorer {
  const fractions = new Float64Array(resourceCount);
  const scorer: ResourceScorer = (requested, allocatable, n) => {
    let count = 0;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const alloc = allocatable[i]!;
      if (alloc === 0) continue;
      let f = requested[i]! / alloc;
      if (f > 1) f = 1;
      total += f;
      fractions[count++] = f;
    }
    let std = 0;
    if (count === 2) {
      std = Math.abs((fractions[0]! - fractions[1]!) / 2);
    } else if (count > 2) {
      const mean = total / count;
      let sum = 0;
      for (let i = 0; i < count; i++) sum += (fractions[i]! - mean) * (fractions[i]! - mean);
      std = Math.sqrt(sum / count);
    }
    return Math.trunc((1 - std) * MAX_NODE_SCORE);
  };
  if (cpuAndMemory) {
    scorer.cpuMemory = (rows, count, allocCpu, allocMem, reqCpu, reqMem, podCpu, podMemory, out) => {
      for (let i = 0; i < count; i++) {
        const r = rows[i]!;
        const ac = allocCpu[r]!;
        const am = allocMem[r]!;
        if (ac === 0 || am === 0) {
          out[i] = MAX_NODE_SCORE; // at most one fraction: std 0
          continue;
        }
        let fc = (reqCpu[r]! + podCpu) / ac;
        if (fc > 1) fc = 1;
        let fm = (reqMem[r]! + podMemory) / am;
        if (fm > 1) fm = 1;
        // |fc − fm| equals |fm − fc| exactly: the order of the two resources does not matter.
        out[i] = Math.trunc((1 - Math.abs((fc - fm) / 2)) * MAX_NODE_SCORE);
      }
    };
  }
  return scorer;
}

export const NodeResourcesBalancedAllocation = definePlugin<NodeResourcesBalancedAllocationArgs>({
  name: NAME,
  description: "Favours nodes whose cpu/memory (and other configured) usage fractions stay balanced after placing the pod.",
  args: parseBalancedAllocationArgs,
  create(args): Plugin {
    const scorer = new ResourceAllocationScorer(args.resources, true, balancedResourceScorer(args.resources.length, cpuMemoryWeights(args.resources) !== null));
    // The last CycleState seen and its data: saves a Map lookup per node.
    let lastState: CycleState | null = null;
    let lastData: PodRequestList | undefined;
    return {
      name: NAME,
      events: ["PodDelete", "NodeAdd", "NodeUpdate"],

      preScore(state: CycleState, pod: PodInfo): Status | null {
        const req = scorer.podRequests(pod);
        if (ResourceAllocationScorer.isBestEffort(req)) {
          lastState = null;
          return SKIP;
        }
        state.write(PRE_SCORE_KEY, req);
        lastState = state;
        lastData = req;
        return null;
      },

      score(state: CycleState, pod: PodInfo, node: NodeInfo): number | Status {
        if (state !== lastState) {
          lastData = state.read<PodRequestList>(PRE_SCORE_KEY);
          lastState = state;
        }
        if (!lastData) {
          // PreScore did not run: recompute, and score best-effort pods 0 as kube does.
          const req = scorer.podRequests(pod);
          return ResourceAllocationScorer.isBestEffort(req) ? 0 : scorer.score(node, req);
        }
        return scorer.score(node, lastData);
      },

      scoreAll(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], out: Float64Array, rows?: NodeRows): Status | null {
        const data = state === lastState ? lastData : state.read<PodRequestList>(PRE_SCORE_KEY);
        if (data) return scorer.scoreAll(nodes, data, out, rows);
        const req = scorer.podRequests(pod);
        if (ResourceAllocationScorer.isBestEffort(req)) {
          out.fill(0, 0, nodes.length);
          return null;
        }
        return scorer.scoreAll(nodes, req, out, rows);
      },
    };
  },
});
