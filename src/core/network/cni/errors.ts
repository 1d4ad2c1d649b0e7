/**
 * CNI's error object and its well-known codes (CNI spec 1.1 "Error"; containernetworking/cni pkg/types).
 * A plugin fails by throwing a CniError; any other exception reaches the caller as code 999, as the
 * reference library maps a plain Go error.
 */

export const CNI_ERR = {
  incompatibleVersion: 1,
  unsupportedField: 2,
  unknownContainer: 3,
  invalidEnvironmentVariables: 4,
  ioFailure: 5,
  decodingFailure: 6,
  invalidNetworkConfig: 7,
  tryAgainLater: 11,
  pluginNotAvailable: 50,
  limitedConnectivity: 51,
  internal: 999,
} as const;

export class CniError extends Error {
  constructor(
    readonly code: number,
    readonly msg: string,
    readonly details = "",
  ) {
    super(details ? `${msg}; ${details}` : msg);
    this.name = "CniError";
  }

  /** The spec's error object (details omitted when empty, as the reference library prints it). */
  toJSON(): { code: number; msg: string; details?: string } {
    return this.details ? { code: this.code, msg: this.msg, details: this.details } : { code: this.code, msg: this.msg };
  }
}

/** Any exception as a CniError: plain errors become code 999 with their message. */
export function asCniError(e: unknown): CniError {
  if (e instanceof CniError) return e;
  return new CniError(CNI_ERR.internal, e instanceof Error ? e.message : String(e));
}

/** A plugin's own failure (code 999, "internal"), as a Go plugin's `fmt.Errorf` reaches the runtime. */
export function pluginError(msg: string): CniError {
  return new CniError(CNI_ERR.internal, msg);
}
