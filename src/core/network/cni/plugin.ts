/**
 * The CNI plugin family: one small interface every simulated plugin (host-local, bridge, flannel, …)
 * implements. A plugin is created once per host — a node of a simulation, or the `clusterlab cni exec`
 * process — and is then called as the CNI spec calls a plugin binary: ADD, DEL, CHECK, and optionally GC and
 * STATUS, each with the plugin's network configuration (the list's `name` and `cniVersion` injected, as a
 * runtime does) and the previous plugin's result. Failures are thrown as CniError (plain errors become code 999).
 */
import type { Attachment, CniCall } from "./args.js";
import type { CniResult } from "./result.js";

/** One plugin's configuration: the JSON object of its entry in `plugins`, with `name` and `cniVersion` set. */
export type PluginConf = Readonly<Record<string, unknown>> & { readonly name: string; readonly cniVersion: string; readonly type: string };

export type CniCommand = "ADD" | "DEL" | "CHECK";

/** What a plugin can ask of the host it runs on. */
export interface CniHost {
  /** The node this host is (calico's nodename; the machine's host name under `clusterlab cni exec`). */
  readonly node: string;
  /** True for `clusterlab cni exec`: state lives on disk in the reference plugins' layouts; false in a simulation (memory). */
  readonly onDisk: boolean;
  /** Runs the IPAM plugin named by `conf.ipam.type` with the same configuration (the reference plugins' ipam.ExecAdd/ExecDel/ExecCheck). */
  delegate(command: "ADD", conf: PluginConf, call: CniCall): CniResult;
  delegate(command: "DEL" | "CHECK", conf: PluginConf, call: CniCall): void;
  /** Spec 1.1 GC of the IPAM plugin named by `conf.ipam.type` (a main plugin passing its GC on). */
  delegateGc(conf: PluginConf, valid: readonly Attachment[]): void;
  /** Runs another plugin with a configuration this plugin built (flannel delegating to bridge: invoke.DelegateAdd). */
  invoke(type: string, command: "ADD", conf: PluginConf, call: CniCall): CniResult;
  invoke(type: string, command: "DEL" | "CHECK", conf: PluginConf, call: CniCall): void;
  /** A file of this host (flannel's /run/flannel/subnet.env): written by the simulated node's agents, or the real file with `onDisk`; null when absent. */
  readFile(path: string): string | null;
  /** Writes a file of this host (a node agent's output, such as flanneld's subnet.env). */
  writeFile(path: string, text: string): void;
  /** State shared by every host of the cluster under `key` (calico's IPAM datastore), created on first use. */
  shared<T>(key: string, create: () => T): T;
}

export interface CniPluginInstance {
  add(conf: PluginConf, call: CniCall, prevResult: CniResult | null): CniResult;
  /** Must succeed when there is nothing to delete (the spec allows repeated DELs). */
  del(conf: PluginConf, call: CniCall, prevResult: CniResult | null): void;
  check(conf: PluginConf, call: CniCall, prevResult: CniResult | null): void;
  /** Spec 1.1 GC: release whatever belongs to an attachment not in `valid`. */
  gc?(conf: PluginConf, valid: readonly Attachment[]): void;
  /** Spec 1.1 STATUS: throws (code 50/51) when the plugin cannot serve ADDs now. */
  status?(conf: PluginConf): void;
  /** What the plugin holds on this host for live attachments (addresses, veths, chains): 0 when all are deleted. */
  held?(): number;
}

/** What one call of the plugin takes in virtual time (µs). */
export interface CniLatency {
  readonly addUs: number;
  readonly delUs: number;
}

/** A simulated node as a plugin's node agent sees it. */
export interface CniNode {
  readonly name: string;
  /** spec.podCIDR from the node IPAM controller; null when the cluster CIDR is exhausted. */
  readonly podCIDR: string | null;
}

export interface CniPlugin {
  /** The configuration's `type`, as the plugin binary's file name. */
  readonly name: string;
  /** One line for `clusterlab plugins`. */
  readonly description: string;
  /** An IPAM plugin is called by a main plugin through `ipam.type`, and returns addresses without interfaces. */
  readonly ipam: boolean;
  /** Spec versions the plugin accepts (VERSION prints them). */
  readonly supportedVersions: readonly string[];
  /** Other plugins a configuration makes this one run besides its `ipam.type` (flannel: its delegate and that delegate's IPAM). */
  delegatesTo?(conf: PluginConf): readonly string[];
  /** Time one ADD and one DEL take (its own work, not a delegate's), measured with the reference binaries where they exist. */
  readonly latency: CniLatency;
  create(host: CniHost): CniPluginInstance;
  /**
   * The plugin's node agent (flanneld, calico-node): prepares a simulated node before its pods' ADDs —
   * flannel writes subnet.env from the node's podCIDR. `options` is the experiment's `network.plugins.<name>`;
   * throws an Error naming the bad option.
   */
  nodeAgent?(host: CniHost, node: CniNode, options: Readonly<Record<string, unknown>>, clusterCIDR: string): void;
  /**
   * How this plugin carries a packet between pods on two different nodes (the simulated nodes share one
   * L2 segment and subnet): encapsulated or routed, and the header bytes encapsulation adds per packet.
   * Plugins that do not move packets between nodes (IPAM, chained) leave it out.
   */
  crossNodePath?(options: Readonly<Record<string, unknown>>, clusterCIDR: string): PodPath;
}

/** A pod-to-pod packet's way between two nodes. */
export interface PodPath {
  readonly mode: string;
  readonly encapsulated: boolean;
  /** Outer headers added to every packet (VXLAN 50, IP-in-IP 20), counted as bytes on the wire. */
  readonly overheadBytes: number;
}
