/**
 * NodeResourcesFitArgs (kubescheduler.config.k8s.io/v1): decoding from raw YAML, v1 defaulting
 * (SetDefaults_NodeResourcesFitArgs) and validation (ValidateNodeResourcesFitArgs).
 */
import { ArgsError } from "../../../core/scheduler/framework.js";
import { defaultResources, isQualifiedName, type ResourceSpec } from "./resource-allocation.js";
import { MAX_CUSTOM_PRIORITY_SCORE, type UtilizationShapePoint } from "./requested-to-capacity-ratio.js";

export const SCORING_STRATEGY_TYPES = ["LeastAllocated", "MostAllocated", "RequestedToCapacityRatio"] as const;
export type ScoringStrategyType = (typeof SCORING_STRATEGY_TYPES)[number];

export interface ScoringStrategy {
  type: ScoringStrategyType;
  resources: ResourceSpec[];
  /** Present (with a validated shape) when type is RequestedToCapacityRatio. */
  requestedToCapacityRatio?: { shape: UtilizationShapePoint[] };
}

export interface NodeResourcesFitArgs {
  ignoredResources: string[];
  ignoredResourceGroups: string[];
  scoringStrategy: ScoringStrategy;
}

// ---- small decoding helpers, shared with NodeResourcesBalancedAllocation ----

export function asObject(raw: unknown, path: string): Record<string, unknown> {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) throw new ArgsError(path, "must be an object");
  return raw as Record<string, unknown>;
}

/**
 * Rejects unknown fields. With `kind` (a top-level args document), `apiVersion` and a matching
 * `kind` are accepted too, as kube-scheduler accepts typed args.
 */
export function checkFields(obj: Record<string, unknown>, path: string, allowed: readonly string[], kind?: string): void {
  for (const k of Object.keys(obj)) {
    if (kind !== undefined && (k === "apiVersion" || k === "kind")) continue;
    if (!allowed.includes(k)) throw new ArgsError(`${path}.${k}`, "unknown field");
  }
  if (kind !== undefined && obj.kind !== undefined && obj.kind !== kind) {
    throw new ArgsError(`${path}.kind`, `must be ${kind}`);
  }
}

export function asArray(raw: unknown, path: string): unknown[] {
  if (!Array.isArray(raw)) throw new ArgsError(path, "must be a list");
  return raw;
}

export function asString(raw: unknown, path: string): string {
  if (typeof raw !== "string") throw new ArgsError(path, "must be a string");
  return raw;
}

export function asInt(raw: unknown, path: string): number {
  if (typeof raw !== "number" || !Number.isInteger(raw)) throw new ArgsError(path, "must be an integer");
  return raw;
}

/** A list of {name, weight}; weight 0 or absent defaults to 1 (v1 defaulting). */
export function parseResourceSpecs(raw: unknown, path: string): ResourceSpec[] {
  return asArray(raw, path).map((item, i) => {
    const p = `${path}[${i}]`;
    const o = asObject(item, p);
    checkFields(o, p, ["name", "weight"]);
    const name = asString(o.name, `${p}.name`);
    const weight = o.weight === undefined ? 0 : asInt(o.weight, `${p}.weight`);
    return { name, weight: weight === 0 ? 1 : weight };
  });
}

// ---- NodeResourcesFitArgs ----

export function parseFitArgs(raw: unknown, path: string): NodeResourcesFitArgs {
  const o = raw == null ? {} : asObject(raw, path);
  checkFields(o, path, ["ignoredResources", "ignoredResourceGroups", "scoringStrategy"], "NodeResourcesFitArgs");

  const ignoredResources = o.ignoredResources == null ? [] : asArray(o.ignoredResources, `${path}.ignoredResources`).map((r, i) => asString(r, `${path}.ignoredResources[${i}]`));
  ignoredResources.forEach((r, i) => {
    if (!isQualifiedName(r)) throw new ArgsError(`${path}.ignoredResources[${i}]`, `invalid resource name ${JSON.stringify(r)}`);
  });
  const ignoredResourceGroups = o.ignoredResourceGroups == null ? [] : asArray(o.ignoredResourceGroups, `${path}.ignoredResourceGroups`).map((r, i) => asString(r, `${path}.ignoredResourceGroups[${i}]`));
  ignoredResourceGroups.forEach((g, i) => {
    const p = `${path}.ignoredResourceGroups[${i}]`;
    if (g.includes("/")) throw new ArgsError(p, "resource group name can't contain '/'");
    if (!isQualifiedName(g)) throw new ArgsError(p, `invalid resource group name ${JSON.stringify(g)}`);
  });

  return { ignoredResources, ignoredResourceGroups, scoringStrategy: parseScoringStrategy(o.scoringStrategy, `${path}.scoringStrategy`) };
}

function parseScoringStrategy(raw: unknown, path: string): ScoringStrategy {
  // v1 defaulting: no strategy means LeastAllocated on cpu and memory.
  if (raw == null) return { type: "LeastAllocated", resources: defaultResources() };
  const o = asObject(raw, path);
  checkFields(o, path, ["type", "resources", "requestedToCapacityRatio"]);
  const type = o.type === undefined ? "" : asString(o.type, `${path}.type`);
  if (!(SCORING_STRATEGY_TYPES as readonly string[]).includes(type)) {
    throw new ArgsError(`${path}.type`, `Unsupported value: ${JSON.stringify(type)}: supported values: ${SCORING_STRATEGY_TYPES.map((t) => JSON.stringify(t)).join(", ")}`);
  }
  let resources = o.resources == null ? [] : parseResourceSpecs(o.resources, `${path}.resources`);
  if (resources.length === 0) resources = defaultResources();
  validateWeights(resources, `${path}.resources`);

  const strategy: ScoringStrategy = { type: type as ScoringStrategyType, resources };
  if (o.requestedToCapacityRatio != null) {
    const rp = `${path}.requestedToCapacityRatio`;
    const r = asObject(o.requestedToCapacityRatio, rp);
    checkFields(r, rp, ["shape"]);
    strategy.requestedToCapacityRatio = { shape: parseShape(r.shape, `${rp}.shape`) };
  }
  if (strategy.type === "RequestedToCapacityRatio" && !strategy.requestedToCapacityRatio) {
    // kube-scheduler dereferences the missing parameters and crashes; we refuse the config instead.
    throw new ArgsError(`${path}.requestedToCapacityRatio`, "required when type is RequestedToCapacityRatio");
  }
  return strategy;
}

/** validateResources: every weight in (0, 100]. */
export function validateWeights(resources: readonly ResourceSpec[], path: string): void {
  resources.forEach((r, i) => {
    if (r.weight <= 0 || r.weight > 100) {
      throw new ArgsError(`${path}[${i}].weight`, `resource weight of ${r.name} not in valid range (0, 100]`);
    }
  });
}

/** validateFunctionShape: at least one point, utilization strictly increasing in [0, 100], score in [0, 10]. */
function parseShape(raw: unknown, path: string): UtilizationShapePoint[] {
  if (raw == null) throw new ArgsError(path, "at least one point must be specified");
  const shape = asArray(raw, path).map((item, i) => {
    const p = `${path}[${i}]`;
    const o = asObject(item, p);
    checkFields(o, p, ["utilization", "score"]);
    return {
      utilization: o.utilization === undefined ? 0 : asInt(o.utilization, `${p}.utilization`),
      score: o.score === undefined ? 0 : asInt(o.score, `${p}.score`),
    };
  });
  if (shape.length === 0) throw new ArgsError(path, "at least one point must be specified");
  for (let i = 1; i < shape.length; i++) {
    if (shape[i - 1]!.utilization >= shape[i]!.utilization) {
      throw new ArgsError(`${path}[${i}].utilization`, "values must be sorted in increasing order");
    }
  }
  shape.forEach((pt, i) => {
    if (pt.utilization < 0 || pt.utilization > 100) throw new ArgsError(`${path}[${i}].utilization`, "not in valid range [0, 100]");
    if (pt.score < 0 || pt.score > MAX_CUSTOM_PRIORITY_SCORE) throw new ArgsError(`${path}[${i}].score`, `not in valid range [0, ${MAX_CUSTOM_PRIORITY_SCORE}]`);
  });
  return shape;
}
