/**
 * A variant's KubeSchedulerConfiguration as a YAML document that can be patched (overrides, matrix) and
 * still report errors at the right place: a file of its own, an inline object in the experiment file
 * (a whole configuration or just one profile), or the built-in default. Errors from
 * decodeSchedulerConfig and from plugin args are positioned through the source the node came from.
 */
import { readTextFileSync } from "../util/input-file.js";
import { Document, isMap, isScalar, isSeq, LineCounter, type Node as YamlNode, type YAMLSeq } from "yaml";
import { InputError } from "../errors.js";
import { decodeSchedulerConfig, type SchedulerConfig } from "../scheduler/config.js";
import { parseYaml, YamlSource, type FieldPath } from "../util/yaml-doc.js";

const API_VERSION = "kubescheduler.config.k8s.io/v1";
const KIND = "KubeSchedulerConfiguration";
/** Fields that mark an inline object as a whole KubeSchedulerConfiguration rather than one profile. */
const CONFIG_MARKERS = ["apiVersion", "kind", "profiles"];

/** A YamlSource whose document is derived from another source's; positions map back to the original. */
class MappedSource extends YamlSource {
  constructor(
    private readonly parent: YamlSource,
    doc: Document,
    private readonly map: (p: FieldPath) => FieldPath,
  ) {
    super(parent.file, [doc as Document.Parsed], new LineCounter());
  }
  override position(path: FieldPath, _doc = 0, at: "value" | "key" = "value"): { line: number; col: number } {
    return this.parent.position(this.map(path), 0, at);
  }
  override error(path: FieldPath, problem: string): InputError {
    return this.parent.error(this.map(path), problem);
  }
}

/** Where a variant's configuration comes from, before overrides. */
export class SchedulerSource {
  private constructor(
    readonly origin: YamlSource | null,
    private readonly doc: Document,
    private readonly map: (p: FieldPath) => FieldPath,
    /** The configuration file, if the configuration is a file of its own. */
    readonly file: string | null,
  ) {}

  /** kube-scheduler's defaults: an empty KubeSchedulerConfiguration. */
  static builtIn(): SchedulerSource {
    const doc = new Document({ apiVersion: API_VERSION, kind: KIND });
    return new SchedulerSource(null, doc, (p) => p, null);
  }

  /** A KubeSchedulerConfiguration file (read synchronously: decoding an experiment is synchronous). */
  static fromFile(file: string): SchedulerSource {
    const src = parseYaml(readTextFileSync(file), file);
    const d = src.docs[0];
    if (!d) throw new InputError(`${file}:1:1: empty file: expected a KubeSchedulerConfiguration`);
    return new SchedulerSource(src, d.clone(), (p) => p, file);
  }

  /** An object at `at` in `src`: a whole KubeSchedulerConfiguration, or one profile (wrapped into one). */
  static inline(src: YamlSource, at: FieldPath): SchedulerSource {
    const node = src.docs[0]!.getIn(at, true) as YamlNode;
    if (!isMap(node)) throw src.error(at, "expected a KubeSchedulerConfiguration or a profile object");
    const keys = node.items.map((p) => String(isScalar(p.key) ? p.key.value : p.key));
    const doc = new Document();
    if (keys.some((k) => CONFIG_MARKERS.includes(k))) {
      doc.contents = node.clone() as typeof doc.contents;
      return new SchedulerSource(src, doc, (p) => [...at, ...p], null);
    }
    // One profile: the configuration is {apiVersion, kind, profiles: [<it>]}.
    const wrapper = doc.createNode({ apiVersion: API_VERSION, kind: KIND, profiles: [] });
    (wrapper.get("profiles", true) as unknown as YAMLSeq).items.push(node.clone());
    doc.contents = wrapper as typeof doc.contents;
    return new SchedulerSource(src, doc, (p) => (p[0] === "profiles" && p[1] === 0 ? [...at, ...p.slice(2)] : [...at]), null);
  }

  /** A patched copy of the configuration document: each entry sets the value at a path (see setPath). */
  patched(patches: readonly { path: FieldPath; value: unknown }[]): Document {
    const doc = this.doc.clone();
    for (const p of patches) setPath(doc, p.path, p.value);
    return doc;
  }

  /** Decodes the (patched) configuration; errors point into the original source. */
  decode(doc: Document = this.doc): SchedulerConfig {
    if (!this.origin) return decodeSchedulerConfig(new MappedSource(parseYaml(doc.toString(), "<built-in configuration>"), doc, (p) => p));
    return decodeSchedulerConfig(new MappedSource(this.origin, doc, this.map));
  }
}

/**
 * Sets `value` at `path` in `doc`, creating missing maps on the way. List elements must already exist
 * (a path cannot invent a profile); throws a plain Error with the problem otherwise.
 */
export function setPath(doc: Document, path: FieldPath, value: unknown): void {
  if (path.length === 0) throw new Error("empty path");
  let cur: unknown = doc.contents;
  for (let i = 0; i < path.length; i++) {
    const key = path[i]!;
    const last = i === path.length - 1;
    const here = path.slice(0, i).join(".") || "the configuration";
    if (typeof key === "number") {
      if (!isSeq(cur)) throw new Error(`${here} is not a list`);
      if (key >= cur.items.length) throw new Error(`${here} has no element [${key}] (it has ${cur.items.length})`);
      if (last) cur.items[key] = doc.createNode(value);
      else cur = cur.items[key];
    } else {
      if (!isMap(cur)) throw new Error(`${here} is not an object`);
      if (last) cur.set(key, doc.createNode(value));
      else {
        let next = cur.get(key, true) as unknown;
        if (next === undefined || next === null || (typeof next === "object" && "value" in next && (next as { value: unknown }).value === null)) {
          if (typeof path[i + 1] === "number") throw new Error(`${[...path.slice(0, i + 1)].join(".")} is not a list`);
          next = doc.createNode({});
          cur.set(key, next);
        }
        cur = next;
      }
    }
  }
}
