/**
 * A Node module-resolution hook (registered by load.ts): the bare specifier "clusterlab" in a
 * user's plugin file resolves to the clusterlab that is running, wherever the file lies, so a plugin
 * needs no install of its own and always shares the running version's API.
 */
interface ResolveContext {
  parentURL?: string;
}
type NextResolve = (specifier: string, context: ResolveContext) => Promise<{ url: string }>;

let clusterlabUrl = "";

export function initialize(data: { url: string }): void {
  clusterlabUrl = data.url;
}

export async function resolve(specifier: string, context: ResolveContext, next: NextResolve): Promise<{ url: string; shortCircuit?: boolean }> {
  if (specifier === "clusterlab" && clusterlabUrl) return { url: clusterlabUrl, shortCircuit: true };
  return next(specifier, context);
}
