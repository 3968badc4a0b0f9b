import type { ControlId } from "./catalogue";

/** A piece of evidence, described by what it is rather than by the row it came from. */
export type EvidenceItem =
  /** A ticket and the policy decision pinned to it. */
  | { type: "ticket"; kind: string; exceptionType: string | null; subject: SubjectFacts }
  /** One approver's decision on a stage. */
  | { type: "approval"; outcome: string; subject: SubjectFacts }
  /** What a connector read back (or a fulfiller attested) when access was created, changed, rotated, removed or withdrawn. */
  | { type: "closure"; kind: string; grantType: string | null; subject: SubjectFacts }
  /** A published policy version. */
  | { type: "policy" }
  /** A non-human identity registered with its owners. */
  | { type: "identity"; subject: SubjectFacts };

export interface SubjectFacts {
  kind: "HUMAN" | "NHI";
  nhiType: string | null;
}

/** Third parties act through OAuth apps and vendor sessions: NHI-03 is about exactly those. */
function thirdParty(subject: SubjectFacts, exceptionType: string | null = null): boolean {
  return (subject.kind === "NHI" && subject.nhiType === "OAUTH_APP") || exceptionType === "VENDOR";
}

/**
 * The controls a piece of evidence supports. The mapping is deliberate and small: a decision by
 * a published, risk-scored policy is risk management (GV.RM-01) and access control (A.5.15); a
 * request decided before access is registration and authorization (CC6.2); approvals, changes and
 * removals are access rights managed by responsibility with segregation of duties (CC6.3, A.5.18);
 * every grant read back from its target is logical access security (CC6.1); secrets and
 * certificates are authentication information (A.5.17, SP 800-63); NHIs registered with owners are
 * identity management (A.5.16); OAuth apps and vendor sessions are third-party NHIs (NHI-03).
 */
export function controlsFor(item: EvidenceItem): ControlId[] {
  const out = new Set<ControlId>();
  switch (item.type) {
    case "policy":
      out.add("NIST-CSF-2.0:GV.RM-01").add("ISO27001:A.5.15");
      break;
    case "ticket":
      out.add("NIST-CSF-2.0:GV.RM-01").add("ISO27001:A.5.15").add("ISO27001:A.5.18");
      if (item.kind === "GRANT" || item.kind === "EXCEPTION") out.add("SOC2:CC6.2");
      if (item.kind === "MODIFY" || item.kind === "REVOKE" || item.kind === "REVIEW") out.add("SOC2:CC6.3");
      if (item.kind === "ROTATE") out.add("ISO27001:A.5.17").add("NIST-SP-800-63");
      if (thirdParty(item.subject, item.exceptionType)) out.add("OWASP-NHI:NHI-03");
      break;
    case "approval":
      out.add("SOC2:CC6.2").add("SOC2:CC6.3").add("ISO27001:A.5.18");
      if (thirdParty(item.subject)) out.add("OWASP-NHI:NHI-03");
      break;
    case "closure":
      out.add("SOC2:CC6.1").add("ISO27001:A.5.18");
      if (item.kind === "REVOKED" || item.kind === "MODIFIED" || item.kind === "CANCELLED") out.add("SOC2:CC6.2").add("SOC2:CC6.3");
      if (item.grantType === "SECRET" || item.grantType === "CERTIFICATE" || item.kind === "ROTATED") out.add("ISO27001:A.5.17").add("NIST-SP-800-63");
      if (thirdParty(item.subject)) out.add("OWASP-NHI:NHI-03");
      break;
    case "identity":
      out.add("ISO27001:A.5.16");
      if (thirdParty(item.subject)) out.add("OWASP-NHI:NHI-03");
      break;
  }
  return [...out].sort();
}
