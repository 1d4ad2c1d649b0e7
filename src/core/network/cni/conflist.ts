/**
 * Network configuration files as a container runtime reads them from /etc/cni/net.d (libcni conf.go):
 * a `.conflist` with `name`, `cniVersion` (or the highest of `cniVersions` this library supports),
 * `disableCheck`, `disableGC` and its `plugins`, or a single-plugin `.conf` turned into a list of one.
 * Errors carry libcni's messages.
 */
import { CURRENT_VERSION, compareVersions } from "./version.js";
import type { PluginConf } from "./plugin.js";

export interface NetworkConfigList {
  readonly name: string;
  readonly cniVersion: string;
  readonly disableCheck: boolean;
  readonly disableGC: boolean;
  /** Each plugin's configuration, the list's name and version injected as a runtime injects them. */
  readonly plugins: readonly PluginConf[];
}

const typeName = (v: unknown) => (Array.isArray(v) ? "[]interface {}" : v === null ? "<nil>" : typeof v === "object" ? "map[string]interface {}" : typeof v === "number" ? "float64" : typeof v);

function parseObject(text: string, what: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new Error(`error parsing ${what}: ${(e as Error).message}`, { cause: e });
  }
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new Error(`error parsing ${what}: json: cannot unmarshal ${typeName(v)} into Go value of type map[string]interface {}`);
  return v as Record<string, unknown>;
}

function readBool(raw: Record<string, unknown>, key: string): boolean {
  const v = raw[key];
  if (v === undefined) return false;
  if (typeof v === "boolean") return v;
  if (typeof v !== "string") throw new Error(`error parsing configuration list: invalid type ${typeName(v)} for ${key}`);
  const s = v.toLowerCase();
  if (s === "true" || s === "false") return s === "true";
  throw new Error(`error parsing configuration list: invalid value ${JSON.stringify(s)} for ${key}`);
}

function pluginConf(raw: unknown, name: string, cniVersion: string, index: number): PluginConf {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new Error(`failed to parse plugin config ${index}: error parsing configuration: not an object`);
  const p = raw as Record<string, unknown>;
  if (typeof p.type !== "string" || p.type === "") throw new Error(`failed to parse plugin config ${index}: error parsing configuration: missing 'type'`);
  return { ...p, name, cniVersion, type: p.type };
}

/** A `.conflist`'s text as a list. */
export function confListFromText(text: string): NetworkConfigList {
  const raw = parseObject(text, "configuration list");
  if (!("name" in raw)) throw new Error("error parsing configuration list: no name");
  if (typeof raw.name !== "string") throw new Error(`error parsing configuration list: invalid name type ${typeName(raw.name)}`);
  let cniVersion = "";
  if ("cniVersion" in raw) {
    if (typeof raw.cniVersion !== "string") throw new Error(`error parsing configuration list: invalid cniVersion type ${typeName(raw.cniVersion)}`);
    cniVersion = raw.cniVersion;
  }
  if ("cniVersions" in raw) {
    if (!Array.isArray(raw.cniVersions)) throw new Error(`error parsing configuration list: invalid type for cniVersions: ${typeName(raw.cniVersions)}`);
    const usable: string[] = [];
    raw.cniVersions.forEach((v, i) => {
      if (typeof v !== "string") throw new Error(`error parsing configuration list: invalid type for cniVersions index ${i}: ${typeName(v)}`);
      if (compareVersions(v, CURRENT_VERSION) <= 0) usable.push(v);
    });
    if (cniVersion !== "" && compareVersions(cniVersion, CURRENT_VERSION) <= 0) usable.push(cniVersion);
    usable.sort(compareVersions);
    if (usable.length) cniVersion = usable.at(-1)!;
  }
  const disableCheck = readBool(raw, "disableCheck");
  const disableGC = readBool(raw, "disableGC");
  const plugins = raw.plugins;
  if (plugins === undefined) throw new Error("no plugin configs found");
  if (!Array.isArray(plugins)) throw new Error(`error parsing configuration list: invalid 'plugins' type ${typeName(plugins)}`);
  if (plugins.length === 0) throw new Error("error parsing configuration list: no plugins in list");
  return { name: raw.name, cniVersion, disableCheck, disableGC, plugins: plugins.map((p, i) => pluginConf(p, raw.name as string, cniVersion, i)) };
}

/** A single-plugin `.conf`'s text as a list of one (libcni ConfListFromConf). */
export function confListFromConf(text: string): NetworkConfigList {
  const raw = parseObject(text, "configuration");
  if (typeof raw.type !== "string" || raw.type === "") throw new Error("error parsing configuration: missing 'type'");
  const name = typeof raw.name === "string" ? raw.name : "";
  const cniVersion = typeof raw.cniVersion === "string" ? raw.cniVersion : "";
  return { name, cniVersion, disableCheck: false, disableGC: false, plugins: [pluginConf(raw, name, cniVersion, 0)] };
}

/**
 * The placeholders Calico's install-cni fills in when it writes the configuration onto a node (its
 * calico.yaml ships the list with them): the node's name, the veth MTU (0: derived from the pool's
 * encapsulation) and the kubeconfig path.
 */
export function fillInstallCniPlaceholders(text: string, node: string, mtu = 0): string {
  return text.replaceAll("__KUBERNETES_NODE_NAME__", node).replaceAll("__CNI_MTU__", String(mtu)).replaceAll("__KUBECONFIG_FILEPATH__", "/etc/cni/net.d/calico-kubeconfig");
}

/** A file's text by its extension: `.conflist` is a list; `.conf` and `.json` are single plugins. */
export function networkConfigFromFile(path: string, text: string): NetworkConfigList {
  return path.endsWith(".conflist") ? confListFromText(text) : confListFromConf(text);
}
