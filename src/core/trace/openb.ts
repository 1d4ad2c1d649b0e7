/**
 * Adapter for the Alibaba cluster-trace-gpu-v2023 "openb" CSVs (bundled in traces/openb/).
 *   nodes: sn,cpu_milli,memory_mib,gpu,model
 *   pods:  name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time
 *          (the multigpu* files have only the first five columns, and no times)
 * Times are integer seconds from the trace start; deletion_time = 12902960 (the trace end) marks a pod
 * still running at the end, which becomes durationUs = null. Missing times: arrival 0, duration null.
 */
import type { TraceFormat } from "./formats.js";
import {
  bindHeader,
  checkGpuMilli,
  columnError,
  field,
  headerMatches,
  mibToBytes,
  parseModels,
  uintField,
  type Schema,
} from "./fields.js";
import { DEFAULT_MAX_PODS, US_PER_S, type TraceNode, type TracePod } from "./types.js";

/** deletion_time of pods still running when the trace ends (12,902,960 s ≈ 149 days). */
export const OPENB_TRACE_END_S = 12902960;

const NODE_COLUMNS = ["sn", "cpu_milli", "memory_mib", "gpu", "model"] as const;
const POD_COLUMNS = [
  "name",
  "cpu_milli",
  "memory_mib",
  "num_gpu",
  "gpu_milli",
  "gpu_spec",
  "qos",
  "pod_phase",
  "creation_time",
  "deletion_time",
  "scheduled_time",
] as const;

const NODE_SCHEMA: Schema & { known: typeof NODE_COLUMNS } = { known: NODE_COLUMNS, required: NODE_COLUMNS };
const POD_SCHEMA: Schema & { known: typeof POD_COLUMNS } = {
  known: POD_COLUMNS,
  required: ["name", "cpu_milli", "memory_mib", "num_gpu", "gpu_milli"],
};

function decodeNodes(header: readonly string[]) {
  const c = bindHeader(NODE_SCHEMA, header, "openb node");
  return (f: readonly string[], line: number): TraceNode => {
    const mem = f[c.memory_mib]!;
    const model = f[c.model]!;
    return {
      name: nonEmpty(f[c.sn]!, "sn"),
      cpuMilli: uintField(f[c.cpu_milli]!, "cpu_milli"),
      memoryBytes: mibToBytes(uintField(mem, "memory_mib"), "memory_mib", mem),
      gpuCount: uintField(f[c.gpu]!, "gpu"),
      gpuModel: model === "" ? null : model,
      maxPods: DEFAULT_MAX_PODS,
      labels: {},
      taints: [],
      line,
    };
  };
}

function decodePods(header: readonly string[]) {
  const c = bindHeader(POD_SCHEMA, header, "openb pod");
  return (f: readonly string[], line: number): TracePod => {
    // Validated in column order, so the first bad column is the one reported.
    const name = nonEmpty(f[c.name]!, "name");
    const cpuMilli = uintField(f[c.cpu_milli]!, "cpu_milli");
    const mem = f[c.memory_mib]!;
    const memoryBytes = mibToBytes(uintField(mem, "memory_mib"), "memory_mib", mem);
    const gpuCount = uintField(f[c.num_gpu]!, "num_gpu");
    const milliRaw = f[c.gpu_milli]!;
    const gpuMilli = uintField(milliRaw, "gpu_milli");
    checkGpuMilli(gpuCount, gpuMilli, milliRaw, "num_gpu", "gpu_milli");
    const gpuModels = parseModels(field(f, c.gpu_spec));
    const qos = field(f, c.qos);
    // Times: arrival = creation_time; duration = deletion − creation unless deletion is the end sentinel.
    const created = field(f, c.creation_time);
    const deleted = field(f, c.deletion_time);
    const arrivalS = created === "" ? 0 : uintField(created, "creation_time");
    let durationUs: number | null = null;
    if (deleted !== "") {
      const deletedS = uintField(deleted, "deletion_time");
      if (created === "") throw columnError("creation_time", "a time when deletion_time is set", created);
      if (deletedS < arrivalS) throw columnError("deletion_time", `a time ≥ creation_time (${arrivalS})`, deleted);
      if (deletedS !== OPENB_TRACE_END_S) durationUs = (deletedS - arrivalS) * US_PER_S;
    }
    const sched = field(f, c.scheduled_time);
    if (sched !== "") uintField(sched, "scheduled_time"); // validated, not used
    return {
      name,
      arrivalUs: arrivalS * US_PER_S,
      durationUs,
      cpuMilli,
      memoryBytes,
      gpuCount,
      gpuMilli,
      gpuModels,
      priority: 0,
      labels: {},
      nodeSelector: {},
      tolerations: [],
      app: null,
      maxPerNode: null,
      qos: qos === "" ? null : qos,
      line,
    };
  };
}

function nonEmpty(s: string, column: string): string {
  if (s === "") throw columnError(column, "a name", s);
  return s;
}

export const openbFormat: TraceFormat = {
  name: "openb",
  description: "Alibaba cluster-trace-gpu-v2023 (openb, FGD ATC'23): node and pod lists",
  matches: (kind, header) => headerMatches(kind === "nodes" ? NODE_SCHEMA : POD_SCHEMA, header),
  nodes: decodeNodes,
  pods: decodePods,
};
