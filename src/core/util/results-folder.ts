/**
 * Where results go. A results folder is written under a temporary name beside its target and renamed
 * into place at the end, so an interrupted run never leaves a half-written folder under the final name.
 * clusterlab only ever replaces a folder it wrote itself (one holding its manifest.json) or an empty
 * one: anything else under the target is the user's and is refused before any simulation starts.
 */
import { lstatSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { basename, dirname, join, resolve, sep } from "node:path";
import { InputError } from "../errors.js";

/** The file that marks a folder as clusterlab's results (run, merge and fill all write one). */
export const MANIFEST_FILE = "manifest.json";

export interface ResultsFolderCheck {
  /** How the folder was named on the command line, for messages ("--out results/x"). */
  label?: string;
  /** Input files and folders of the run: none may lie inside the target, which will be replaced. */
  inputs?: readonly string[];
}

/** What every clusterlab manifest.json holds: the version that wrote it, and the kind of folder. */
export interface ResultsMarker {
  clusterlab: string;
  /** Absent for an experiment's folder (run, merge), whose manifest also lists its runs (experiment/manifest.ts). */
  kind?: "Fill" | "Run" | "Bench";
}

/** `dir`'s manifest.json if clusterlab wrote it (any version, any kind of run), else null. */
export function readResultsMarker(dir: string): ResultsMarker | null {
  try {
    const m = JSON.parse(readFileSync(join(dir, MANIFEST_FILE), "utf8")) as unknown;
    return typeof m === "object" && m !== null && typeof (m as { clusterlab?: unknown }).clusterlab === "string" ? (m as ResultsMarker) : null;
  } catch {
    return null;
  }
}

/** Whether `dir` holds a manifest.json written by clusterlab. */
export function isResultsFolder(dir: string): boolean {
  return readResultsMarker(dir) !== null;
}

/** manifest.json text for a folder that is not an experiment's (a fill, a single run written by the API). */
export function markerJson(kind: NonNullable<ResultsMarker["kind"]>, experiment: string, version: string): string {
  return JSON.stringify({ clusterlab: version, kind, experiment }, null, 2) + "\n";
}

/**
 * Checks, before any work, that results can be written to `target`: it is new, empty or an earlier
 * results folder; no input lies inside it; its parent folders exist or can be made and are writable.
 * Creates missing parent folders and removes temporary folders left by killed runs. One-line
 * InputError otherwise.
 */
export function prepareResultsFolder(target: string, check: ResultsFolderCheck = {}): void {
  const abs = resolve(target);
  const label = check.label ?? target;
  for (const input of check.inputs ?? []) {
    const inp = resolve(input);
    if (inp === abs || inp.startsWith(abs + sep)) {
      throw new InputError(`${label}: the results folder would replace ${input}, an input of this run; choose another output folder`);
    }
  }
  const st = statOrNull(abs);
  if (st && !st.isDirectory()) throw new InputError(`${label}: exists and is not a folder`);
  if (st && !isResultsFolder(abs)) {
    let entries: string[];
    try {
      entries = readdirSync(abs);
    } catch (e) {
      throw new InputError(`${label}: cannot read folder (${errCode(e)})`);
    }
    if (entries.length > 0) {
      throw new InputError(
        `${label}: folder exists and holds files clusterlab did not write (no ${MANIFEST_FILE}); refusing to replace it — choose a new or empty folder`,
      );
    }
  }
  const parent = dirname(abs);
  makeFolders(parent, label);
  // Writable? Make and remove a probe folder where the temporary folder will go.
  const probe = join(parent, `.${basename(abs)}.probe-${process.pid}`);
  try {
    mkdirSync(probe);
    rmdirSync(probe);
  } catch (e) {
    throw new InputError(`${label}: cannot write in ${parent} (${errCode(e)})`);
  }
  removeStaleTemporaries(parent, basename(abs));
}

/**
 * Runs `fill(tmp)` in a fresh temporary folder beside `target`, then renames it to `target`, replacing
 * an earlier results folder (checked again just before). On failure the temporary folder is removed and
 * `target` is left untouched.
 */
export async function writeAtomically(target: string, fill: (tmp: string) => Promise<void>, check: ResultsFolderCheck = {}): Promise<void> {
  const abs = resolve(target);
  prepareResultsFolder(abs, check);
  const parent = dirname(abs);
  const tmp = join(parent, `.${basename(abs)}.tmp-${process.pid}-${Date.now()}`);
  try {
    mkdirSync(tmp);
  } catch (e) {
    throw new InputError(`${check.label ?? target}: cannot create ${tmp} (${errCode(e)})`);
  }
  try {
    await fill(tmp);
    prepareResultsFolder(abs, check);
    const old = join(parent, `.${basename(abs)}.old-${process.pid}-${Date.now()}`);
    const replacing = statOrNull(abs) !== null;
    if (replacing) await rename(abs, old);
    await rename(tmp, abs);
    if (replacing) await rm(old, { recursive: true, force: true });
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
}

/** mkdir -p without Node's recursive mkdir, which spins forever on some paths (e.g. under /proc). */
function makeFolders(dir: string, label: string): void {
  const missing: string[] = [];
  let at = dir;
  for (;;) {
    const st = statOrNull(at);
    if (st) {
      if (!st.isDirectory()) throw new InputError(`${label}: ${at} is a file, not a folder`);
      break;
    }
    missing.push(at);
    const up = dirname(at);
    if (up === at) break;
    at = up;
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (e) {
      if (errCode(e) !== "EEXIST") throw new InputError(`${label}: cannot create folder ${d} (${errCode(e)})`);
    }
  }
}

/** `.NAME.tmp-PID-TIME` and `.NAME.old-PID-TIME` folders whose process is gone (killed runs). */
function removeStaleTemporaries(parent: string, name: string): void {
  const pattern = new RegExp(`^\\.${escapeRegExp(name)}\\.(?:tmp|old|probe)-(\\d+)(?:-\\d+)?$`);
  let entries: string[];
  try {
    entries = readdirSync(parent);
  } catch {
    return;
  }
  for (const e of entries) {
    const m = pattern.exec(e);
    if (!m || processAlive(Number(m[1]))) continue;
    try {
      rmSync(join(parent, e), { recursive: true, force: true });
    } catch {
      /* not ours to insist on */
    }
  }
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errCode(e) === "EPERM";
  }
}

function statOrNull(p: string) {
  try {
    return lstatSync(p);
  } catch (e) {
    if (errCode(e) === "ENOENT" || errCode(e) === "ENOTDIR") return null;
    throw new InputError(`${p}: cannot access (${errCode(e)})`);
  }
}

const errCode = (e: unknown): string => (e as NodeJS.ErrnoException)?.code ?? String(e);
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
