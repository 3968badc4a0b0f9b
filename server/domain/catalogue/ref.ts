import type { EntitlementRef } from "@/server/domain/policy/types";

/** "systemKey:entitlementKey": how policy documents, pickers and audit events name an entitlement. */
export function entitlementRef(e: { key: string; system: { key: string } }): EntitlementRef {
  return `${e.system.key}:${e.key}`;
}
