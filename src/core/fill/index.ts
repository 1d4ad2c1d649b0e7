/** The fill experiment (the FGD paper's method) — public surface. */
export { runFill, fillSequence, DEFAULT_TUNE, type FillOptions, type FillRunResult, type FillSamples, type FillStats } from "./run.js";
export { aggregateFill, fillCsv, toRows, roundHalfEven, FILL_CSV_HEADER, type FillPoint, type FillRow } from "./aggregate.js";
export { policySchedulerConfig, POLICY_WEIGHT } from "./config.js";
export { FillInputs, type FillJob, type FillJobResult } from "./batch.js";
export { decodeFill, type FillSpec, type FillVariantSpec, type FillWorkloadSpec } from "./spec.js";
export { runFillExperiment, runFillJob, readFillRun, fillRuns, fillManifest, writeFillSummaries, type FillRun, type FillTask, type FillExperimentOptions, type FillExperimentResult } from "./experiment.js";
export { compareWithExpected, comparisonTable, parseExpectedSummary, ARTIFACT_POLICY, type Comparison, type ComparisonRow, type ExpectedPoint } from "./compare.js";
export * from "../scheduler/gpu-fragmentation.js";
