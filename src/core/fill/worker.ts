/** Worker thread of runFillBatch: runs the jobs it is sent, one at a time. */
import { parentPort, workerData } from "node:worker_threads";
import { FillInputs, type FillJob } from "./batch.js";

const data = workerData as { registryModule: string; registryExport: string };
const inputs = new FillInputs(data.registryModule, data.registryExport);
parentPort!.on("message", (m: { i: number; job: FillJob }) => {
  inputs.run(m.job).then(
    (result) => parentPort!.postMessage({ i: m.i, result }),
    (e: unknown) => parentPort!.postMessage({ i: m.i, error: e instanceof Error ? e.message : String(e) }),
  );
});
