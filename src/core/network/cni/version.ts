/** CNI spec versions: which ones clusterlab's plugins speak, and how a configuration's version is read and compared. */
import { CNI_ERR, CniError } from "./errors.js";
import { goQuoteList } from "./go-json.js";

/** Every version the simulated plugins accept (the spec's releases up to 1.1.0). */
export const SUPPORTED_VERSIONS: readonly string[] = ["0.1.0", "0.2.0", "0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0"];
export const CURRENT_VERSION = "1.1.0";

function parse(v: string): [number, number, number] {
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(v);
  if (!m) throw new CniError(CNI_ERR.decodingFailure, `invalid version "${v}": the version is empty or not a semantic version`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** Negative, zero or positive as `a` is older than, equal to or newer than `b`; throws a code-6 CniError on a malformed version. */
export function compareVersions(a: string, b: string): number {
  const x = parse(a);
  const y = parse(b);
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
}

export function atLeast(v: string, min: string): boolean {
  return compareVersions(v, min) >= 0;
}

/** A configuration's `cniVersion`; absent or empty reads as 0.1.0, the version before the field existed. */
export function configVersion(conf: Readonly<Record<string, unknown>>): string {
  const v = conf.cniVersion;
  if (v === undefined || v === null || v === "") return "0.1.0";
  if (typeof v !== "string") throw new CniError(CNI_ERR.decodingFailure, `decoding version from network config: cniVersion is a ${typeof v}, not a string`);
  return v;
}

/** Throws the spec's "incompatible CNI versions" error unless the plugin supports `version`. */
export function checkCompatible(version: string, supported: readonly string[]): void {
  if (!supported.includes(version)) {
    throw new CniError(CNI_ERR.incompatibleVersion, "incompatible CNI versions", `config is "${version}", plugin supports ${goQuoteList(supported)}`);
  }
}
