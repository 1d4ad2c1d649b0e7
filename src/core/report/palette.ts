/**
 * Variant colours: the Okabe–Ito palette (colour-blind safe), assigned in the experiment's variant
 * order and passed to every chart as an explicit scale domain/range, so a variant has the same colour
 * in every chart of an experiment even when a chart shows only some variants.
 */

/** Okabe & Ito (2008), reordered so the first colours are the most distinct on white; yellow last. */
export const OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000", "#F0E442"] as const;

export interface ColorScale {
  domain: string[];
  range: string[];
}

/** Colour scale for these variants, in order; beyond 8 variants the palette repeats. */
export function variantColors(variants: readonly string[]): ColorScale {
  return { domain: [...variants], range: variants.map((_, i) => OKABE_ITO[i % OKABE_ITO.length]!) };
}
