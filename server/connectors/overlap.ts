import { ConnectorError } from "./types";

export const DEFAULT_OVERLAP_MINUTES = 60;
/** A week: longer overlaps defeat the point of rotating. */
export const MAX_OVERLAP_MINUTES = 7 * 24 * 60;

/**
 * connectorConfig `overlapMinutes`: how long the previous version of a rotated credential keeps
 * working, so its users can switch. A malformed value is a configuration error, not retried.
 */
export function rotationOverlapMinutes(config: Record<string, unknown>): number {
  const overlap = config.overlapMinutes ?? DEFAULT_OVERLAP_MINUTES;
  if (typeof overlap !== "number" || !Number.isInteger(overlap) || overlap < 0 || overlap > MAX_OVERLAP_MINUTES) {
    throw new ConnectorError(`connectorConfig.overlapMinutes must be a whole number of minutes from 0 to ${MAX_OVERLAP_MINUTES}`, false);
  }
  return overlap;
}
