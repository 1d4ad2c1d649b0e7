/**
 * helper.DefaultNormalizeScore: rescales raw scores from [0, max] to [0, maxPriority] with integer
 * (truncating) division; `reverse` flips them (maxPriority − score). When every score is 0 the list is
 * left alone, or set to maxPriority when reversing. Raw scores are assumed to be non-negative integers.
 */
import type { NodeScoreList } from "../../core/scheduler/framework.js";
import type { Status } from "../../core/scheduler/status.js";

export function defaultNormalizeScore(maxPriority: number, reverse: boolean, list: NodeScoreList): Status | null {
  const n = list.nodes.length;
  const scores = list.scores;
  let max = 0;
  for (let i = 0; i < n; i++) if (scores[i]! > max) max = scores[i]!;
  if (max === 0) {
    if (reverse) scores.fill(maxPriority, 0, n);
    return null;
  }
  for (let i = 0; i < n; i++) {
    const s = Math.trunc((maxPriority * scores[i]!) / max);
    scores[i] = reverse ? maxPriority - s : s;
  }
  return null;
}
