/**
 * What a CNI call carries besides its configuration (CNI_CONTAINERID, CNI_NETNS, CNI_IFNAME, CNI_ARGS,
 * CNI_PATH) and the reference library's checks of it (containernetworking/cni pkg/utils, pkg/types/args.go),
 * with the same codes and messages.
 */
import { CNI_ERR, CniError } from "./errors.js";

export interface CniCall {
  readonly containerId: string;
  readonly netns: string;
  readonly ifname: string;
  /** CNI_ARGS: "K=V;K2=V2". */
  readonly args: string;
  /** CNI_PATH: where plugin binaries are looked up. */
  readonly path: string;
}

/** One attachment of a container to a network (GC's `cni.dev/valid-attachments` entries). */
export interface Attachment {
  readonly containerID: string;
  readonly ifname: string;
}

const VALID_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
const MAX_IFNAME = 15;

export function validateContainerId(id: string): void {
  if (id === "") throw new CniError(CNI_ERR.unknownContainer, "missing containerID");
  if (!VALID_NAME.test(id)) throw new CniError(CNI_ERR.invalidEnvironmentVariables, "invalid characters in containerID", id);
}

export function validateNetworkName(name: string): void {
  if (name === "") throw new CniError(CNI_ERR.invalidNetworkConfig, "missing network name:");
  if (!VALID_NAME.test(name)) throw new CniError(CNI_ERR.invalidNetworkConfig, "invalid characters found in network name", name);
}

export function validateInterfaceName(ifname: string): void {
  if (ifname.length === 0) throw new CniError(CNI_ERR.invalidEnvironmentVariables, "interface name is empty");
  if (Buffer.byteLength(ifname) > MAX_IFNAME) {
    throw new CniError(CNI_ERR.invalidEnvironmentVariables, "interface name is too long", `interface name should be less than ${MAX_IFNAME + 1} characters`);
  }
  if (ifname === "." || ifname === "..") throw new CniError(CNI_ERR.invalidEnvironmentVariables, "interface name is . or ..");
  if (/[/:\s]/u.test(ifname)) throw new CniError(CNI_ERR.invalidEnvironmentVariables, "interface name contains / or : or whitespace characters");
}

/**
 * CNI_ARGS read into the keys a plugin knows (Go's types.LoadArgs: `known` lists the struct's field names,
 * matched case-sensitively); other keys fail unless IgnoreUnknown is true. Errors are plain (code 999 at the
 * caller), as the reference plugins return them.
 */
export function loadArgs(args: string, known: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  if (args === "") return out;
  const unknown: string[] = [];
  let ignoreUnknown = false;
  for (const pair of args.split(";")) {
    const kv = pair.split("=");
    if (kv.length !== 2) throw new Error(`ARGS: invalid pair ${JSON.stringify(pair)}`);
    const [k, v] = kv as [string, string];
    if (k === "IgnoreUnknown") {
      const b = v.toLowerCase();
      if (b !== "1" && b !== "true" && b !== "0" && b !== "false") {
        throw new Error(`ARGS: error parsing value of pair ${JSON.stringify(pair)}: boolean unmarshal error: invalid input ${b}`);
      }
      ignoreUnknown = b === "1" || b === "true";
    } else if (known.includes(k)) out.set(k, v);
    else unknown.push(pair);
  }
  if (unknown.length && !ignoreUnknown) throw new Error(`ARGS: unknown args [${unknown.map((u) => JSON.stringify(u)).join(" ")}]`);
  return out;
}
