/**
 * The JSON Schema (draft-07) of experiment files, for editors (yaml-language-server: examples start with
 * `# yaml-language-server: $schema=../schemas/experiment.schema.json`). schemas/experiment.schema.json
 * is this object; a test keeps the two equal and checks every object's fields match the decoder's.
 * Regenerate with `npm run build && node dist/core/experiment/schema.js > schemas/experiment.schema.json`.
 */
import { fileURLToPath } from "node:url";
import { REPORT_OPTIONS_SCHEMA } from "../report/options.js";
import { traceFormats } from "../trace/index.js";
import { MODEL_FIELDS } from "./matrix.js";

const duration = { $ref: "#/definitions/duration" };
const quantity = { $ref: "#/definitions/quantity" };
const name = { type: "string", pattern: "^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$" };
// The formats the readers know (the same list the decoder accepts).
const traceFormat = { enum: [...traceFormats().map((f) => f.name), "auto"], default: "auto", description: "Trace format (auto: detected from the header)." };
const paramKey = "^(model\\.(" + MODEL_FIELDS.join("|") + ")|scheduler(\\.[A-Za-z_][A-Za-z0-9_-]*(\\[[0-9]+\\])*)+)$";

const obj = (description: string, properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  type: "object",
  description,
  additionalProperties: false,
  properties,
  ...extra,
});

export function experimentSchema(): Record<string, unknown> {
  const workload = obj(
    "A workload: a trace (with optional window, filters and scale) or a file of Pod manifests.",
    {
      name: { ...name, description: "Workload name (folder name in the results). Required in workloads; in workload, defaults to the file's name." },
      trace: { type: "string", description: "Pod trace file, relative to the experiment file." },
      format: traceFormat,
      manifests: { type: "string", description: "A YAML file of Pod manifests, relative to the experiment file." },
      limit: { type: "integer", minimum: 1, description: "Replay at most this many pods (after window, filters and scale)." },
      skipBadRows: { type: "boolean", default: false, description: "Skip malformed trace rows instead of failing." },
      namespace: { type: "string", default: "default", description: "Namespace of the trace's pods." },
      window: obj("Keep pods arriving in [from, to) of trace time (not shifted to 0).", { from: duration, to: duration }),
      filters: obj("Keep only some pods.", {
        gpu: { enum: ["any", "only", "none"], default: "any", description: "only: pods asking for a GPU; none: pods without." },
        minCpu: { ...quantity, description: "Smallest CPU request kept (inclusive), e.g. 500m or 2." },
        maxCpu: { ...quantity, description: "Largest CPU request kept (inclusive)." },
        qos: { type: "array", minItems: 1, items: { type: "string" }, description: "QoS classes of the trace to keep (openb: LS, BE, …)." },
      }),
      scale: {
        type: "number",
        exclusiveMinimum: 0,
        maximum: 1,
        description:
          "Fraction of pods to keep, sampled by a hash of (seed, pod name): the same seed gives every variant the same sample, different seeds different samples.",
      },
    },
    { oneOf: [{ required: ["trace"] }, { required: ["manifests"] }] },
  );
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    title: "clusterlab experiment",
    description:
      "An experiment: variants (scheduler configurations and parameter overrides) × workloads × seeds, optionally crossed with a matrix of parameters. The single-run form (workload, scheduler.config, seed) is an experiment with one variant, one workload and one seed.",
    type: "object",
    additionalProperties: false,
    required: ["apiVersion", "kind", "metadata", "cluster"],
    properties: {
      apiVersion: { const: "clusterlab/v1" },
      kind: { enum: ["Experiment", "Scenario"], description: "Experiment replays workloads; Scenario plays a timeline of actions (apply, scale, set image, node failure …) into a cluster with its controllers." },
      metadata: obj("", { name: { ...name, description: "Experiment name (default results folder: results/<name>)." }, description: { type: "string" } }, { required: ["name"] }),
      cluster: obj(
        "The nodes: a node trace, a file of manifests (Nodes, Pods, Namespaces, PriorityClasses), or identical generated nodes.",
        {
          trace: { type: "string", description: "Node trace file, relative to the experiment file." },
          format: traceFormat,
          manifests: { type: "string", description: "A YAML file of manifests, relative to the experiment file." },
          generate: obj(
            "count identical nodes named node-00000…, spread round-robin over zones.",
            {
              count: { type: "integer", minimum: 1 },
              cpu: { ...quantity, default: "32" },
              memory: { ...quantity, default: "128Gi" },
              gpu: { type: "integer", minimum: 0, default: 0 },
              gpuModel: { type: "string" },
              pods: { type: "integer", minimum: 1, default: 110, description: "Pod capacity per node." },
              zones: { type: "integer", minimum: 1, default: 1 },
            },
            { required: ["count"] },
          ),
        },
        { oneOf: [{ required: ["trace"] }, { required: ["manifests"] }, { required: ["generate"] }] },
      ),
      workload: { ...workload, description: "Single-run form: the one workload (or use workloads)." },
      workloads: { type: "array", minItems: 1, items: { allOf: [workload, { required: ["name"] }] }, description: "The workloads every variant runs." },
      scheduler: obj("Single-run form: the scheduler configuration (or use variants).", {
        config: { type: "string", description: "A KubeSchedulerConfiguration file, relative to the experiment file (default: kube-scheduler's defaults)." },
      }),
      variants: {
        type: "array",
        minItems: 1,
        description: "The scheduler configurations compared. Each is crossed with the matrix, if any.",
        items: obj(
          "A variant: a scheduler configuration plus parameter overrides.",
          {
            name: { ...name, description: "Variant name (folder name in the results; legend label)." },
            description: { type: "string" },
            schedulerConfig: { type: "string", description: "A KubeSchedulerConfiguration file, relative to the experiment file." },
            scheduler: {
              type: "object",
              description:
                "Inline configuration: a whole KubeSchedulerConfiguration (with apiVersion/kind/profiles) or one profile (schedulerName, plugins, pluginConfig, percentageOfNodesToScore). Default: kube-scheduler's defaults.",
            },
            overrides: { $ref: "#/definitions/params" },
          },
          { required: ["name"], not: { required: ["schedulerConfig", "scheduler"] } },
        ),
      },
      seed: { type: "integer", minimum: 0, maximum: 2147483647, default: 1, description: "Single-run form: the seed." },
      seeds: {
        description: "Seeds every variant × workload runs with: a list, or {from, count}.",
        oneOf: [
          { type: "array", minItems: 1, uniqueItems: true, items: { type: "integer", minimum: 0, maximum: 2147483647 } },
          obj("count consecutive seeds starting at from.", { from: { type: "integer", minimum: 0, default: 1 }, count: { type: "integer", minimum: 1 } }, { required: ["count"] }),
        ],
      },
      model: obj("Timing of the simulated cluster.", {
        podStartLatency: { ...duration, default: "1s", description: "Bind to running (image pull, container start)." },
        podStartJitter: {
          ...duration,
          default: "0s",
          description: "KWOK's jitterDuration: when above podStartLatency, each pod's bind-to-running delay is drawn uniformly between podStartLatency and this (seeded, so reruns are identical).",
        },
        bindLatency: { ...duration, default: 0 },
        scheduleCycle: { ...duration, default: 0, description: "Virtual time one scheduling cycle takes." },
        watchDelay: { ...duration, default: 0, description: "Delay of watch events from the store to the scheduler." },
        deleteFinishedPods: { type: "boolean", default: true },
        reuseFilterFailures: {
          type: "boolean",
          default: true,
          description: "Reuse an equal pod's all-nodes Filter failure while the cluster is unchanged (identical results, much faster in overload); false re-scans every attempt.",
        },
        proxy: { type: "string", description: "Service networking: every node runs kube-proxy with this proxy plugin (iptables, nftables, ipvs, maglev), with pod addresses and the EndpointSlice controller." },
        proxyMinSyncPeriod: { ...duration, default: "1s", description: "kube-proxy's minSyncPeriod." },
        proxySyncPeriod: { ...duration, default: "30s", description: "kube-proxy's syncPeriod." },
      }),
      traffic: obj(
        "Requests to every Service during the run, routed by the client's node's kube-proxy (needs model.proxy).",
        {
          ratePerService: { type: "number", exclusiveMinimum: 0, description: "New connections per second to each Service." },
          clients: { type: "object", additionalProperties: { type: "string" }, description: "Label selector of the client pods (default: every running pod)." },
          requestsPerConnection: { type: "integer", minimum: 1, default: 1, description: "Requests a client sends over one connection; later ones skip the rules (conntrack) and stay on its endpoint." },
        },
        { required: ["ratePerService"] },
      ),
      network: obj(
        "Pod networking through CNI: the node IPAM controller gives nodes podCIDRs and every node's runtime runs the network list before a pod starts (pods.csv start times include it; summary.json gets a network block, and pod-network.csv the addresses in use and the pods waiting for them).",
        {
          cni: { type: "string", description: "The network configuration: a .conflist (or single-plugin .conf) as found in /etc/cni/net.d; its plugins must be simulated ones (clusterlab cni exec --help lists them)." },
          clusterCIDR: { type: "string", default: "10.128.0.0/9", description: "kube-controller-manager's --cluster-cidr." },
          nodeCIDRMaskSize: { type: "integer", minimum: 1, maximum: 30, default: 24, description: "kube-controller-manager's --node-cidr-mask-size." },
          retryInterval: { ...duration, default: "10s", description: "The kubelet's wait before retrying a pod whose sandbox network failed." },
          plugins: { type: "object", additionalProperties: { type: "object" }, description: "Options of the plugins' node agents: flannel's net-conf.json ({Network, Backend: {Type}}); calico-ipam's {pools: [{cidr, blockSize, ipipMode, vxlanMode}], strictAffinity}." },
          latency: {
            type: "object",
            additionalProperties: { type: "object", properties: { add: duration, del: duration }, additionalProperties: false },
            description: "ADD/DEL time per plugin, overriding the defaults measured with the reference binaries.",
          },
        },
        { required: ["cni"] },
      ),
      matrix: {
        type: "object",
        minProperties: 1,
        description:
          "Parameters to cross: each variant becomes one variant per combination, named <variant>+<key>=<value>+… (key: the last segment of the parameter).",
        propertyNames: { pattern: paramKey },
        additionalProperties: { type: "array", minItems: 1 },
      },
      baseline: { type: "string", description: "The variant the others are compared with (after matrix expansion)." },
      metrics: obj("Recording.", {
        sampleInterval: { anyOf: [{ const: "auto" }, duration], description: "Time-series interval (auto: about 1,000 samples)." },
      }),
      until: { ...duration, description: "Stop the simulation at this virtual time." },
      report: REPORT_OPTIONS_SCHEMA,
      timeline: {
        type: "array",
        minItems: 1,
        description:
          "Scenario only: what happens and when, in kubectl's words. Each entry has `at` (a duration from the start), an optional `namespace`, and one action: apply (a manifests file: Deployments, ReplicaSets, Pods, Services, Nodes …), delete/scale/setImage/rollback/pause/resume (TYPE/NAME, e.g. deployment/web; scale takes replicas, setImage image: {container: image}, rollback an optional toRevision), cordon/uncordon/drain (a node), failNode/recoverNode (a node's kubelet stops or comes back), load (deployment/NAME with cpu: the total CPU demand on its pods).",
        items: {
          type: "object",
          required: ["at"],
          properties: {
            at: duration,
            namespace: { type: "string" },
            apply: { type: "string" },
            delete: { type: "string" },
            scale: { type: "string" },
            replicas: { type: "integer", minimum: 0 },
            setImage: { type: "string" },
            image: { type: "object", additionalProperties: { type: "string" } },
            rollback: { type: "string" },
            toRevision: { type: "integer", minimum: 0 },
            pause: { type: "string" },
            resume: { type: "string" },
            load: { type: "string" },
            cpu: { description: "With load: the total CPU the deployment's ready pods serve, spread evenly over them (what the autoscaler's metrics read).", type: ["string", "number"] },
            cordon: { type: "string" },
            uncordon: { type: "string" },
            drain: { type: "string" },
            failNode: { type: "string" },
            recoverNode: { type: "string" },
          },
          additionalProperties: false,
        },
      },
      history: { type: "boolean", default: true, description: "Scenario only: keep every object write in objects.jsonl.gz (what clusterlab get reads)." },
      plugins: {
        type: "array",
        items: { type: "string", pattern: "\\.(m?js|m?ts)$" },
        description: "Plugin module files (.js, .mjs, .ts, .mts), relative to the experiment file; their plugins join the registry by name.",
      },
    },
    allOf: [
      { not: { required: ["workload", "workloads"] } },
      { anyOf: [{ required: ["workload"] }, { required: ["workloads"] }, { required: ["timeline"] }] },
      { not: { required: ["scheduler", "variants"] } },
      { not: { required: ["seed", "seeds"] } },
    ],
    definitions: {
      duration: {
        description: 'A duration: "1.5s", "200ms", "10us", "5m", "2h", "1d", "1m30s", or an integer of microseconds.',
        anyOf: [{ type: "string", pattern: "^(\\d+(\\.\\d+)?(us|µs|ms|s|m|h|d))+$" }, { type: "integer", minimum: 0 }],
      },
      quantity: { description: 'A Kubernetes quantity: "500m", "2", "128Gi".', type: ["string", "number"] },
      params: {
        type: "object",
        description: "Parameter settings: model.<field> (durations, deleteFinishedPods) or scheduler.<path into the KubeSchedulerConfiguration>, e.g. scheduler.percentageOfNodesToScore.",
        propertyNames: { pattern: paramKey },
      },
    },
  };
}

export function experimentSchemaJson(): string {
  return JSON.stringify(experimentSchema(), null, 2) + "\n";
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.stdout.write(experimentSchemaJson());
