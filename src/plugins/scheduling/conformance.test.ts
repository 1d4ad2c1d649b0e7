/** Every in-tree scheduling plugin runs the family's conformance suite (conformance.suite.ts). */
import { schedulingConformance } from "./conformance.suite.js";
import { inTreeRegistry } from "./index.js";

/** Cases an in-tree plugin does not promise, with why. */
const SKIPS: Record<string, Record<string, string>> = {};

for (const [name, factory] of inTreeRegistry()) schedulingConformance.run(name, factory, SKIPS[name]);
