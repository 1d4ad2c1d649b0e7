/** Every in-tree service-proxy plugin runs the family's conformance suite (conformance.suite.ts). */
import { proxyConformance } from "./conformance.suite.js";
import { inTreeProxyRegistry } from "./index.js";

for (const [name, plugin] of inTreeProxyRegistry()) proxyConformance.run(name, plugin);
