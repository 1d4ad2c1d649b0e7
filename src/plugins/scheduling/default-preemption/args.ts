/**
 * DefaultPreemptionArgs (kubescheduler.config.k8s.io/v1): strict decoding, v1 defaulting
 * (SetDefaults_DefaultPreemptionArgs: an absent field gets its default, an explicit 0 stays 0) and
 * ValidateDefaultPreemptionArgs.
 */
import { ArgsError } from "../../../core/scheduler/framework.js";

export interface DefaultPreemptionArgs {
  /** Share of the potential nodes to dry-run (0..100). */
  minCandidateNodesPercentage: number;
  /** Minimum number of nodes to dry-run (≥ 0). */
  minCandidateNodesAbsolute: number;
}

export const DEFAULT_MIN_CANDIDATE_NODES_PERCENTAGE = 10;
export const DEFAULT_MIN_CANDIDATE_NODES_ABSOLUTE = 100;

const FIELDS = ["minCandidateNodesPercentage", "minCandidateNodesAbsolute"] as const;
const KIND = "DefaultPreemptionArgs";

function int32(raw: unknown, path: string): number {
  if (typeof raw !== "number" || !Number.isInteger(raw)) throw new ArgsError(path, "must be an integer");
  if (raw < -2147483648 || raw > 2147483647) throw new ArgsError(path, "must fit in int32");
  return raw;
}

export function parseDefaultPreemptionArgs(raw: unknown, path: string): DefaultPreemptionArgs {
  const args: DefaultPreemptionArgs = {
    minCandidateNodesPercentage: DEFAULT_MIN_CANDIDATE_NODES_PERCENTAGE,
    minCandidateNodesAbsolute: DEFAULT_MIN_CANDIDATE_NODES_ABSOLUTE,
  };
  if (raw == null) return args;
  if (typeof raw !== "object" || Array.isArray(raw)) throw new ArgsError(path, "must be an object");
  const obj = raw as Record<string, unknown>;
  for (const k of Object.keys(obj)) {
    if (k === "apiVersion" || k === "kind") continue;
    if (!(FIELDS as readonly string[]).includes(k)) throw new ArgsError(`${path}.${k}`, "unknown field");
  }
  if (obj.kind !== undefined && obj.kind !== KIND) throw new ArgsError(`${path}.kind`, `must be ${KIND}`);
  for (const f of FIELDS) if (obj[f] != null) args[f] = int32(obj[f], `${path}.${f}`);

  const pct = args.minCandidateNodesPercentage;
  const abs = args.minCandidateNodesAbsolute;
  if (pct < 0 || pct > 100) {
    throw new ArgsError(`${path}.minCandidateNodesPercentage`, `Invalid value: ${pct}: not in valid range [0, 100]`);
  }
  if (abs < 0) throw new ArgsError(`${path}.minCandidateNodesAbsolute`, `Invalid value: ${abs}: not in valid range [0, inf)`);
  if (pct === 0 && abs === 0) {
    throw new ArgsError(
      `${path}.minCandidateNodesPercentage`,
      "Invalid value: 0: cannot be zero at the same time as minCandidateNodesAbsolute",
    );
  }
  return args;
}

/**
 * calculateNumCandidates: how many candidates the dry run must produce, from the number of
 * potential nodes: max(n·percentage/100, absolute), never more than n (int32 arithmetic).
 */
export function calculateNumCandidates(numNodes: number, args: DefaultPreemptionArgs): number {
  let n = Math.trunc((numNodes * args.minCandidateNodesPercentage) / 100);
  if (n < args.minCandidateNodesAbsolute) n = args.minCandidateNodesAbsolute;
  if (n > numNodes) n = numNodes;
  return n;
}
