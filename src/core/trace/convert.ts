/**
 * Converts a trace file of any registered format to the native clusterlab-csv/v1 format, streaming
 * (rows are read and written one at a time, except what a format buffers to pair events). The output
 * is written to a temporary file beside the target and renamed over it once complete, so a failed
 * conversion never leaves a truncated file behind.
 */
import { randomBytes } from "node:crypto";
import { accessSync, constants, statSync } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { InputError } from "../errors.js";
import type { FormatOptions, TraceFormatName } from "./formats.js";
import { writeNodes, writePods } from "./native.js";
import { detectTrace, readNodes, readPods } from "./reader.js";
import { newReadStats, type TraceKind, type TraceReadStats } from "./types.js";

export interface ConvertOptions {
  /** Input format (default "auto"; headerless formats must be named). */
  format?: TraceFormatName;
  /** nodes or pods: asserted if given; the kind is always detected from the header (or the first row's width, for headerless formats). */
  kind?: TraceKind;
  formatOptions?: FormatOptions;
  /** Skip bad input rows (counted in the result) instead of stopping at the first. */
  skipBadRows?: boolean;
  /** Replace an existing output file (default: refuse). */
  replace?: boolean;
}

export interface ConvertResult {
  kind: TraceKind;
  /** Input format actually read. */
  format: string;
  /** Rows written. */
  rows: number;
  badRows: number;
  /** First messages of skipped rows. */
  errors: string[];
}

export async function convertTrace(input: string, output: string, opts: ConvertOptions = {}): Promise<ConvertResult> {
  if (resolve(input) === resolve(output)) throw new InputError(`convert: the output ${output} is the input file`);
  checkOutputFile(output, opts.replace ?? false);
  const detected = await detectTrace(input, opts.format ?? "auto");
  const { format, kind } = detected;
  if (opts.kind && opts.kind !== kind) {
    throw new InputError(`convert: ${input} is a ${kind} file of format ${format}, not a ${opts.kind} file`);
  }
  const stats: TraceReadStats = newReadStats();
  const read = { skipBadRows: opts.skipBadRows ?? false, stats, formatOptions: opts.formatOptions ?? {} };
  const comments = [`converted from: ${basename(input)} (format ${format})`];
  const optionText = Object.entries(opts.formatOptions ?? {}).map(([k, v]) => `${k}=${v}`);
  if (optionText.length > 0) comments.push(`format options: ${optionText.join(" ")}`);
  const tmp = join(dirname(output), `.${basename(output)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    const rows =
      kind === "nodes"
        ? await writeNodes(tmp, readNodes(input, format, read), { comments })
        : await writePods(tmp, readPods(input, format, read), { comments });
    await rename(tmp, output);
    return { kind, format: stats.format, rows, badRows: stats.badRows, errors: stats.errors };
  } catch (e) {
    await rm(tmp, { force: true });
    if (e instanceof Error && "syscall" in e && !(e.name === "TraceError")) {
      throw new InputError(`convert: cannot write ${output}: ${e.message}`);
    }
    throw e;
  }
}

/** The output may be replaced only when asked; it must be a file whose folder exists and is writable. */
function checkOutputFile(output: string, replace: boolean): void {
  let st;
  try {
    st = statSync(output);
  } catch {
    st = null;
  }
  if (st?.isDirectory()) throw new InputError(`convert: --out ${output} is a folder; name the output file`);
  if (st && !replace) throw new InputError(`convert: --out ${output} exists; add --force to replace it`);
  const dir = dirname(resolve(output));
  try {
    accessSync(dir, constants.W_OK);
    if (!statSync(dir).isDirectory()) throw new Error("ENOTDIR");
  } catch (e) {
    throw new InputError(`convert: cannot write ${output}: folder ${dir} ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "does not exist" : "is not writable"}`);
  }
}
