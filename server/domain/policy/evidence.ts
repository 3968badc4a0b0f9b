import type { PolicyDocument } from "./schema";
import type { PolicyRequest } from "./types";

/**
 * What closure must show for this path. A read-back of the target always; an attestation where
 * the portal cannot read the target itself; the follow-ups an exception type demands.
 */
export function requiredEvidenceFor(request: PolicyRequest, doc: PolicyDocument): string[] {
  const evidence = ["verify-readback"];
  if (request.entitlement.system.connectorType === "MANUAL") evidence.push("attestation");
  const type = request.exceptionType;
  if (type) {
    const def = doc.exceptionTypes[type];
    if (type === "EMERGENCY" || def.followUpReviewWithinHours !== undefined) evidence.push("follow-up-review");
    if (type === "VENDOR") evidence.push("sponsor-confirmation");
    if (def.sessionLogging === "full") evidence.push("session-log");
  }
  return evidence;
}
