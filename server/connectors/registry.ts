import type { ConnectorType } from "@/server/db/generated/client";
import type { Connector } from "./types";

/** The built-in connectors, chosen by the System's connector type. */
const CONNECTORS: Partial<Record<ConnectorType, Connector>> = {};

export function connectorFor(type: ConnectorType): Connector | null {
  return CONNECTORS[type] ?? null;
}
