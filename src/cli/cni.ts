/**
 * `clusterlab cni exec`: clusterlab's simulated CNI plugins as a CNI plugin executable. The command and
 * call come from CNI_* variables and the network configuration from stdin, as a container runtime runs a
 * plugin; the plugin is the one named by --plugin, else by the name this program was invoked as (a
 * symlink such as /opt/cni/bin/host-local), else by the configuration's `type`. State lives on disk in
 * the reference plugins' layouts (host-local: under ipam.dataDir, default /var/lib/cni/networks).
 */
import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import { basename } from "node:path";
import { parseArgs } from "node:util";
import { InputError } from "../core/errors.js";
import { asCniError } from "../core/network/cni/errors.js";
import { goIndentJSON } from "../core/network/cni/go-json.js";
import { PluginHost } from "../core/network/cni/host.js";
import { decodeConfig, execPlugin, type ExecOutcome } from "../core/network/cni/skel.js";
import { VERSION } from "../core/version.js";
import { inTreeCniRegistry } from "../plugins/cni/index.js";

export const CNI_HELP = `Usage: clusterlab cni exec [--plugin NAME]

Runs one of clusterlab's simulated CNI plugins as a CNI plugin executable (CNI spec 1.1): reads
CNI_COMMAND (ADD, DEL, CHECK, GC, STATUS, VERSION), CNI_CONTAINERID, CNI_NETNS, CNI_IFNAME, CNI_ARGS and
CNI_PATH from the environment and the network configuration from stdin, writes the Result or the spec's
error object to stdout, and exits 0 on success, 1 on a CNI error.

The plugin is --plugin NAME, else the name this program runs as (a symlink named after a plugin), else
the configuration's "type". Plugins: ${inTreeCniRegistry().names().join(", ")}.
host-local keeps the reference plugin's on-disk state (one file per address, last_reserved_ip.N, lock)
under ipam.dataDir (default /var/lib/cni/networks/<network>), so it can share a directory with the
reference binary (one call at a time: the lock file is created but not flocked).

Options:
  --plugin NAME   the plugin to run
  -h, --help      show this help`;

/** The plugin's result of one CNI call on this process's environment and `stdin`. */
export function cniExec(pluginName: string | undefined, env: NodeJS.ProcessEnv, readStdin: () => string): ExecOutcome {
  const host = new PluginHost(inTreeCniRegistry(), true, hostname());
  const command = env.CNI_COMMAND ?? "";
  let name = pluginName;
  let stdin = "";
  if (command !== "VERSION" && command !== "") stdin = readStdin();
  if (!name) {
    if (command === "VERSION" || command === "") name = host.plugins.names()[0]!;
    else {
      try {
        const type = decodeConfig(stdin).type;
        name = typeof type === "string" ? type : "";
      } catch (e) {
        return { stdout: goIndentJSON(asCniError(e).toJSON()), stderr: "", exitCode: 1 };
      }
    }
  }
  try {
    const plugin = host.plugin(name);
    return execPlugin(plugin, host.instance(name), env, stdin, `CNI ${name} plugin (clusterlab ${VERSION}, simulated)`);
  } catch (e) {
    return { stdout: goIndentJSON(asCniError(e).toJSON()), stderr: "", exitCode: 1 };
  }
}

/** The plugin a program invoked as `argv1` stands for, when its file name is a plugin's name. */
export function pluginFromProgramName(argv1: string | undefined): string | undefined {
  const name = argv1 ? basename(argv1) : "";
  return inTreeCniRegistry().has(name) ? name : undefined;
}

export async function cniCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { plugin: { type: "string" }, help: { type: "boolean", short: "h" } } });
  if (values.help) {
    console.log(CNI_HELP);
    return 0;
  }
  const [sub, ...extra] = positionals;
  if (sub !== "exec") throw new InputError(`expected the subcommand "exec"${sub ? `, got "${sub}"` : ""} (see clusterlab cni --help)`);
  if (extra.length) throw new InputError(`unexpected argument "${extra[0]}"`);
  if (values.plugin !== undefined && !inTreeCniRegistry().has(values.plugin)) {
    throw new InputError(`--plugin: unknown CNI plugin "${values.plugin}" (known: ${inTreeCniRegistry().names().join(", ")})`);
  }
  const out = cniExec(values.plugin, process.env, () => readFileSync(0, "utf8"));
  if (out.stdout) process.stdout.write(out.stdout);
  if (out.stderr) process.stderr.write(out.stderr);
  return out.exitCode;
}
