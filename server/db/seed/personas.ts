import type { Role } from "@/server/db/generated/client";

export interface DemoPersona {
  email: string;
  name: string;
  roles: Role[];
  title: string;
  description: string;
}

/** The people the demo sign-in page offers; the seed creates them with exactly these roles. */
export const DEMO_PERSONAS: readonly DemoPersona[] = [
  {
    email: "riley.requester@acme.example",
    name: "Riley Requester",
    roles: ["REQUESTER"],
    title: "Software Engineer",
    description: "Engineer who asks for access for themself and the services they own, and follows their tickets.",
  },
  {
    email: "avery.approver@acme.example",
    name: "Avery Approver",
    roles: ["APPROVER", "REQUESTER"],
    title: "Engineering Manager",
    description: "Riley's manager and owner of the source-code org; works through the approval inbox.",
  },
  {
    email: "audrey.auditor@acme.example",
    name: "Audrey Auditor",
    roles: ["AUDITOR"],
    title: "Internal Audit Lead",
    description: "Explores evidence, checks the audit chain's integrity and exports evidence packs.",
  },
  {
    email: "adam.admin@acme.example",
    name: "Adam Admin",
    roles: ["ADMIN", "APPROVER", "REQUESTER"],
    title: "Identity & Access Administrator",
    description: "Maintains the catalogue, workflows and policy, and sits on the security review board.",
  },
] as const;
