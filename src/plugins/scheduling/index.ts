/**
 * The in-tree registry: plugin name → factory (kube-scheduler's NewInTreeRegistry, one list).
 * Names are exactly kube-scheduler's. Research policies are listed here; user plugins join with
 * Registry.with, which refuses a name already taken.
 */
import type { PluginFactory } from "../../core/scheduler/framework.js";
import { Registry } from "../../core/registry.js";
import { DefaultBinder } from "./default-binder/index.js";
import { DefaultPreemption } from "./default-preemption/index.js";
import { ImageLocality } from "./image-locality/index.js";
import { InterPodAffinity } from "./inter-pod-affinity/index.js";
import { NodeAffinity } from "./node-affinity/index.js";
import { NodeName } from "./node-name/index.js";
import { NodePorts } from "./node-ports/index.js";
import { NodeResourcesBalancedAllocation } from "./node-resources-balanced-allocation/index.js";
import { NodeResourcesFit } from "./node-resources-fit/index.js";
import { NodeUnschedulable } from "./node-unschedulable/index.js";
import { PodTopologySpread } from "./pod-topology-spread/index.js";
import { PrioritySort } from "./priority-sort/index.js";
import { SchedulingGates } from "./scheduling-gates/index.js";
import { TaintToleration } from "./taint-toleration/index.js";
import { BestFit } from "./best-fit/index.js";
import { DotProduct } from "./dot-product/index.js";
import { DRF } from "./drf/index.js";
import { Coscheduling } from "./coscheduling/index.js";
import { FGD } from "./fgd/index.js";
import { FirstFit } from "./first-fit/index.js";
import { GpuClustering } from "./gpu-clustering/index.js";
import { GpuPacking } from "./gpu-packing/index.js";
import { Random } from "./random/index.js";
import { WorstFit } from "./worst-fit/index.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const factories: PluginFactory<any>[] = [
  PrioritySort,
  SchedulingGates,
  NodeUnschedulable,
  NodeName,
  TaintToleration,
  NodeAffinity,
  NodePorts,
  NodeResourcesFit,
  PodTopologySpread,
  InterPodAffinity,
  DefaultPreemption,
  NodeResourcesBalancedAllocation,
  ImageLocality,
  DefaultBinder,
  // Research policies (not in the default profile).
  Random,
  FirstFit,
  BestFit,
  WorstFit,
  DotProduct,
  GpuPacking,
  GpuClustering,
  FGD,
  DRF,
  // scheduler-plugins.
  Coscheduling,
];

export function inTreeRegistry(): Registry<PluginFactory<any>> { // eslint-disable-line @typescript-eslint/no-explicit-any
  return new Registry("scheduling plugin", factories);
}
