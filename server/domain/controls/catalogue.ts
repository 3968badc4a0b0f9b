/** The controls the portal's evidence supports, as auditors name them. */
export const CONTROLS = [
  { id: "NIST-CSF-2.0:GV.RM-01", framework: "NIST CSF 2.0", ref: "GV.RM-01", title: "Risk management objectives are established and agreed to by organizational stakeholders" },
  { id: "OWASP-NHI:NHI-03", framework: "OWASP Non-Human Identities Top 10 (2025)", ref: "NHI-03", title: "Vulnerable third-party non-human identities" },
  { id: "NIST-SP-800-63", framework: "NIST SP 800-63", ref: "800-63", title: "Digital identity guidelines: authenticator lifecycle and federation" },
  { id: "SOC2:CC6.1", framework: "SOC 2", ref: "CC6.1", title: "Logical access security over protected information assets" },
  { id: "SOC2:CC6.2", framework: "SOC 2", ref: "CC6.2", title: "Registration and authorization of users before credentials are issued, and removal when no longer authorized" },
  { id: "SOC2:CC6.3", framework: "SOC 2", ref: "CC6.3", title: "Access authorized, modified or removed by role and responsibility, with segregation of duties" },
  { id: "ISO27001:A.5.15", framework: "ISO/IEC 27001:2022", ref: "A.5.15", title: "Access control" },
  { id: "ISO27001:A.5.16", framework: "ISO/IEC 27001:2022", ref: "A.5.16", title: "Identity management" },
  { id: "ISO27001:A.5.17", framework: "ISO/IEC 27001:2022", ref: "A.5.17", title: "Authentication information" },
  { id: "ISO27001:A.5.18", framework: "ISO/IEC 27001:2022", ref: "A.5.18", title: "Access rights" },
] as const;

export type ControlId = (typeof CONTROLS)[number]["id"];

export function isControlId(value: string): value is ControlId {
  return CONTROLS.some((c) => c.id === value);
}
