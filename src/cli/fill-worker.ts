/** A worker thread of `clusterlab fill`: runs fill jobs with the in-tree plugins. */
import "reflect-metadata";
import { serveFillJobs } from "../core/fill/batch.js";
import { inTreePlugins } from "../plugins/index.js";

serveFillJobs(() => inTreePlugins().scheduling);
