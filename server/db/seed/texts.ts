import type { SeedRandom } from "./random";

/** Placeholders a justification can use; each template uses a subset. */
export interface TextVars {
  ent: string;
  sys: string;
  subject: string;
  requester: string;
  team: string;
  nhi: string;
  workload: string;
  owner: string;
  backup: string;
  deps: string;
  period: number;
  incident: string;
  sponsor: string;
}

const TEMPLATES: Record<string, string[]> = {
  self: [
    "I need {ent} on {sys} for {jira}; the work is planned for this sprint.",
    "I join the {team} on-call rotation next week and the runbooks assume {ent} on {sys}.",
    "Investigating customer case {case}, which involves {sys}; I will hand the access back once it is fixed.",
    "Taking over the {sys} integration from a colleague who moved teams ({jira}).",
    "Quarter-end work for {jira} needs {ent} on {sys} until the deadline.",
    "Follow-up actions from the last incident ({jira}) need {ent} on {sys}.",
    "Preparing the audit sample for {jira}; the records live in {sys}.",
    "Reviewing how the latest release behaves on {sys} ({jira}); {ent} is the narrowest role that shows it.",
  ],
  privileged: [
    "Planned maintenance on {sys} ({jira}) in Thursday's change window needs {ent}; the change was approved by the change board.",
    "One-off fix for {jira} that only {ent} can apply; a second engineer pairs with me throughout.",
    "I hold the {sys} administrator duty this week ({jira}) and need {ent} for the scheduled tasks.",
  ],
  teammate: [
    "{subject} joined the {team} team this week and needs {ent} on {sys} for day-to-day work.",
    "{subject} takes over the {sys} integration from a colleague who moved teams ({jira}).",
    "{subject} covers my {sys} work while I am on leave and needs {ent}.",
  ],
  nhi: [
    "{nhi} ({workload}) needs {ent} on {sys} for its normal operation. Owner {owner}, backup {backup}; rotation every {period} days.",
    "Moving {nhi} to production ({jira}); it calls {sys} with {ent} and nothing broader.",
    "{nhi} is split out of the monolith ({jira}) and needs its own credentials instead of the shared ones: {ent}.",
    "New dependency of {nhi} on {sys} for the {jira} feature; scope limited to {ent}.",
  ],
  modify: [
    "Extending {ent} on {sys} for two more weeks: the migration in {jira} slipped.",
    "Narrowing the access to what is still needed now that the backfill ({jira}) is done.",
    "Adding the billing schema to the existing grant for the invoicing fix in {jira}.",
  ],
  revoke: [
    "{subject} moved to another team; {ent} on {sys} is no longer needed.",
    "Access review: {ent} has not been used for 60 days.",
    "The work in {jira} finished early, removing the access now rather than waiting for expiry.",
    "Leaver: {subject}'s last day was Friday.",
  ],
  rotate: [
    "Scheduled rotation of {nhi}'s credential on the {period}-day cycle.",
    "Rotating {nhi}'s credential after it appeared in a CI log ({jira}); no sign of use from elsewhere.",
    "Rotating before the current credential expires; {nhi} reloads credentials without a restart.",
  ],
  EMERGENCY: [
    "{incident}: error rate on {sys} above 10% since the last deploy. Need {ent} to find and stop the cause; the incident commander is on the bridge.",
    "{incident}: a stuck pipeline is blocking the morning reports. Need {ent} on {sys} to unblock it and inspect its state.",
    "{incident}: customer-facing outage; on-call needs {ent} on {sys} to apply the mitigation from the runbook.",
  ],
  VENDOR: [
    "Vendor support session for case {case}: settlement totals differ from our ledger. {sponsor} stays on the call for the whole session.",
    "Vendor consultant reviews the slow queries found in {jira}; read-only, screen-shared, sponsored by {sponsor}.",
    "Partner engineer investigates the network change failure ({case}) with {sponsor}.",
  ],
  AUTOMATION: [
    "Onboarding {nhi} ({workload}). Depends on {deps}. Owner {owner}, backup {backup}, rotation every {period} days.",
    "Service onboarding for {nhi} before its catalogue role exists ({jira}); depends on {deps}.",
  ],
};

export const DENIAL_REASONS = [
  "Please use the masked support view instead; it covers this case.",
  "Write access is not needed for an analysis. Request the read-only role.",
  "Not on the on-call rotation this month; ask the primary to handle it.",
  "Too broad for the stated need. Re-request with a shorter duration.",
  "The justification does not name the ticket this work belongs to.",
  "This should go through the service's own identity, not a personal grant.",
];

export const APPROVAL_COMMENTS = [
  "Approved for the stated duration.",
  "OK. Please hand it back early if you finish before.",
  "Approved; scope matches the ticket.",
  "Fine for the migration window.",
  "Approved. Reminder: no exports of customer data.",
];

export const INFO_QUESTIONS = [
  "Which ticket is this for? I cannot find it in the justification.",
  "Do you need write access, or would read-only do?",
  "Can this be done in staging first?",
];

export const COMMENT_LINES = [
  "Linked the change ticket in the description.",
  "Can we keep this to the minimum scope? Happy to approve read-only straight away.",
  "Done on my side, thanks for the quick turnaround.",
  "Heads-up: the maintenance window moved to Thursday.",
  "Added the runbook link for whoever picks this up.",
  "The owner is out until Monday; the backup owner can take it.",
];

export const FAILURE_REASONS: Record<string, string> = {
  POSTGRES: "role \"%s\" does not exist on the target (GRANT failed, 3 attempts)",
  WEBHOOK: "No signed callback received within the 30-minute window after 3 deliveries",
  MANUAL: "Fulfilment task not attested before its deadline",
  API_KEY: "Issuer refused the key: audience not enabled for this identity",
  CERTIFICATE_AUTHORITY: "CSR rejected: subject does not match the identity's naming rule",
};

export function justification(rng: SeedRandom, key: string, vars: TextVars): string {
  const template = rng.pick(TEMPLATES[key] ?? TEMPLATES.self!);
  const extra = {
    jira: `${rng.pick(["ENG", "PLAT", "DATA", "FIN", "SEC", "OPS"])}-${rng.int(1200, 4800)}`,
    case: `SD-${rng.int(40_000, 49_999)}`,
  };
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = (vars as unknown as Record<string, unknown>)[name] ?? (extra as Record<string, unknown>)[name];
    return value === undefined ? name : String(value);
  });
}
