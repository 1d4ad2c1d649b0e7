/**
 * How long the kernel takes to apply a proxy sync: a model interpolated (log-log) between real loads
 * measured on this project's reference machine with `clusterlab bench proxy --real-kernel`, for a full
 * load and for a one-Service change on top of it, against the size of the rule set. Sizes beyond the
 * measured range extrapolate the last segment's slope. IPVS (no IPVS in the reference kernel) and eBPF
 * map updates have no calibration here, so they have no model: null.
 */
export type KernelToolName = "iptables-nft" | "iptables-legacy" | "nft";

export interface CalibrationPoint {
  /** Lines in the full rule set (the data plane's SyncReport.total). */
  readonly size: number;
  readonly fullSeconds: number;
  readonly partialSeconds: number;
}

export interface Calibration {
  readonly tool: KernelToolName;
  readonly points: readonly CalibrationPoint[];
}

/** Measured on the reference machine (see CALIBRATION_SOURCE); regenerate with the command given there. */
export const CALIBRATION_SOURCE =
  "clusterlab bench proxy --real-kernel, 2-core Intel Xeon VM (Linux 6.18, iptables 1.8.9, nftables 1.0.6), 2026-12-06";

const points = (rows: readonly (readonly [number, number, number])[]): CalibrationPoint[] =>
  rows.map(([size, fullSeconds, partialSeconds]) => ({ size, fullSeconds, partialSeconds }));

/** Synthetic clusters of 100 … 10,000 Services with 1–10 endpoints (seed 1); the size is the rule set's. */
export const CALIBRATIONS: readonly Calibration[] = [
  {
    // A legacy restore replaces the whole table, so a one-Service change costs about as much as a full load.
    tool: "iptables-legacy",
    points: points([[2093, 0.0178, 0.0111], [5862, 0.0476, 0.0177], [19699, 0.1925, 0.124], [39379, 0.489, 0.3174], [98132, 1.5409, 1.5754], [195924, 5.3588, 6.0183]]),
  },
  {
    // The nf_tables backend: super-linear full loads, cheap partial ones.
    tool: "iptables-nft",
    points: points([[2093, 0.0906, 0.0288], [5862, 0.2318, 0.0369], [19699, 2.1953, 0.0645], [39379, 6.3237, 0.1132]]),
  },
  {
    tool: "nft",
    points: points([[2598, 0.0587, 0.0219], [7305, 0.1694, 0.0194], [24498, 1.0497, 0.0582], [48810, 2.7622, 0.0762], [121491, 16.4562, 0.2055]]),
  },
];

/** The proxy plugin's kernel tool: iptables mode loads through the host's iptables-restore (nf_tables backend on current distributions). */
export const PLUGIN_TOOL: Readonly<Record<string, KernelToolName>> = { iptables: "iptables-nft", nftables: "nft" };

function interpolate(points: readonly CalibrationPoint[], size: number, pick: (p: CalibrationPoint) => number): number {
  if (points.length === 0) return Number.NaN;
  if (size <= points[0]!.size) return pick(points[0]!);
  if (points.length === 1) return pick(points[0]!) * (size / points[0]!.size);
  let i = 1;
  while (i < points.length - 1 && points[i]!.size < size) i++;
  const a = points[i - 1]!;
  const b = points[i]!;
  const slope = Math.log(pick(b) / pick(a)) / Math.log(b.size / a.size);
  return pick(a) * Math.exp(slope * Math.log(size / a.size));
}

/** Modelled seconds for the kernel to apply a sync of a rule set of `size` lines; null without a calibration. */
export function modelledSyncSeconds(tool: KernelToolName, size: number, full: boolean, calibrations: readonly Calibration[] = CALIBRATIONS): number | null {
  const c = calibrations.find((x) => x.tool === tool);
  if (!c || c.points.length === 0) return null;
  return interpolate(c.points, size, (p) => (full ? p.fullSeconds : p.partialSeconds));
}
