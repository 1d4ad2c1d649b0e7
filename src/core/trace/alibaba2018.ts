/**
 * Adapter for Alibaba cluster-trace-v2018 (schema: alibaba/clusterdata cluster-trace-v2018/schema.txt):
 * CSV without a header (`.gz` ok), never auto-detected: name the format `alibaba-2018`. The table is told
 * by the first row's column count, or asserted with the option `table`:
 *   batch_task (9, pods):     task_name, instance_num, job_name, task_type, status, start_time, end_time,
 *                             plan_cpu, plan_mem
 *     → instance_num pods named `<job_name>-<task_name>-<i>` (i = 0 … instance_num−1), app = job_name,
 *       arrival = start_time, duration = end_time − start_time, cpu = plan_cpu × 10 milli (100 = 1 core),
 *       memory = plan_mem / 100 × memoryScale.
 *   container_meta (8, pods): container_id, machine_id, time_stamp, app_du, status, cpu_request, cpu_limit,
 *                             mem_size — one row per (container, snapshot)
 *     → one pod per container (name = container_id, app = app_du, none if empty): arrival = its first snapshot time,
 *       duration = last − first (null when all its snapshots have one time: no end is visible); requests
 *       from the first row seen (cpu_request × 10 milli, mem_size / 100 × memoryScale). Every container is
 *       buffered until the end of the file (memory grows with the containers), then emitted in first-seen order.
 *   machine_meta (7, nodes):  machine_id, time_stamp, failure_domain_1, failure_domain_2, cpu_num, mem_size, status
 *     → one node per machine from its first row: cpu_num cores × 1000, mem_size / 100 × memoryScale, labels
 *       clusterlab.io/failure-domain-1 and -2 (the trace asks that an app_du be spread over them).
 * Times are seconds from the trace start; 0 means "before or after the 8-day window": a start of 0 is
 * arrival 0, an end of 0 leaves duration null. Memory is normalised to the largest machine ([0, 100];
 * −1 and 101 mark invalid values, rejected as bad rows); memoryScale is the memory of that machine.
 */
import type { FormatOptions, RowStream, TraceFormat } from "./formats.js";
import { columnError, RowError, uintField } from "./fields.js";
import { decimalField, memoryScaleOption, mibToBytesRounded, nonEmptyField, scaledInt } from "./decimal.js";
import { isLabelValue } from "./kv.js";
import { DEFAULT_MAX_PODS, US_PER_S, type TraceNode, type TracePod } from "./types.js";

export const ALIBABA_2018_DEFAULTS = {
  /** Memory of the largest machine (mem_size 100). Alibaba published none: an assumption. */
  memoryScale: "512Gi",
} as const;

export const LabelFailureDomain1 = "clusterlab.io/failure-domain-1";
export const LabelFailureDomain2 = "clusterlab.io/failure-domain-2";

const TABLES = { batch_task: 9, container_meta: 8, machine_meta: 7 } as const;
type Table = keyof typeof TABLES;

interface Opts {
  table: Table | null;
  memoryMib: number;
}

function parseOptions(o: FormatOptions): Opts {
  const t = o.table ?? "auto";
  if (t !== "auto" && !(t in TABLES)) {
    throw new RowError(`option table: expected auto, ${Object.keys(TABLES).join(", ")}, got ${JSON.stringify(t)}`);
  }
  return {
    table: t === "auto" ? null : (t as Table),
    memoryMib: memoryScaleOption(o.memoryScale ?? ALIBABA_2018_DEFAULTS.memoryScale, "memoryScale"),
  };
}

/** The table a first row belongs to (by width, checked against the `table` option and the kind). */
function tableOf(row: readonly string[], o: Opts, kind: "pods" | "nodes"): Table {
  const byWidth = (Object.keys(TABLES) as Table[]).find((t) => TABLES[t] === row.length);
  if (o.table !== null && byWidth !== o.table) {
    throw new RowError(`expected ${TABLES[o.table]} fields (${o.table}), got ${row.length}`);
  }
  const ok: Table[] = kind === "pods" ? ["batch_task", "container_meta"] : ["machine_meta"];
  if (!byWidth || !ok.includes(byWidth)) {
    throw new RowError(`expected ${ok.map((t) => `${TABLES[t]} fields (${t})`).join(" or ")} in a ${kind} file, got ${row.length}`);
  }
  return byWidth;
}

function seconds(s: string, column: string): number {
  const v = uintField(s, column) * US_PER_S;
  if (!Number.isSafeInteger(v)) throw columnError(column, "seconds below 2^53 µs", s);
  return v;
}

/** Normalised memory [0, 100] → bytes. */
function memory(s: string, column: string, o: Opts): number {
  const v = decimalField(s, column);
  if (v > 100) throw columnError(column, "a normalised memory size from 0 to 100", s);
  return mibToBytesRounded((v / 100) * o.memoryMib, column, s);
}

/** CPU in hundredths of a core (100 = 1 core) → milli-CPU. */
function cpuHundredths(s: string, column: string): number {
  return scaledInt(decimalField(s, column), 10, column, s);
}

function pod(name: string, arrivalUs: number, durationUs: number | null, cpuMilli: number, memoryBytes: number, app: string | null, line: number): TracePod {
  return {
    name,
    arrivalUs,
    durationUs,
    cpuMilli,
    memoryBytes,
    gpuCount: 0,
    gpuMilli: 0,
    gpuModels: null,
    priority: 0,
    labels: {},
    nodeSelector: {},
    tolerations: [],
    app,
    maxPerNode: null,
    qos: null,
    line,
  };
}

function batchTaskStream(o: Opts): RowStream<TracePod> {
  return {
    row(f, line, out) {
      const task = nonEmptyField(f[0]!, "task_name");
      const n = uintField(f[1]!, "instance_num");
      const job = nonEmptyField(f[2]!, "job_name");
      const start = seconds(f[5]!, "start_time");
      const endRaw = f[6]!;
      const end = seconds(endRaw, "end_time");
      if (end !== 0 && end < start) throw columnError("end_time", `0 or a time ≥ start_time (${f[5]})`, endRaw);
      const cpuMilli = cpuHundredths(f[7]!, "plan_cpu");
      const memoryBytes = memory(f[8]!, "plan_mem", o);
      const durationUs = end === 0 ? null : end - start;
      for (let i = 0; i < n; i++) out.push(pod(`${job}-${task}-${i}`, start, durationUs, cpuMilli, memoryBytes, job, line));
    },
    end() {},
  };
}

function containerMetaStream(o: Opts): RowStream<TracePod> {
  const seen = new Map<string, { pod: TracePod; firstUs: number; lastUs: number }>();
  return {
    row(f, line) {
      const id = nonEmptyField(f[0]!, "container_id");
      const t = seconds(f[2]!, "time_stamp");
      const app = f[3] === "" ? null : f[3]!;
      const cpuMilli = cpuHundredths(f[5]!, "cpu_request");
      if (f[6] !== "") cpuHundredths(f[6]!, "cpu_limit");
      const memoryBytes = memory(f[7]!, "mem_size", o);
      const c = seen.get(id);
      if (!c) seen.set(id, { pod: pod(id, t, null, cpuMilli, memoryBytes, app, line), firstUs: t, lastUs: t });
      else {
        if (t < c.firstUs) c.firstUs = t;
        if (t > c.lastUs) c.lastUs = t;
      }
    },
    end(out) {
      for (const c of seen.values()) {
        c.pod.arrivalUs = c.firstUs;
        c.pod.durationUs = c.lastUs > c.firstUs ? c.lastUs - c.firstUs : null;
        out.push(c.pod);
      }
      seen.clear();
    },
  };
}

function label(s: string, column: string): string {
  if (!isLabelValue(s)) throw columnError(column, "a label value (letters, digits, -_.)", s);
  return s;
}

function machineMetaStream(o: Opts): RowStream<TraceNode> {
  const seen = new Set<string>();
  return {
    row(f, line, out) {
      const id = nonEmptyField(f[0]!, "machine_id");
      seconds(f[1]!, "time_stamp");
      const fd1 = label(f[2]!, "failure_domain_1");
      const fd2 = label(f[3]!, "failure_domain_2");
      const cpuMilli = uintField(f[4]!, "cpu_num") * 1000;
      const memoryBytes = memory(f[5]!, "mem_size", o);
      if (seen.has(id)) return;
      seen.add(id);
      const labels: Record<string, string> = {};
      if (fd1 !== "") labels[LabelFailureDomain1] = fd1;
      if (fd2 !== "") labels[LabelFailureDomain2] = fd2;
      out.push({ name: id, cpuMilli, memoryBytes, gpuCount: 0, gpuModel: null, maxPods: DEFAULT_MAX_PODS, labels, taints: [], line });
    },
    end() {},
  };
}

export const alibaba2018Format: TraceFormat = {
  name: "alibaba-2018",
  description: "Alibaba cluster-trace-v2018, no header, .gz ok: batch_task (9 columns) or container_meta (8) → pods, machine_meta (7) → nodes",
  headerless: true,
  matches: (kind, row) =>
    kind === "pods" ? row.length === TABLES.batch_task || row.length === TABLES.container_meta : row.length === TABLES.machine_meta,
  podStream(first, options) {
    const o = parseOptions(options);
    return tableOf(first, o, "pods") === "batch_task" ? batchTaskStream(o) : containerMetaStream(o);
  },
  nodeStream(first, options) {
    const o = parseOptions(options);
    tableOf(first, o, "nodes");
    return machineMetaStream(o);
  },
  options: {
    table: "auto (by column count), batch_task, container_meta or machine_meta",
    memoryScale: `memory of the largest machine, whose normalised memory is 100 (default ${ALIBABA_2018_DEFAULTS.memoryScale})`,
  },
  validateOptions: (o) => void parseOptions(o),
};
