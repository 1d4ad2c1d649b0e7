/**
 * The `--probability` strings of kube-proxy's endpoint rules: rule i of n gets 1/(n−i), printed with ten
 * decimals as Go's fmt.Sprintf("%0.10f") does, so the i-th rule, reached with probability (n−i)/n, picks
 * each endpoint with probability 1/n overall. The kernel stores lround(p·2^31) (xt_statistic).
 */

const cache: string[] = [];

export function probability(n: number): string {
  return (cache[n] ??= (1 / n).toFixed(10));
}

/** The threshold xt_statistic compares a random 31-bit value against: the probability as the kernel keeps it. */
export function kernelThreshold(p: string): number {
  return Math.round(Number(p) * 2 ** 31);
}
