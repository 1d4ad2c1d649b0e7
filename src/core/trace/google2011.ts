/**
 * Adapter for the Google cluster trace 2011 (clusterdata-2011-2): CSV without a header, usually gzipped
 * (`part-00000-of-00500.csv.gz`; the reader gunzips any `.gz`). Never auto-detected: name the format.
 *
 * pods = `task_events` (13 columns): time, missing info, job ID, task index, machine ID, event type,
 *   user, scheduling class, priority, CPU request, memory request, disk request, different-machines.
 *   A task (job ID, task index) may be submitted several times; each SUBMIT … end event is one pod
 *   named `<job>-<index>-<attempt>` (attempt 0, 1, … in file order). Events are paired:
 *     0 SUBMIT                opens the attempt: arrival = its time, requests and priority from the row
 *     7 UPDATE_PENDING        (while open) replaces the non-empty requests / priority: the task has not started
 *     1 SCHEDULE, 8 UPDATE_RUNNING   ignored (arrival is the submission; a running pod's requests are fixed)
 *     2 EVICT, 3 FAIL, 4 FINISH, 5 KILL, 6 LOST   close it: duration = time − arrival
 *   Pods are emitted when they close, then the attempts still open at the end of the file (duration null),
 *   in submission order; so the output is in close order, not arrival order (readers of it sort).
 *   Events of tasks not open (submitted in an earlier file part) are ignored; a SUBMIT of a task that is
 *   already open is ignored. Memory grows with the open attempts, plus one attempt counter per task seen.
 *   Split parts can be read as one file: `cat part-*-of-00500.csv.gz > task_events.csv.gz`.
 *   Times are the trace's own µs (the trace starts at 600 s); 0 = before the trace (arrival 0), and
 *   2^63−1 = after its end (a close at that time leaves duration null; such a SUBMIT is ignored).
 *   CPU/memory are normalised to the largest machine: × the options `cpuScale` / `memoryScale`.
 *   priority (0–11) → spec.priority; scheduling class (0–3) → qos; different-machines = 1 → app = job ID
 *   with maxPerNode 1 (otherwise app = job ID, no cap).
 * nodes = `machine_events` (6 columns): time, machine ID, event type (0 ADD, 1 REMOVE, 2 UPDATE), platform
 *   ID, CPUs, memory. One node per machine, from its first ADD (name = machine ID); REMOVE and UPDATE are
 *   validated and ignored (nodes have no lifecycle yet).
 */
import type { FormatOptions, RowStream, TraceFormat } from "./formats.js";
import { columnError, optInt32Field, RowError, uintField } from "./fields.js";
import { cpuScaleOption, decimalField, memoryScaleOption, mibToBytesRounded, scaledInt } from "./decimal.js";
import { DEFAULT_MAX_PODS, type TraceNode, type TracePod } from "./types.js";

export const GOOGLE_2011_DEFAULTS = {
  /** CPU of a machine with normalised CPU 1.0 (the largest). Google published none: an assumption. */
  cpuScale: "64",
  /** Memory of a machine with normalised memory 1.0. Also an assumption. */
  memoryScale: "256Gi",
} as const;

/** The trace's "after the end of the trace" time, 2^63 − 1 µs. */
export const GOOGLE_2011_AFTER_END = "9223372036854775807";

const TASK_COLUMNS = 13;
const MACHINE_COLUMNS = 6;

const enum Ev {
  Submit = 0,
  Schedule = 1,
  Evict = 2,
  Fail = 3,
  Finish = 4,
  Kill = 5,
  Lost = 6,
  UpdatePending = 7,
  UpdateRunning = 8,
}

interface Scales {
  cpuMilli: number;
  memoryMib: number;
}

function scales(o: FormatOptions): Scales {
  return {
    cpuMilli: cpuScaleOption(o.cpuScale ?? GOOGLE_2011_DEFAULTS.cpuScale, "cpuScale"),
    memoryMib: memoryScaleOption(o.memoryScale ?? GOOGLE_2011_DEFAULTS.memoryScale, "memoryScale"),
  };
}

/** A timestamp in µs; Infinity for the after-the-end sentinel. */
function time(s: string): number {
  return s === GOOGLE_2011_AFTER_END ? Infinity : uintField(s, "time");
}

function eventType(s: string, max: number): number {
  const v = uintField(s, "event type");
  if (v > max) throw columnError("event type", `0 to ${max}`, s);
  return v;
}

function checkWidth(row: readonly string[], n: number, table: string): void {
  if (row.length !== n) throw new RowError(`expected ${n} fields (${table}), got ${row.length}`);
}

/** Requests of a SUBMIT / UPDATE_PENDING row; undefined where the field is empty (missing). */
function requests(f: readonly string[], s: Scales) {
  const cpu = f[9]!;
  const mem = f[10]!;
  const cls = f[7]!;
  if (cls !== "" && !/^[0-3]$/.test(cls)) throw columnError("scheduling class", "0 to 3", cls);
  const priority = f[8] === "" ? undefined : optInt32Field(f[8]!, "priority", 0);
  const cpuMilli = cpu === "" ? undefined : scaledInt(decimalField(cpu, "CPU request"), s.cpuMilli, "CPU request", cpu);
  const memoryBytes = mem === "" ? undefined : mibToBytesRounded(decimalField(mem, "memory request") * s.memoryMib, "memory request", mem);
  if (f[11] !== "") decimalField(f[11]!, "disk request");
  const dm = f[12]!;
  if (dm !== "" && dm !== "0" && dm !== "1") throw columnError("different-machines restriction", "0 or 1", dm);
  return { cls, priority, cpuMilli, memoryBytes, differentMachines: dm === "1" };
}

/** Per task seen: the open attempt (or null) and how many attempts were submitted. */
interface Task {
  open: TracePod | null;
  attempts: number;
}

function taskStream(first: readonly string[], o: FormatOptions): RowStream<TracePod> {
  checkWidth(first, TASK_COLUMNS, "task_events");
  const s = scales(o);
  const tasks = new Map<string, Task>();
  return {
    row(f, line, out) {
      const t = time(f[0]!);
      const job = uintField(f[2]!, "job ID");
      const index = uintField(f[3]!, "task index");
      const ev = eventType(f[5]!, Ev.UpdateRunning);
      const key = `${job}-${index}`;
      const task = tasks.get(key);
      const pod = task?.open ?? null;
      if (ev === Ev.Submit || ev === Ev.UpdatePending) {
        const r = requests(f, s);
        if (ev === Ev.UpdatePending) {
          if (!pod) return;
          if (r.cpuMilli !== undefined) pod.cpuMilli = r.cpuMilli;
          if (r.memoryBytes !== undefined) pod.memoryBytes = r.memoryBytes;
          if (r.priority !== undefined) pod.priority = r.priority;
          if (r.cls !== "") pod.qos = r.cls;
          return;
        }
        if (pod || t === Infinity) return;
        const opened: TracePod = {
          name: `${key}-${task?.attempts ?? 0}`,
          arrivalUs: t,
          durationUs: null,
          cpuMilli: r.cpuMilli ?? 0,
          memoryBytes: r.memoryBytes ?? 0,
          gpuCount: 0,
          gpuMilli: 0,
          gpuModels: null,
          priority: r.priority ?? 0,
          labels: {},
          nodeSelector: {},
          tolerations: [],
          app: String(job),
          maxPerNode: r.differentMachines ? 1 : null,
          qos: r.cls === "" ? null : r.cls,
          line,
        };
        if (task) {
          task.open = opened;
          task.attempts++;
        } else tasks.set(key, { open: opened, attempts: 1 });
        return;
      }
      if (ev === Ev.Schedule || ev === Ev.UpdateRunning || !pod) return;
      // EVICT, FAIL, FINISH, KILL, LOST: the attempt ends.
      if (t !== Infinity) {
        if (t < pod.arrivalUs) throw columnError("time", `a time ≥ the task's SUBMIT time ${pod.arrivalUs} (line ${pod.line})`, f[0]!);
        pod.durationUs = t - pod.arrivalUs;
      }
      task!.open = null;
      out.push(pod);
    },
    end(out) {
      // Still open: in submission order (their SUBMIT lines).
      const open: TracePod[] = [];
      for (const task of tasks.values()) if (task.open) open.push(task.open);
      open.sort((a, b) => a.line - b.line);
      for (const p of open) out.push(p);
      tasks.clear();
    },
  };
}

function machineStream(first: readonly string[], o: FormatOptions): RowStream<TraceNode> {
  checkWidth(first, MACHINE_COLUMNS, "machine_events");
  const s = scales(o);
  const seen = new Set<string>();
  return {
    row(f, line, out) {
      time(f[0]!);
      const id = f[1]!;
      uintField(id, "machine ID");
      const ev = eventType(f[2]!, 2);
      if (ev !== 0 || seen.has(id)) return;
      const cpu = f[4]!;
      const mem = f[5]!;
      const cpuMilli = scaledInt(decimalField(cpu, "CPUs"), s.cpuMilli, "CPUs", cpu);
      const memoryBytes = mibToBytesRounded(decimalField(mem, "memory") * s.memoryMib, "memory", mem);
      seen.add(id);
      out.push({
        name: id,
        cpuMilli,
        memoryBytes,
        gpuCount: 0,
        gpuModel: null,
        maxPods: DEFAULT_MAX_PODS,
        labels: {},
        taints: [],
        line,
      });
    },
    end() {},
  };
}

export const google2011Format: TraceFormat = {
  name: "google-2011",
  description: "Google clusterdata-2011-2, no header, .gz ok: task_events (13 columns) → pods, machine_events (6) → nodes",
  headerless: true,
  matches: (kind, row) => row.length === (kind === "pods" ? TASK_COLUMNS : MACHINE_COLUMNS),
  podStream: taskStream,
  nodeStream: machineStream,
  options: {
    cpuScale: `CPU of a machine whose normalised CPU is 1.0 (default ${GOOGLE_2011_DEFAULTS.cpuScale})`,
    memoryScale: `memory of a machine whose normalised memory is 1.0 (default ${GOOGLE_2011_DEFAULTS.memoryScale})`,
  },
  validateOptions: (o) => void scales(o),
};
