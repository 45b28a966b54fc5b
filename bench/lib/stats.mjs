/** The p-th percentile (0–100) of numbers, by linear interpolation between the closest ranks. */
export function percentile(values, p) {
  const sorted = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
}

export const median = (values) => percentile(values, 50);

export const sum = (values) => values.reduce((total, value) => total + value, 0);

/** Rounds for a table or JSON: `digits` decimals, null stays null. */
export function round(value, digits = 1) {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** `value / reference` (how many times Signet's figure a peer's is, or a route's the floor's). */
export function ratio(value, reference) {
  if (value === null || reference === null || reference === 0) return null;
  if (value === 0 && reference === 0) return 1;
  return value / reference;
}
