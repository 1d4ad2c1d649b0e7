/**
 * kubectl's table printers for the kinds a scenario has (pkg/printers/internalversion): the same columns,
 * the same cell wording (STATUS, READY 1/1, <none>, AGE as duration.HumanDuration), laid out as kubectl's
 * tabwriter does (columns padded by 3 spaces, at least 6 wide).
 */
import type { EndpointSlice, Service } from "../api/network-types.js";
import type { PodDisruptionBudget } from "../api/policy-types.js";
import { HPA_DEFAULT_UTILIZATION, type HorizontalPodAutoscaler } from "../api/autoscaling-types.js";
import { formatQuota, quotaAmount, type ResourceQuota } from "../api/resource-quota.js";
import type { KubeObject, Node, Pod } from "../api/types.js";
import type { CronJob, DaemonSet, Deployment, Job, ReplicaSet, StatefulSet } from "../api/workload-types.js";
import type { ClusterEvent } from "../controllers/event-log.js";
import { isPodReady } from "../controllers/pod-template.js";

export type Row = string[];

export interface Table {
  headers: string[];
  /** Extra columns with -o wide. */
  wide: string[];
  row(o: KubeObject, nowUs: number): { cells: Row; wide: Row };
}

/** duration.HumanDuration. */
export function humanDuration(us: number): string {
  const seconds = Math.floor(us / 1e6);
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.floor(hours / 24) % 365;
    return dy === 0 ? `${Math.floor(hours / 24 / 365)}y` : `${Math.floor(hours / 24 / 365)}y${dy}d`;
  }
  return `${Math.floor(hours / 24 / 365)}y`;
}

const age = (o: KubeObject, nowUs: number) => (o.metadata.creationTimestamp ? humanDuration(nowUs - Date.parse(o.metadata.creationTimestamp) * 1000) : "<unknown>");
const none = (v: string | undefined) => (v ? v : "<none>");
const selectorText = (sel: { matchLabels?: Record<string, string> } | undefined) =>
  Object.entries(sel?.matchLabels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(",") || "<none>";

/** The STATUS kubectl shows for a pod in the simulator's states. */
export function podStatus(p: Pod): string {
  if (p.metadata.deletionTimestamp) return "Terminating";
  const phase = p.status?.phase ?? "Pending";
  if (phase === "Succeeded") return "Completed";
  if (phase === "Failed") return "Error";
  if (phase === "Pending" && p.spec.nodeName) return "ContainerCreating";
  return phase;
}

const templateColumns = (spec: { template: { spec: Pod["spec"] }; selector: { matchLabels?: Record<string, string> } }): Row => [
  spec.template.spec.containers.map((c) => c.name).join(","),
  spec.template.spec.containers.map((c) => c.image ?? "").join(","),
  selectorText(spec.selector),
];

export const TABLES: Readonly<Record<string, Table>> = {
  Pod: {
    headers: ["NAME", "READY", "STATUS", "RESTARTS", "AGE"],
    wide: ["IP", "NODE", "NOMINATED NODE", "READINESS GATES"],
    row: (o, now) => {
      const p = o as Pod;
      const n = p.spec.containers.length;
      return {
        cells: [p.metadata.name, `${isPodReady(p) ? n : 0}/${n}`, podStatus(p), "0", age(p, now)],
        wide: [none(p.status?.podIP), none(p.spec.nodeName), none(p.status?.nominatedNodeName), "<none>"],
      };
    },
  },
  Node: {
    headers: ["NAME", "STATUS", "ROLES", "AGE", "VERSION"],
    wide: [],
    row: (o, now) => {
      const n = o as Node;
      const ready = n.status.conditions?.find((c) => c.type === "Ready");
      let status = !ready || ready.status === "True" ? "Ready" : "NotReady";
      if (n.spec.unschedulable) status += ",SchedulingDisabled";
      const roles = Object.keys(n.metadata.labels ?? {})
        .filter((k) => k.startsWith("node-role.kubernetes.io/"))
        .map((k) => k.slice("node-role.kubernetes.io/".length))
        .sort();
      const version = (n.status as { nodeInfo?: { kubeletVersion?: string } }).nodeInfo?.kubeletVersion ?? "";
      return { cells: [n.metadata.name, status, roles.length ? roles.join(",") : "<none>", age(n, now), version], wide: [] };
    },
  },
  Deployment: {
    headers: ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"],
    wide: ["CONTAINERS", "IMAGES", "SELECTOR"],
    row: (o, now) => {
      const d = o as Deployment;
      const s = d.status;
      return { cells: [d.metadata.name, `${s?.readyReplicas ?? 0}/${d.spec.replicas ?? 1}`, String(s?.updatedReplicas ?? 0), String(s?.availableReplicas ?? 0), age(d, now)], wide: templateColumns(d.spec) };
    },
  },
  ReplicaSet: {
    headers: ["NAME", "DESIRED", "CURRENT", "READY", "AGE"],
    wide: ["CONTAINERS", "IMAGES", "SELECTOR"],
    row: (o, now) => {
      const rs = o as ReplicaSet;
      return { cells: [rs.metadata.name, String(rs.spec.replicas ?? 1), String(rs.status?.replicas ?? 0), String(rs.status?.readyReplicas ?? 0), age(rs, now)], wide: templateColumns(rs.spec) };
    },
  },
  StatefulSet: {
    headers: ["NAME", "READY", "AGE"],
    wide: ["CONTAINERS", "IMAGES"],
    row: (o, now) => {
      const st = o as StatefulSet;
      const c = st.spec.template.spec.containers;
      return { cells: [st.metadata.name, `${st.status?.readyReplicas ?? 0}/${st.spec.replicas ?? 1}`, age(st, now)], wide: [c.map((x) => x.name).join(","), c.map((x) => x.image ?? "").join(",")] };
    },
  },
  DaemonSet: {
    headers: ["NAME", "DESIRED", "CURRENT", "READY", "UP-TO-DATE", "AVAILABLE", "NODE SELECTOR", "AGE"],
    wide: ["CONTAINERS", "IMAGES", "SELECTOR"],
    row: (o, now) => {
      const ds = o as DaemonSet;
      const st = ds.status;
      const n = (x: number | undefined) => String(x ?? 0);
      const sel = Object.entries(ds.spec.template.spec.nodeSelector ?? {}).map(([k, v]) => `${k}=${v}`).join(",") || "<none>";
      return { cells: [ds.metadata.name, n(st?.desiredNumberScheduled), n(st?.currentNumberScheduled), n(st?.numberReady), n(st?.updatedNumberScheduled), n(st?.numberAvailable), sel, age(ds, now)], wide: templateColumns(ds.spec) };
    },
  },
  CronJob: {
    headers: ["NAME", "SCHEDULE", "TIMEZONE", "SUSPEND", "ACTIVE", "LAST SCHEDULE", "AGE"],
    wide: ["CONTAINERS", "IMAGES", "SELECTOR"],
    row: (o, now) => {
      const cj = o as CronJob;
      const last = cj.status?.lastScheduleTime ? humanDuration(now - Date.parse(cj.status.lastScheduleTime) * 1000) : "<none>";
      const c = cj.spec.jobTemplate.spec.template.spec.containers;
      return {
        cells: [cj.metadata.name, cj.spec.schedule, cj.spec.timeZone ?? "<none>", String(cj.spec.suspend ?? false), String(cj.status?.active?.length ?? 0), last, age(cj, now)],
        wide: [c.map((x) => x.name).join(","), c.map((x) => x.image ?? "").join(","), "<none>"],
      };
    },
  },
  Job: {
    headers: ["NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE"],
    wide: ["CONTAINERS", "IMAGES", "SELECTOR"],
    row: (o, now) => {
      const j = o as Job;
      const st = j.status ?? {};
      const cond = (t: string) => st.conditions?.some((c) => c.type === t && c.status === "True");
      const status = cond("Complete") ? "Complete" : cond("Failed") ? "Failed" : j.spec.suspend ? "Suspended" : "Running";
      const completions = j.spec.completions !== undefined ? `${st.succeeded ?? 0}/${j.spec.completions}` : `${st.succeeded ?? 0}/1 of ${j.spec.parallelism ?? 1}`;
      const start = st.startTime ? Date.parse(st.startTime) * 1000 : -1;
      const end = st.completionTime ? Date.parse(st.completionTime) * 1000 : now;
      const c = j.spec.template.spec.containers;
      return {
        cells: [j.metadata.name, status, completions, start < 0 ? "" : humanDuration(end - start), age(j, now)],
        wide: [c.map((x) => x.name).join(","), c.map((x) => x.image ?? "").join(","), `batch.kubernetes.io/controller-uid=${j.metadata.uid ?? ""}`],
      };
    },
  },
  Service: {
    headers: ["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"],
    wide: ["SELECTOR"],
    row: (o, now) => {
      const s = o as Service;
      const type = s.spec.type ?? "ClusterIP";
      const ingress = s.status?.loadBalancer?.ingress?.map((i) => i.ip ?? i.hostname ?? "").filter(Boolean) ?? [];
      const external = type === "ExternalName" ? (s.spec.externalName ?? "") : type === "LoadBalancer" ? (ingress.length ? ingress.join(",") : "<pending>") : (s.spec.externalIPs?.join(",") ?? "<none>");
      const ports = (s.spec.ports ?? []).map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol ?? "TCP"}` : `${p.port}/${p.protocol ?? "TCP"}`)).join(",") || "<none>";
      const sel = Object.entries(s.spec.selector ?? {}).map(([k, v]) => `${k}=${v}`).join(",") || "<none>";
      return { cells: [s.metadata.name, type, none(s.spec.clusterIP), external, ports, age(s, now)], wide: [sel] };
    },
  },
  EndpointSlice: {
    headers: ["NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"],
    wide: [],
    row: (o, now) => {
      const e = o as EndpointSlice;
      const ports = (e.ports ?? []).map((p) => (p.port === undefined ? "<unset>" : String(p.port))).join(",") || "<unset>";
      const addrs = e.endpoints.flatMap((x) => x.addresses);
      const shown = addrs.length === 0 ? "<unset>" : addrs.length > 3 ? `${addrs.slice(0, 3).join(",")} + ${addrs.length - 3} more...` : addrs.join(",");
      return { cells: [e.metadata.name, e.addressType, ports, shown, age(e, now)], wide: [] };
    },
  },
  PodDisruptionBudget: {
    headers: ["NAME", "MIN AVAILABLE", "MAX UNAVAILABLE", "ALLOWED DISRUPTIONS", "AGE"],
    wide: [],
    row: (o, now) => {
      const b = o as PodDisruptionBudget;
      const v = (x: number | string | undefined) => (x === undefined ? "N/A" : String(x));
      return { cells: [b.metadata.name, v(b.spec.minAvailable), v(b.spec.maxUnavailable), String(b.status?.disruptionsAllowed ?? 0), age(b, now)], wide: [] };
    },
  },
  Namespace: {
    headers: ["NAME", "STATUS", "AGE"],
    wide: [],
    row: (o, now) => ({ cells: [o.metadata.name, o.metadata.deletionTimestamp ? "Terminating" : "Active", age(o, now)], wide: [] }),
  },
  ResourceQuota: {
    headers: ["NAME", "AGE", "REQUEST", "LIMIT"],
    wide: [],
    row: (o, now) => {
      // printResourceQuota: "resource: used/hard" by resource name, limits.* in LIMIT, the rest in REQUEST.
      const q = o as ResourceQuota & KubeObject;
      const hard = q.status?.hard ?? {};
      const request: string[] = [];
      const limit: string[] = [];
      for (const name of Object.keys(hard).sort()) {
        const cell = `${name}: ${q.status?.used?.[name] ?? "0"}/${formatQuota(name, quotaAmount(name, hard[name]!))}`;
        (name.split(".")[0] === "limits" && name.includes(".") ? limit : request).push(cell);
      }
      return { cells: [q.metadata.name, age(q, now), request.join(", "), limit.join(", ")], wide: [] };
    },
  },
  HorizontalPodAutoscaler: {
    headers: ["NAME", "REFERENCE", "TARGETS", "MINPODS", "MAXPODS", "REPLICAS", "AGE"],
    wide: [],
    row: (o, now) => {
      const h = o as HorizontalPodAutoscaler;
      const target = h.spec.metrics?.[0]?.resource?.target.averageUtilization ?? HPA_DEFAULT_UTILIZATION;
      const cur = h.status?.currentMetrics?.[0]?.resource.current.averageUtilization;
      const ref = `${h.spec.scaleTargetRef.kind}/${h.spec.scaleTargetRef.name}`;
      return { cells: [h.metadata.name, ref, `cpu: ${cur === undefined ? "<unknown>" : `${cur}%`}/${target}%`, String(h.spec.minReplicas ?? 1), String(h.spec.maxReplicas), String(h.status?.currentReplicas ?? 0), age(h, now)], wide: [] };
    },
  },
};

/** kubectl get events: LAST SEEN, TYPE, REASON, OBJECT, MESSAGE. */
export function eventRow(e: ClusterEvent, nowUs: number): Row {
  return [humanDuration(nowUs - Math.min(e.lastUs, nowUs)), e.type, e.reason, e.object, e.message];
}

/** Go's tabwriter as kubectl sets it up: minwidth 6, padding 3, spaces; the last column unpadded. */
export function tabulate(rows: readonly Row[]): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(Math.max(6, widths[i]! + 3)))).join("")).join("\n") + "\n";
}
