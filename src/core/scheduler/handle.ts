/**
 * The one way a FrameworkHandle is made. Plugins are created before their framework exists, so a handle
 * starts detached and buildProfile (profile.ts) attaches the framework it built. Owners without a cluster
 * loop (explain, the fill experiment, `clusterlab plugins`) keep the defaults: time 0, and nothing is bound,
 * deleted, nominated or waiting.
 */
import type { Rng } from "../engine/rng.js";
import type { FrameworkHandle, FrameworkRunner } from "./framework.js";
import type { PodInfo } from "./pod-info.js";
import type { Snapshot } from "./snapshot.js";

/** What the owner supplies: the snapshot and random stream always, any other member to replace its default. */
export type HandleParts = { snapshot: Snapshot; rng: Rng } & Partial<Omit<FrameworkHandle, "snapshot" | "rng" | "framework">>;

/** A handle whose framework is set once, after the framework is built. */
export interface OwnedHandle extends FrameworkHandle {
  framework: FrameworkRunner;
}

const NONE: readonly PodInfo[] = Object.freeze([]);

function detached(): never {
  throw new Error("the framework is not built yet: plugins may call it from their hooks, not from create()");
}

/** Stands in until the framework exists; a plugin calling it from create() learns why it cannot. */
const DETACHED: FrameworkRunner = {
  profileName: "",
  runPreFilterPlugins: detached,
  runFilterPlugins: detached,
  runFilterPluginsWithNominatedPods: detached,
  runPreFilterExtensionAddPod: detached,
  runPreFilterExtensionRemovePod: detached,
};

export function frameworkHandle(parts: HandleParts): OwnedHandle {
  return {
    now: () => 0,
    bindPod: () => null,
    deletePod: () => {},
    nominate: () => {},
    nominatedPodsForNode: () => NONE,
    anyNominatedPods: () => false,
    namespaceLabels: (name) => (name === "default" ? {} : undefined),
    allowWaitingPod: () => {},
    rejectWaitingPod: () => {},
    ...parts,
    framework: DETACHED,
  };
}
