/** Vega-Lite charts of the proxy benchmark (log-log cost against services; modelled vs measured sync). */
import type { VlSpec } from "../../core/report/charts/common.js";
import type { ProxyBenchResults } from "./run.js";

const WIDTH = 360;
const HEIGHT = 240;
const logX = { field: "services", type: "quantitative", scale: { type: "log" }, title: "Services" } as const;

export function proxyCharts(r: ProxyBenchResults): { name: string; caption: string; spec: VlSpec }[] {
  const charts: { name: string; caption: string; spec: VlSpec }[] = [
    logLogByPlugin(
      "lookup-cost",
      "Time per first packet of a new connection, by data plane: iptables walks KUBE-SERVICES rule by rule, the others hash.",
      r.lookup,
      "nsPerLookup",
      "ns per lookup",
    ),
    logLogByPlugin(
      "rules-per-packet",
      "Work per first packet: rules evaluated (iptables, nftables) plus hash lookups.",
      r.lookup.map((x) => ({ ...x, work: x.rulesPerPacket + x.hashLookupsPerPacket })),
      "work",
      "rules + lookups per packet",
    ),
  ];
  const kernel = r.kernel.flatMap((k) => [
    ...(k.measuredSeconds !== null ? [{ tool: k.tool, services: k.services, kind: k.kind, source: "measured", seconds: k.measuredSeconds }] : []),
    ...(k.modelledSeconds !== null ? [{ tool: k.tool, services: k.services, kind: k.kind, source: "model", seconds: k.modelledSeconds }] : []),
  ]);
  const model = r.sync
    .filter((s) => s.modelledSeconds !== null)
    .map((s) => ({ tool: s.plugin === "iptables" ? "iptables-nft" : "nft", services: s.services, kind: s.kind, source: "model", seconds: s.modelledSeconds! }));
  const values = kernel.length ? kernel : model;
  if (values.length) {
    charts.push({
      name: "sync-model-vs-measured",
      caption: "Kernel time to apply a full sync and a one-Service change: the calibrated model (dashed) and, with --real-kernel, this machine's measurement.",
      spec: {
        $schema: "https://vega.github.io/schema/vega-lite/v5.json",
        data: { values },
        facet: { column: { field: "kind", type: "nominal", title: null } },
        spec: {
          width: WIDTH / 1.5,
          height: HEIGHT,
          encoding: {
            x: logX,
            y: { field: "seconds", type: "quantitative", scale: { type: "log" }, title: "seconds" },
            color: { field: "tool", type: "nominal", title: "Tool" },
          },
          layer: [
            { transform: [{ filter: "datum.source === 'measured'" }], mark: { type: "line", point: true } },
            { transform: [{ filter: "datum.source === 'model'" }], mark: { type: "line", strokeDash: [4, 3] } },
          ],
        },
      } as VlSpec,
    });
  }
  charts.push({
    name: "balance",
    caption: "Load balance over 10 endpoints after the benchmark's connections: the busiest endpoint's share over the mean (1 = even).",
    spec: {
      $schema: "https://vega.github.io/schema/vega-lite/v5.json",
      width: WIDTH,
      height: HEIGHT,
      data: { values: r.balance },
      mark: "bar",
      encoding: {
        y: { field: "plane", type: "nominal", sort: null, title: null },
        x: { field: "maxOverMean", type: "quantitative", scale: { zero: false }, title: "max / mean" },
      },
    } as VlSpec,
  });
  charts.push({
    name: "disruption",
    caption: "Connections sent elsewhere when one of N endpoints goes; the tick marks the floor 1/N + 1%.",
    spec: {
      $schema: "https://vega.github.io/schema/vega-lite/v5.json",
      data: { values: r.disruption.map((d) => ({ ...d, label: `${d.plane} (M=${d.tableSize})` })) },
      facet: { column: { field: "endpoints", type: "ordinal", title: "Endpoints" } },
      spec: {
        width: WIDTH / 1.5,
        height: HEIGHT / 1.5,
        layer: [
          { mark: "bar", encoding: { y: { field: "label", type: "nominal", title: null }, x: { field: "remapped", type: "quantitative", axis: { format: "%" }, title: "connections moved" } } },
          { mark: { type: "tick", color: "black" }, encoding: { y: { field: "label", type: "nominal" }, x: { field: "floor", type: "quantitative" } } },
        ],
      },
    } as VlSpec,
  });
  return charts;
}

function logLogByPlugin(name: string, caption: string, values: readonly object[], y: string, yTitle: string): { name: string; caption: string; spec: VlSpec } {
  return {
    name,
    caption,
    spec: {
      $schema: "https://vega.github.io/schema/vega-lite/v5.json",
      width: WIDTH,
      height: HEIGHT,
      data: { values },
      mark: { type: "line", point: true },
      encoding: {
        x: logX,
        y: { field: y, type: "quantitative", scale: { type: "log" }, title: yTitle },
        color: { field: "plugin", type: "nominal", title: "Data plane" },
      },
    },
  };
}
