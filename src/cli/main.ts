#!/usr/bin/env node
/** clusterlab's command line: dispatches to one file per command; prints input errors as one line (exit 2). */
import "reflect-metadata";
import { isInputError, oneLine } from "../core/errors.js";
import { VERSION } from "../core/version.js";
import { benchCommand } from "./bench.js";
import { chartCommand } from "./chart.js";
import { explainCommand } from "./explain.js";
import { fillCommand } from "./fill.js";
import { mergeCommand } from "./merge.js";
import { pluginsCommand } from "./plugins.js";
import { proxyCommand } from "./proxy.js";
import { runCommand } from "./run.js";
import { traceCommand } from "./trace.js";

const HELP = `clusterlab ${VERSION} — trace-driven research on Kubernetes-style scheduling

Usage: clusterlab <command> [options]

Commands:
  run <experiment.yaml>   run an experiment (variants × workloads × seeds) and write results
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

Options:
  -h, --help              show help (also after any command)
  -v, --version           print the version

  --debug                 print the stack trace of an internal error

Exit codes: 0 success, 2 bad input or usage, 1 internal error (one line: a plugin's exception names
the plugin and the hook, e.g. "plugin FGD, Score: …").`;

const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  run: runCommand,
  merge: mergeCommand,
  chart: chartCommand,
  explain: explainCommand,
  fill: fillCommand,
  trace: traceCommand,
  plugins: pluginsCommand,
  proxy: proxyCommand,
  bench: benchCommand,
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
  const run = COMMANDS[cmd];
  if (!run) {
    console.error(`clusterlab: unknown command "${cmd}" (commands: ${Object.keys(COMMANDS).join(", ")})`);
    return 2;
  }
  try {
    return await run(rest);
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

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    console.error(e);
    process.exitCode = 1;
  },
);
