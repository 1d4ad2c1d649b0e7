#!/usr/bin/env node
/** clusterlab's command line: dispatches to one file per command; prints input errors as one line (exit 2). */
import "reflect-metadata";
import { basename } from "node:path";
import { isInputError, oneLine } from "../core/errors.js";
import { VERSION } from "../core/version.js";

const HELP = `clusterlab ${VERSION} — trace-driven research on Kubernetes-style scheduling

Usage: clusterlab <command> [options]

Commands:
  run <experiment.yaml>   run an experiment (variants × workloads × seeds) and write results
  scenario <scenario.yaml>
                          play a timeline (apply, scale, roll out, fail a node …) into a cluster
                          with its controllers; results as run, plus events and object history
  get <resource> <results-dir>
                          kubectl-like tables of a scenario's objects at any time (--at)
  merge <out> <dirs...>   combine the shard folders of run --shard into one results folder
  chart <results-dir>     re-render statistics, charts and report.html of a results folder
  fill <fill.yaml>        the FGD paper's fill experiment (GPU allocation vs arrived workload)
  explain                 show every plugin's verdict and score for one pod on a cluster
  trace info <file>       describe a trace file
  trace convert <in> --out <file.csv>
                          convert any supported trace to clusterlab's native CSV
  trace formats           list the trace formats and their options
  plugins                 list the scheduling plugins and their extension points
  bench proxy             benchmark the service-proxy data planes (CSV, charts, report.html)
  proxy rules --mode M -f <manifests.yaml>
                          a node's service-proxy rules (iptables-restore input) for Services
                          and EndpointSlices
  cni exec                one of the simulated CNI plugins as a CNI plugin executable (CNI_* variables,
                          configuration on stdin; host-local keeps the reference on-disk state)

Options:
  -h, --help              show help (also after any command)
  -v, --version           print the version

  --debug                 print the stack trace of an internal error

Exit codes: 0 success, 2 bad input or usage, 1 internal error (one line: a plugin's exception names
the plugin and the hook, e.g. "plugin FGD, Score: …").`;

type Command = (argv: string[]) => Promise<number>;

/** Each command's module is loaded only when it runs: a CNI call or `--help` does not pay for the simulator. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  run: async () => (await import("./run.js")).runCommand,
  scenario: async () => (await import("./scenario.js")).scenarioCommand,
  get: async () => (await import("./get.js")).getCommand,
  merge: async () => (await import("./merge.js")).mergeCommand,
  chart: async () => (await import("./chart.js")).chartCommand,
  explain: async () => (await import("./explain.js")).explainCommand,
  fill: async () => (await import("./fill.js")).fillCommand,
  trace: async () => (await import("./trace.js")).traceCommand,
  plugins: async () => (await import("./plugins.js")).pluginsCommand,
  proxy: async () => (await import("./proxy.js")).proxyCommand,
  bench: async () => (await import("./bench.js")).benchCommand,
  cni: async () => (await import("./cni.js")).cniCommand,
};

/** --debug (anywhere) or CLUSTERLAB_DEBUG=1: print the stack trace of an internal error. */
const DEBUG_FLAG = "--debug";

export async function main(args: string[]): Promise<number> {
  const debug = args.includes(DEBUG_FLAG) || !!process.env.CLUSTERLAB_DEBUG;
  const argv = args.filter((a) => a !== DEBUG_FLAG);
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === "--help" || cmd === "-h" || cmd === "help") {
    console.log(HELP);
    return cmd ? 0 : 2;
  }
  if (cmd === "--version" || cmd === "-v") {
    console.log(VERSION);
    return 0;
  }
  const load = COMMANDS[cmd];
  if (!load) {
    console.error(`clusterlab: unknown command "${cmd}" (commands: ${Object.keys(COMMANDS).join(", ")})`);
    return 2;
  }
  try {
    return await (await load())(rest);
  } catch (e) {
    if (isInputError(e) || (e as NodeJS.ErrnoException)?.code?.startsWith?.("ERR_PARSE_ARGS")) {
      // Messages raised inside a command may already start with its name ("run: …"): print it once.
      const msg = oneLine(e);
      console.error(`clusterlab ${cmd}: ${msg.startsWith(`${cmd}: `) ? msg.slice(cmd.length + 2) : msg}`);
      return 2;
    }
    // Not the input's fault: one line (a plugin's exception names the plugin and hook), exit 1.
    const msg = oneLine(e);
    console.error(`clusterlab ${cmd}: ${msg.startsWith("plugin ") ? "" : "internal error: "}${msg}`);
    if (debug) {
      console.error((e as Error)?.stack ?? String(e));
      const cause = (e as Error)?.cause;
      if (cause instanceof Error) console.error(`caused by: ${cause.stack ?? cause.message}`);
    }
    return 1;
  }
}

// Invoked through a symlink named after a CNI plugin (/opt/cni/bin/host-local → clusterlab): be that plugin.
const program = basename(process.argv[1] ?? "");
const cni = program !== "main.js" && program !== "clusterlab" ? await import("./cni.js") : null;
const plugin = cni?.pluginFromProgramName(program);
(cni && plugin ? cni.cniCommand(["exec", "--plugin", plugin]) : main(process.argv.slice(2))).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    console.error(e);
    process.exitCode = 1;
  },
);
