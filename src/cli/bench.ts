/** `clusterlab bench proxy [options]`: the service-proxy benchmark (bench/proxy/), written as a results folder. */
import { parseArgs } from "node:util";
import { InputError } from "../core/errors.js";
import { prepareResultsFolder } from "../core/util/results-folder.js";
import { runProxyBench, type ProxyBenchOptions } from "../bench/proxy/run.js";
import { writeProxyBench } from "../bench/proxy/write.js";
import { intOption } from "./driver-options.js";

export const BENCH_HELP = `Usage: clusterlab bench proxy [options]

Benchmarks the service-proxy data planes (iptables, nftables, IPVS, Maglev) on synthetic clusters of
Services with 1–10 endpoints: time to generate a full sync and a one-Service change, lines written, the
modelled kernel time to apply them, and the lookup rate for the first packet of a new connection; then
the load balance over 10 endpoints (every IPVS scheduler) and the connections moved when one endpoint
goes (Maglev vs IPVS sh). Writes CSV files, charts and report.html to --out.

Options:
  --services LIST      sizes to sweep (default 100,1000,5000,10000,50000)
  --quick              100,1000,5000 services, shorter timings, 100,000 connections
  --real-kernel        also load the iptables (nf_tables and legacy) and nft rules into the real kernel,
                       in a throwaway network namespace (needs root); no packet is sent
  --kernel-limit S     skip a real load the model expects to exceed S seconds (default 60)
  --connections N      connections per balance run (default 1000000)
  --lookup-ms N        tinybench time per lookup measurement (default 500)
  --seed N             seed of the synthetic clusters and of the random choices (default 1)
  --out DIR            results folder (default results/bench-proxy)
  -h, --help           show this help`;

export async function benchCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      services: { type: "string" }, quick: { type: "boolean" }, "real-kernel": { type: "boolean" }, "kernel-limit": { type: "string" },
      connections: { type: "string" }, "lookup-ms": { type: "string" }, seed: { type: "string" }, out: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(BENCH_HELP);
    return 0;
  }
  const [what, ...extra] = positionals;
  if (what !== "proxy") throw new InputError(`expected "proxy"${what ? `, got "${what}"` : ""} (see clusterlab bench --help)`);
  if (extra.length) throw new InputError(`unexpected argument "${extra[0]}"`);
  const quick = values.quick ?? false;
  const services = (values.services ?? (quick ? "100,1000,5000" : "100,1000,5000,10000,50000")).split(",").map((s) => intOption("bench", s.trim(), "--services", 1));
  const out = values.out ?? "results/bench-proxy";
  const opts: ProxyBenchOptions = {
    services,
    seed: values.seed === undefined ? 1 : intOption("bench", values.seed, "--seed", 0),
    lookupMs: values["lookup-ms"] === undefined ? (quick ? 150 : 500) : intOption("bench", values["lookup-ms"], "--lookup-ms", 10),
    connections: values.connections === undefined ? (quick ? 100_000 : 1_000_000) : intOption("bench", values.connections, "--connections", 1000),
    realKernel: values["real-kernel"] ?? false,
    kernelLimitSeconds: values["kernel-limit"] === undefined ? 60 : intOption("bench", values["kernel-limit"], "--kernel-limit", 1),
    maglevSweepTable: 251,
    progress: (line) => process.stderr.write(`bench proxy: ${line}\n`),
  };
  prepareResultsFolder(out, { label: `--out ${out}` });
  const started = Date.now();
  const results = await runProxyBench(opts);
  await writeProxyBench(out, results, opts, `clusterlab bench proxy ${argv.join(" ")}`.trim());
  process.stderr.write(`bench proxy: wrote ${out}/report.html in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return 0;
}
