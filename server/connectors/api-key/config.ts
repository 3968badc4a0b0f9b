import { keyPrefixFrom } from "@/server/domain/credentials/api-key-format";
import { rotationOverlapMinutes } from "../overlap";

export interface ApiKeyConfig {
  keyPrefix: string;
  overlapMinutes: number;
}

/** Reads the System's connectorConfig; a malformed value is a configuration error, not retried. */
export function apiKeyConfig(config: Record<string, unknown>): ApiKeyConfig {
  return { keyPrefix: keyPrefixFrom(config), overlapMinutes: rotationOverlapMinutes(config) };
}
