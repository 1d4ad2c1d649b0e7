/** Trace reading, writing and conversion: the public surface of src/core/trace. */
export * from "./types.js";
export { RowError } from "./fields.js";
export {
  decoderFor,
  detectTraceFormat,
  getTraceFormat,
  registerTraceFormat,
  traceFormats,
  type RowDecoder,
  type TraceFormat,
  type TraceFormatName,
} from "./formats.js";
export { detectTrace, readAllNodes, readAllPods, readNodes, readPodBatches, readPods, type ReadOptions } from "./reader.js";
export {
  NATIVE_FORMAT_ID,
  nodesToCsv,
  nodeToCsvRow,
  podsToCsv,
  podToCsvRow,
  writeNodes,
  writePods,
  type NativeWriteOptions,
} from "./native.js";
export { OPENB_TRACE_END_S } from "./openb.js";
export { AnnotationMaxPerNode, AnnotationTraceQoS, LabelApp, traceNodeToNode, tracePodToPod } from "./objects.js";
export { traceInfo, type NodeTraceInfo, type PodTraceInfo, type TraceInfo } from "./info.js";
export { checkFormatOptions, hasKind, type FormatOptions, type RowStream } from "./formats.js";
export { LabelDlrmRole } from "./dlrm2025.js";
export { GOOGLE_2011_AFTER_END, GOOGLE_2011_DEFAULTS } from "./google2011.js";
export { ALIBABA_2018_DEFAULTS, LabelFailureDomain1, LabelFailureDomain2 } from "./alibaba2018.js";
export { convertTrace, type ConvertOptions, type ConvertResult } from "./convert.js";
