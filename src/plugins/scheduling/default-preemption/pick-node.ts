/**
 * SelectCandidate / pickOneNodeForPreemption (preemption.go, v1.33): the candidate whose eviction does
 * the least harm, by these rules in order, each applied only to the nodes tied under the previous ones:
 *   1. fewest PDB violations;
 *   2. lowest priority of the most important victim;
 *   3. smallest sum of victim priorities (each shifted by MaxInt32+1 so negative priorities count as
 *      small, not as a bonus for having more victims);
 *   4. fewest victims;
 *   5. latest start time of the earliest-started victim among those of the highest priority;
 *   6. the first node left (kube iterates a map here; the candidate order is deterministic here).
 */
import type { Candidate } from "./candidates.js";

const PRIORITY_SHIFT = 2147483647 + 1;

type ScoreFn = (c: Candidate) => number;

/** util.GetEarliestPodStartTime: earliest start among the victims of the highest priority. */
function earliestStartOfTopVictims(c: Candidate): number {
  const v = c.victims;
  let maxPriority = v[0]!.priority;
  let earliest = v[0]!.startTimeUs;
  for (const p of v) {
    if (p.priority === maxPriority) {
      if (p.startTimeUs < earliest) earliest = p.startTimeUs;
    } else if (p.priority > maxPriority) {
      maxPriority = p.priority;
      earliest = p.startTimeUs;
    }
  }
  return earliest;
}

// Higher score is better; sums stay far below 2^53 for any realistic number of victims.
const SCORE_FNS: readonly ScoreFn[] = [
  (c) => -c.numPDBViolations,
  (c) => -c.victims[0]!.priority,
  (c) => {
    let sum = 0;
    for (const p of c.victims) sum += p.priority + PRIORITY_SHIFT;
    return -sum;
  },
  (c) => -c.victims.length,
  earliestStartOfTopVictims,
];

export function pickOneNodeForPreemption(candidates: readonly Candidate[]): Candidate | undefined {
  if (candidates.length === 0) return undefined;
  // A node that needs no eviction wins outright (kept from kube's older form; the dry run never
  // produces such a candidate, but the score functions below need a first victim).
  for (const c of candidates) if (c.victims.length === 0) return c;
  let remaining: readonly Candidate[] = candidates;
  for (const score of SCORE_FNS) {
    let best = -Infinity;
    let selected: Candidate[] = [];
    for (const c of remaining) {
      const s = score(c);
      if (s > best) {
        best = s;
        selected = [c];
      } else if (s === best) selected.push(c);
    }
    if (selected.length === 1) return selected[0];
    remaining = selected;
  }
  return remaining[0];
}

/** Evaluator.SelectCandidate: a single candidate is taken as is. */
export function selectCandidate(candidates: readonly Candidate[]): Candidate | undefined {
  if (candidates.length <= 1) return candidates[0];
  return pickOneNodeForPreemption(candidates);
}
