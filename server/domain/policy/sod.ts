import type { PolicyDocument } from "./schema";
import type { PolicyContext, PolicyRequest, SodConflict } from "./types";

/** Kinds that add access; removing or rotating access can never complete a toxic combination. */
const ADDS_ACCESS = new Set(["GRANT", "MODIFY", "EXCEPTION"]);

/** Every toxic pair of which the subject holds one side while asking for the other. */
export function findSodConflicts(request: PolicyRequest, context: PolicyContext, doc: PolicyDocument): SodConflict[] {
  if (!ADDS_ACCESS.has(request.kind)) return [];
  const held = new Set(context.subjectHolds);
  const requested = request.entitlement.ref;
  const conflicts: SodConflict[] = [];
  for (const pair of doc.separationOfDuties.toxicPairs) {
    const [a, b] = pair.entitlements;
    const other = requested === a ? b : requested === b ? a : null;
    if (other !== null && other !== requested && held.has(other)) {
      conflicts.push({ ruleId: pair.id, description: pair.description, held: other, requested });
    }
  }
  return conflicts;
}
