/**
 * Adapter for the Alibaba cluster-trace-gpu-v2025 DLRM serving trace (bundled in traces/alibaba-dlrm-2025/):
 *   instance_sn,role,app_name,cpu_request,cpu_limit,gpu_request,gpu_limit,rdma_request,rdma_limit,
 *   memory_request,memory_limit,disk_request,disk_limit,max_instance_per_node,creation_time,scheduled_time,deletion_time
 * One row per instance = one pod with a real lifetime. Units: cpu vCPU (→ ×1000 milli), gpu whole GPUs,
 * memory GiB decimals (→ MiB, rounded to whole MiB), times decimal seconds from the trace start (→ µs,
 * rounded; the file has float noise like "2029855.0000000002"). Empty creation_time = the instance existed
 * before the trace (arrival 0); empty deletion_time = still alive at the end (duration null).
 * max_instance_per_node −1 = no cap. Limits, RDMA and disk are not modelled (validated, dropped).
 * Pods files only: the trace publishes no node list (traces/alibaba-dlrm-2025/README.md suggests a cluster).
 */
import type { TraceFormat } from "./formats.js";
import { bindHeader, columnError, field, headerMatches, optInt32Field, uintField, type Schema } from "./fields.js";
import { decimalField, decimalSecondsToUs, mibToBytesRounded, nonEmptyField, scaledInt } from "./decimal.js";
import { isLabelValue } from "./kv.js";
import type { TracePod } from "./types.js";

/** Pod label carrying the instance's role: CN (CPU node part) or HN (GPU "heterogeneous" node part). */
export const LabelDlrmRole = "clusterlab.io/role";

const COLUMNS = [
  "instance_sn",
  "role",
  "app_name",
  "cpu_request",
  "cpu_limit",
  "gpu_request",
  "gpu_limit",
  "rdma_request",
  "rdma_limit",
  "memory_request",
  "memory_limit",
  "disk_request",
  "disk_limit",
  "max_instance_per_node",
  "creation_time",
  "scheduled_time",
  "deletion_time",
] as const;

const SCHEMA = {
  known: COLUMNS,
  required: ["instance_sn", "app_name", "cpu_request", "gpu_request", "memory_request"],
} satisfies Schema;

/** Columns read only for validation (a malformed value still makes the row bad). */
const CHECKED: readonly (typeof COLUMNS)[number][] = ["cpu_limit", "gpu_limit", "rdma_request", "rdma_limit", "memory_limit", "disk_request", "disk_limit"];

function decodePods(header: readonly string[]) {
  const c = bindHeader(SCHEMA, header, "alibaba-dlrm-2025 pod");
  const checked = CHECKED.map((col) => [col, c[col]] as const).filter(([, i]) => i >= 0);
  return (f: readonly string[], line: number): TracePod => {
    // Validated in column order, so the first bad column is the one reported.
    const name = nonEmptyField(f[c.instance_sn]!, "instance_sn");
    const role = field(f, c.role);
    if (!isLabelValue(role)) throw columnError("role", "a label value (CN or HN)", role);
    const app = nonEmptyField(f[c.app_name]!, "app_name");
    const cpuRaw = f[c.cpu_request]!;
    const cpuMilli = scaledInt(decimalField(cpuRaw, "cpu_request"), 1000, "cpu_request", cpuRaw);
    const gpuCount = uintField(f[c.gpu_request]!, "gpu_request");
    const memRaw = f[c.memory_request]!;
    const memoryBytes = mibToBytesRounded(decimalField(memRaw, "memory_request") * 1024, "memory_request", memRaw);
    for (const [col, i] of checked) if (f[i] !== "") decimalField(f[i]!, col);
    const mpnRaw = field(f, c.max_instance_per_node);
    const mpn = optInt32Field(mpnRaw, "max_instance_per_node", -1);
    if (mpn === 0 || mpn < -1) throw columnError("max_instance_per_node", "a positive integer or -1 (no cap)", mpnRaw);
    const created = field(f, c.creation_time);
    const arrivalUs = created === "" ? 0 : decimalSecondsToUs(created, "creation_time");
    const sched = field(f, c.scheduled_time);
    if (sched !== "") decimalSecondsToUs(sched, "scheduled_time"); // validated, not used
    const deleted = field(f, c.deletion_time);
    let durationUs: number | null = null;
    if (deleted !== "") {
      const deletedUs = decimalSecondsToUs(deleted, "deletion_time");
      if (deletedUs < arrivalUs) throw columnError("deletion_time", `a time ≥ creation_time (${created})`, deleted);
      durationUs = deletedUs - arrivalUs;
    }
    return {
      name,
      arrivalUs,
      durationUs,
      cpuMilli,
      memoryBytes,
      gpuCount,
      gpuMilli: gpuCount > 0 ? 1000 : 0,
      gpuModels: null,
      priority: 0,
      labels: role === "" ? {} : { [LabelDlrmRole]: role },
      nodeSelector: {},
      tolerations: [],
      app,
      maxPerNode: mpn === -1 ? null : mpn,
      qos: null,
      line,
    };
  };
}

export const dlrm2025Format: TraceFormat = {
  name: "alibaba-dlrm-2025",
  description: "Alibaba cluster-trace-gpu-v2025 (GPU-disaggregated DLRM serving, NSDI '25): pods with lifetimes and per-app caps",
  matches: (kind, header) => kind === "pods" && headerMatches(SCHEMA, header),
  pods: decodePods,
};
