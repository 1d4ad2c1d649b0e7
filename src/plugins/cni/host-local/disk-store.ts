/**
 * host-local's on-disk state in the reference plugin's layout (backend/disk/backend.go, plugins v1.1.1 as
 * Debian ships it): `<dataDir>/<network>/<ip>` holding "<containerID>\r\n<ifname>" (created exclusively,
 * mode 0644), `last_reserved_ip.<rangeSetIndex>` holding the bare address, and the empty `lock` file
 * (mode 0750). The reference binary flocks `lock` around each call; Node has no flock(2), so calls of
 * ours and the reference binary on one directory must not overlap in time.
 */
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { parseIP } from "../../../core/network/ip.js";
import { ownerKey, type IpStore } from "./store.js";

export const DEFAULT_DATA_DIR = "/var/lib/cni/networks";
const LAST_RESERVED = "last_reserved_ip.";

export class DiskStore implements IpStore {
  readonly dir: string;

  constructor(network: string, dataDir: string) {
    this.dir = join(dataDir || DEFAULT_DATA_DIR, network);
    mkdirSync(this.dir, { recursive: true, mode: 0o755 });
    closeSync(openSync(join(this.dir, "lock"), "a", 0o750));
  }

  reserve(id: string, ifname: string, ip: string, rangeId: string): boolean {
    let fd: number;
    try {
      fd = openSync(join(this.dir, ip), "wx", 0o644);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
      throw e;
    }
    try {
      writeSync(fd, ownerKey(id, ifname));
    } finally {
      closeSync(fd);
    }
    writeFileSync(join(this.dir, LAST_RESERVED + rangeId), ip, { mode: 0o644 });
    return true;
  }

  lastReservedIP(rangeId: string): string | null {
    try {
      return readFileSync(join(this.dir, LAST_RESERVED + rangeId), "utf8");
    } catch {
      return null;
    }
  }

  /** Every file under the network's directory with its trimmed content, in lexical order (Go's filepath.Walk). */
  private *files(dir = this.dir): Iterable<{ path: string; name: string; content: string }> {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      try {
        if (statSync(path).isDirectory()) yield* this.files(path);
        else yield { path, name, content: readFileSync(path, "utf8").trim() };
      } catch {
        // A file removed meanwhile is skipped, as the reference walk skips unreadable entries.
      }
    }
  }

  findById(id: string, ifname: string): boolean {
    const key = ownerKey(id, ifname);
    const old = id.trim();
    const contents = [...this.files()].map((f) => f.content);
    return contents.includes(key) || contents.includes(old);
  }

  releaseById(id: string, ifname: string): void {
    if (!this.releaseMatching(ownerKey(id, ifname))) this.releaseMatching(id.trim());
  }

  private releaseMatching(key: string): boolean {
    let found = false;
    for (const f of this.files()) {
      if (f.content !== key) continue;
      rmSync(f.path, { force: true });
      found = true;
    }
    return found;
  }

  getById(id: string, ifname: string): string[] {
    const key = ownerKey(id, ifname);
    const old = id.trim();
    return [...this.files()].filter((f) => (f.content === key || f.content === old) && parseIP(f.name)).map((f) => f.name);
  }

  *reservations(): Iterable<{ ip: string; id: string; ifname: string }> {
    for (const f of this.files()) {
      if (!parseIP(f.name)) continue;
      const [id = "", ifname = ""] = f.content.split("\r\n");
      yield { ip: f.name, id, ifname };
    }
  }
}
