/**
 * A CNI plugin executable's side of the protocol (containernetworking/cni pkg/skel, as the reference
 * plugins v1.1.1 ship it, plus spec 1.1's GC and STATUS): the command and call from CNI_* variables, the
 * configuration from stdin, the spec's checks in the reference order, the Result printed in the
 * configuration's version, errors as the spec's error object with exit code 1.
 */
import { validateContainerId, validateInterfaceName, validateNetworkName, type Attachment, type CniCall } from "./args.js";
import { asCniError, CNI_ERR, CniError } from "./errors.js";
import { goCompactJSON, goIndentJSON } from "./go-json.js";
import type { CniPlugin, CniPluginInstance, PluginConf } from "./plugin.js";
import { parseResult, resultForVersion } from "./result.js";
import { atLeast, checkCompatible, configVersion, CURRENT_VERSION } from "./version.js";

export interface ExecOutcome {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Which variables each command needs (skel's reqForCmd). */
const REQUIRED: Record<string, readonly string[]> = {
  ADD: ["CNI_COMMAND", "CNI_CONTAINERID", "CNI_NETNS", "CNI_IFNAME", "CNI_PATH"],
  CHECK: ["CNI_COMMAND", "CNI_CONTAINERID", "CNI_NETNS", "CNI_IFNAME", "CNI_PATH"],
  DEL: ["CNI_COMMAND", "CNI_CONTAINERID", "CNI_IFNAME", "CNI_PATH"],
  GC: ["CNI_COMMAND", "CNI_PATH"],
  STATUS: ["CNI_COMMAND", "CNI_PATH"],
};
const ORDER = ["CNI_COMMAND", "CNI_CONTAINERID", "CNI_NETNS", "CNI_IFNAME", "CNI_ARGS", "CNI_PATH"];

/** The configuration's JSON as skel's validateConfig checks it: an object with a valid `name`. */
export function decodeConfig(stdin: string): Record<string, unknown> {
  let conf: unknown;
  try {
    conf = JSON.parse(stdin);
  } catch (e) {
    throw new CniError(CNI_ERR.decodingFailure, `error unmarshall network config: ${(e as Error).message}`);
  }
  if (typeof conf !== "object" || conf === null || Array.isArray(conf)) {
    throw new CniError(CNI_ERR.decodingFailure, `error unmarshall network config: json: cannot unmarshal ${Array.isArray(conf) ? "array" : typeof conf} into Go value of type struct { Name string "json:\\"name\\"" }`);
  }
  const name = (conf as Record<string, unknown>).name;
  if (name === undefined || name === null || name === "") throw new CniError(CNI_ERR.invalidNetworkConfig, "missing network name");
  if (typeof name !== "string") throw new CniError(CNI_ERR.decodingFailure, `error unmarshall network config: json: cannot unmarshal ${typeof name} into Go struct field .name of type string`);
  validateNetworkName(name);
  return conf as Record<string, unknown>;
}

function call(env: Env): CniCall {
  return { containerId: env.CNI_CONTAINERID ?? "", netns: env.CNI_NETNS ?? "", ifname: env.CNI_IFNAME ?? "", args: env.CNI_ARGS ?? "", path: env.CNI_PATH ?? "" };
}

function asPluginConf(raw: Record<string, unknown>, version: string): PluginConf {
  return { ...raw, name: raw.name as string, cniVersion: version, type: typeof raw.type === "string" ? raw.type : "" };
}

function prevResultOf(raw: Record<string, unknown>): ReturnType<typeof parseResult> | null {
  return raw.prevResult === undefined || raw.prevResult === null ? null : parseResult(raw.prevResult);
}

function validAttachments(raw: Record<string, unknown>): Attachment[] {
  const list = raw["cni.dev/valid-attachments"];
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw new CniError(CNI_ERR.decodingFailure, "cni.dev/valid-attachments is not a list");
  return list.map((a: { containerID?: unknown; ifname?: unknown }) => ({ containerID: String(a?.containerID ?? ""), ifname: String(a?.ifname ?? "") }));
}

/** Runs one command of `plugin` as its executable would; never throws. */
export function execPlugin(plugin: CniPlugin, instance: CniPluginInstance, env: Env, stdin: string, about: string): ExecOutcome {
  const cmd = env.CNI_COMMAND ?? "";
  try {
    const missing = ORDER.filter((v) => !env[v] && (v === "CNI_COMMAND" || REQUIRED[cmd]?.includes(v)));
    if (missing.length) {
      if (!cmd) return { stdout: "", stderr: `${about}\nCNI protocol versions supported: ${plugin.supportedVersions.join(", ")}\n`, exitCode: 0 };
      throw new CniError(CNI_ERR.invalidEnvironmentVariables, `required env variables [${missing.join(",")}] missing`);
    }
    if (cmd === "VERSION") return { stdout: goCompactJSON({ cniVersion: CURRENT_VERSION, supportedVersions: plugin.supportedVersions }), stderr: "", exitCode: 0 };
    const raw = decodeConfig(stdin);
    if (cmd !== "GC" && cmd !== "STATUS") {
      validateContainerId(env.CNI_CONTAINERID ?? "");
      validateInterfaceName(env.CNI_IFNAME ?? "");
    }
    const version = configVersion(raw);
    const conf = asPluginConf(raw, version);
    const since = (min: string, what: string) => {
      if (!atLeast(version, min)) throw new CniError(CNI_ERR.incompatibleVersion, `config version does not allow ${what}`);
      if (!plugin.supportedVersions.some((v) => atLeast(v, version))) throw new CniError(CNI_ERR.incompatibleVersion, `plugin version does not allow ${what}`);
    };
    switch (cmd) {
      case "ADD": {
        checkCompatible(version, plugin.supportedVersions);
        const result = instance.add(conf, call(env), prevResultOf(raw));
        return { stdout: goIndentJSON(resultForVersion(result, version)), stderr: "", exitCode: 0 };
      }
      case "DEL":
        checkCompatible(version, plugin.supportedVersions);
        instance.del(conf, call(env), prevResultOf(raw));
        return { stdout: "", stderr: "", exitCode: 0 };
      case "CHECK":
        since("0.4.0", "CHECK");
        checkCompatible(version, plugin.supportedVersions);
        instance.check(conf, call(env), prevResultOf(raw));
        return { stdout: "", stderr: "", exitCode: 0 };
      case "GC":
        since("1.1.0", "GC");
        checkCompatible(version, plugin.supportedVersions);
        instance.gc?.(conf, validAttachments(raw));
        return { stdout: "", stderr: "", exitCode: 0 };
      case "STATUS":
        since("1.1.0", "STATUS");
        checkCompatible(version, plugin.supportedVersions);
        instance.status?.(conf);
        return { stdout: "", stderr: "", exitCode: 0 };
      default:
        throw new CniError(CNI_ERR.invalidEnvironmentVariables, `unknown CNI_COMMAND: ${cmd}`);
    }
  } catch (e) {
    return { stdout: goIndentJSON(asCniError(e).toJSON()), stderr: "", exitCode: 1 };
  }
}
