/** Parsing of the `typicalPods` plugin arg (FGD). */
import { ArgsError } from "../../../core/scheduler/framework.js";
import { MILLI_PER_GPU } from "../../../core/scheduler/gpu.js";
import { shapeOf, type GpuShape, type TypicalPod } from "../../../core/scheduler/gpu-fragmentation.js";

/** Validates a `typicalPods` list given in plugin args: [{cpuMilli, gpuMilli, gpuCount, gpuModels?, weight}]. */
export function parseTypicalPodsArg(raw: unknown, path: string): TypicalPod[] {
  if (!Array.isArray(raw) || raw.length === 0) throw new ArgsError(path, "expected a non-empty list of {cpuMilli, gpuMilli, gpuCount, gpuModels, weight}");
  const out: { shape: GpuShape; w: number }[] = [];
  raw.forEach((e, i) => {
    const p = `${path}[${i}]`;
    if (typeof e !== "object" || e === null || Array.isArray(e)) throw new ArgsError(p, "expected an object");
    const o = e as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      if (!["cpuMilli", "gpuMilli", "gpuCount", "gpuModels", "weight"].includes(k)) throw new ArgsError(`${p}.${k}`, `unknown field "${k}"`);
    }
    const int = (k: string, min: number, max: number, dflt?: number): number => {
      const v = o[k] ?? dflt;
      if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
        throw new ArgsError(`${p}.${k}`, `expected an integer in [${min}, ${max}], got ${JSON.stringify(o[k])}`);
      }
      return v;
    };
    const cpu = int("cpuMilli", 0, Number.MAX_SAFE_INTEGER);
    const gpuCount = int("gpuCount", 0, 1024, 0);
    const gpuMilli = int("gpuMilli", 0, MILLI_PER_GPU, gpuCount > 0 ? MILLI_PER_GPU : 0);
    if (gpuCount > 1 && gpuMilli !== MILLI_PER_GPU) throw new ArgsError(`${p}.gpuMilli`, "must be 1000 when gpuCount > 1 (a share needs one device)");
    if ((gpuCount === 0) !== (gpuMilli === 0)) throw new ArgsError(`${p}.gpuMilli`, "gpuMilli and gpuCount must both be 0 or both be positive");
    let models: Set<string> | null = null;
    if (o.gpuModels !== undefined) {
      if (!Array.isArray(o.gpuModels) || o.gpuModels.some((m) => typeof m !== "string" || !m)) {
        throw new ArgsError(`${p}.gpuModels`, "expected a list of GPU model names");
      }
      models = new Set(o.gpuModels as string[]);
    }
    const w = o.weight;
    if (typeof w !== "number" || !(w > 0) || !Number.isFinite(w)) throw new ArgsError(`${p}.weight`, `expected a positive number, got ${JSON.stringify(w)}`);
    out.push({ shape: shapeOf(cpu, gpuMilli, gpuCount, models), w });
  });
  const sum = out.reduce((s, e) => s + e.w, 0);
  return out.map((e) => ({ ...e.shape, p: e.w / sum }));
}
