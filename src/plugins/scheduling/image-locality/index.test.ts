/** Ports kube-scheduler v1.33 imagelocality/image_locality_test.go (TestImageLocalityPriority, TestNormalizedImageName). */
import { describe, expect, it } from "vitest";
import type { Node, Pod } from "../../../core/api/types.js";
import { normalizedImageName } from "../../../core/scheduler/node-info.js";
import { makeHandle, makeNode, makePod, makeSnapshot, scoreAll } from "../../../core/scheduler/testing.js";
import { ImageLocality, imageLocalityScore } from "./index.js";

const mb = 1024 * 1024;
type Images = { names: string[]; sizeBytes: number }[];
const img = (sizeMb: number, ...names: string[]) => ({ names, sizeBytes: sizeMb * mb });

const node403002000: Images = [img(40, "gcr.io/40:latest", "gcr.io/40:v1", "gcr.io/40:v1"), img(300, "gcr.io/300:latest", "gcr.io/300:v1"), img(2000, "gcr.io/2000:latest")];
const node25010: Images = [img(250, "gcr.io/250:latest"), img(10, "gcr.io/10:latest", "gcr.io/10:v1")];
const node60040900: Images = [img(600, "gcr.io/600:latest"), img(40, "gcr.io/40:latest"), img(900, "gcr.io/900:latest")];
const node300600900: Images = [img(300, "gcr.io/300:latest"), img(600, "gcr.io/600:latest"), img(900, "gcr.io/900:latest")];
const node400030: Images = [img(4000, "gcr.io/4000:latest"), img(30, "gcr.io/30:latest")];
const node203040: Images = [img(20, "gcr.io/20:latest"), img(30, "gcr.io/30:latest"), img(40, "gcr.io/40:latest")];
const nodeWithNoImages: Images = [];

const imageNode = (name: string, images: Images): Node => makeNode({ name, images });
const imagePod = (images: string[], initImages: string[] = []): Pod =>
  makePod({
    name: "p",
    containers: images.map((image, i) => ({ name: `c${i}`, image })),
    ...(initImages.length ? { initContainers: initImages.map((image, i) => ({ name: `i${i}`, image })) } : {}),
  });

function scores(pod: Pod, nodes: Node[]): Record<string, number> {
  const snapshot = makeSnapshot(nodes);
  const plugin = ImageLocality.create(ImageLocality.args(undefined, "args"), makeHandle(snapshot));
  return scoreAll(plugin, pod, snapshot);
}

describe("TestImageLocalityPriority", () => {
  it("two images spread on two nodes, prefer the larger image one", () => {
    // node2: 100·(250M/2 − 23M)/(1000M·2 − 23M) = 5; node1: 40M/2 < 23M → 0
    expect(scores(imagePod(["gcr.io/40", "gcr.io/250"]), [imageNode("node1", node403002000), imageNode("node2", node25010)])).toEqual({ node1: 0, node2: 5 });
  });

  it("two images on one node, prefer this node", () => {
    expect(scores(imagePod(["gcr.io/40", "gcr.io/300"]), [imageNode("node1", node403002000), imageNode("node2", node25010)])).toEqual({ node1: 7, node2: 0 });
  });

  it("if exceed limit, use limit", () => {
    expect(scores(imagePod(["gcr.io/10", "gcr.io/4000"]), [imageNode("node1", node400030), imageNode("node2", node25010)])).toEqual({ node1: 100, node2: 0 });
  });

  it("if exceed limit, use limit (with node which has no images present)", () => {
    const nodes = [imageNode("node1", node400030), imageNode("node2", node25010), imageNode("node3", nodeWithNoImages)];
    // node1: 100·(4000M/3 − 23M)/(2000M − 23M) = 66
    expect(scores(imagePod(["gcr.io/10", "gcr.io/4000"]), nodes)).toEqual({ node1: 66, node2: 0, node3: 0 });
  });

  it("pod with multiple large images, node2 is preferred", () => {
    const nodes = [imageNode("node1", node60040900), imageNode("node2", node300600900), imageNode("node3", nodeWithNoImages)];
    expect(scores(imagePod(["gcr.io/300", "gcr.io/600", "gcr.io/900"]), nodes)).toEqual({ node1: 32, node2: 36, node3: 0 });
  });

  it("pod with multiple small images", () => {
    expect(scores(imagePod(["gcr.io/30", "gcr.io/40"]), [imageNode("node1", node203040), imageNode("node2", node400030)])).toEqual({ node1: 1, node2: 0 });
  });

  it("include InitContainers: two images spread on two nodes, prefer the larger image one", () => {
    // The init container counts in the sum and in the max threshold: 100·(300M/2 − 23M)/(1000M·2 − 23M) = 6
    expect(scores(imagePod(["gcr.io/30"], ["gcr.io/300"]), [imageNode("node1", node403002000), imageNode("node2", node203040)])).toEqual({ node1: 6, node2: 0 });
  });
});

describe("hand-computed", () => {
  it("one image on two of three nodes: spread 2/3 damps it, the third node scores 0", () => {
    // sum = trunc(300 MiB · 2/3) = 200 MiB; 100·(200 − 23)/(1000 − 23) = 18.1 → 18
    const nodes = [imageNode("a", [img(300, "gcr.io/300:latest")]), imageNode("b", [img(300, "gcr.io/300:latest")]), imageNode("c", nodeWithNoImages)];
    expect(scores(imagePod(["gcr.io/300"]), nodes)).toEqual({ a: 18, b: 18, c: 0 });
  });

  it("an image on no node: every node scores the minimum", () => {
    expect(scores(imagePod(["gcr.io/nowhere"]), [imageNode("a", node25010), imageNode("b", nodeWithNoImages)])).toEqual({ a: 0, b: 0 });
  });
});

describe("calculatePriority", () => {
  it("clamps to [23MiB, 1000MiB × containers]", () => {
    expect(imageLocalityScore(0, 1)).toBe(0);
    expect(imageLocalityScore(5000 * mb, 2)).toBe(100);
    expect(imageLocalityScore(500 * mb, 1)).toBe(Math.floor((100 * 477 * mb) / (977 * mb)));
  });
});

describe("TestNormalizedImageName", () => {
  const digest = "sha256:" + "a".repeat(64);
  it.each([
    ["add :latest postfix 1", "root", "root:latest"],
    ["add :latest postfix 2", "gcr.io:5000/root", "gcr.io:5000/root:latest"],
    ["keep it as is 1", "root:tag", "root:tag"],
    ["keep it as is 2", `root@${digest}`, `root@${digest}`],
  ])("%s", (_name, input, output) => expect(normalizedImageName(input)).toBe(output));
});
