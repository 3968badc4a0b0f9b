import { keyPrefixFrom } from "@/server/domain/credentials/api-key-format";
import { ConnectorError } from "../types";

export const DEFAULT_OVERLAP_MINUTES = 60;
/** A week: longer overlaps defeat the point of rotating. */
export const MAX_OVERLAP_MINUTES = 7 * 24 * 60;

export interface ApiKeyConfig {
  keyPrefix: string;
  overlapMinutes: number;
}

/** Reads the System's connectorConfig; a malformed overlap is a configuration error, not retried. */
export function apiKeyConfig(config: Record<string, unknown>): ApiKeyConfig {
  const overlap = config.overlapMinutes ?? DEFAULT_OVERLAP_MINUTES;
  if (typeof overlap !== "number" || !Number.isInteger(overlap) || overlap < 0 || overlap > MAX_OVERLAP_MINUTES) {
    throw new ConnectorError(`connectorConfig.overlapMinutes must be a whole number of minutes from 0 to ${MAX_OVERLAP_MINUTES}`, false);
  }
  return { keyPrefix: keyPrefixFrom(config), overlapMinutes: overlap };
}
