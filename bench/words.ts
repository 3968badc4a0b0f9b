/** Vocabularies the generator combines into names and texts. */
export const FIRST_NAMES = [
  "Aisha", "Alex", "Amir", "Ana", "Anders", "Ben", "Bianca", "Carlos", "Chen", "Chiara", "Daniel", "Dara", "Elena", "Emeka",
  "Emma", "Farah", "Finn", "Gabriel", "Hana", "Hugo", "Ines", "Ivan", "Jade", "Jonas", "Julia", "Kai", "Karim", "Laila",
  "Lars", "Leila", "Lucas", "Maja", "Mateo", "Mei", "Mila", "Nina", "Noah", "Olga", "Oscar", "Paula", "Rafael", "Rina",
  "Sam", "Sara", "Sven", "Tariq", "Tess", "Uma", "Viktor", "Wen", "Yara", "Yusuf", "Zoe", "Zheng",
];
export const LAST_NAMES = [
  "Abbott", "Adeyemi", "Bauer", "Bianchi", "Brennan", "Castro", "Chowdhury", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia",
  "Haddad", "Hansen", "Ibrahim", "Ito", "Jensen", "Kaur", "Kim", "Kowalczyk", "Larsen", "Lopez", "Mahmoud", "Meyer", "Moreau",
  "Murphy", "Nakamura", "Nguyen", "Novak", "Okafor", "Olsen", "Park", "Patel", "Petrova", "Quinn", "Rossi", "Sato", "Schmidt",
  "Silva", "Singh", "Takahashi", "Tanaka", "Usman", "Varga", "Walsh", "Weber", "Xu", "Yilmaz", "Zhang", "Zimmermann",
];
export const TITLES = [
  "Software Engineer", "Senior Software Engineer", "Staff Engineer", "Data Engineer", "Data Analyst", "Site Reliability Engineer",
  "Security Engineer", "Support Specialist", "Account Executive", "Financial Analyst", "Payroll Specialist", "QA Engineer",
  "Product Manager", "Platform Engineer", "Solutions Architect", "Recruiter",
];
export const TEAMS = [
  "checkout", "payments", "ledger", "search", "growth", "identity", "billing", "risk", "fraud", "catalogue", "fulfilment",
  "logistics", "reporting", "onboarding", "messaging", "mobile", "pricing", "loyalty", "compliance", "observability",
];
export const REGIONS = ["eu-west", "eu-central", "us-east", "us-west", "ap-south", "ap-northeast", "sa-east"];
export const WORKLOADS = [
  "invoice-renderer", "ledger-sync", "fraud-scorer", "search-indexer", "email-dispatcher", "report-builder", "etl-nightly",
  "payout-runner", "kyc-checker", "price-updater", "stock-reconciler", "webhook-relay", "ml-feature-store", "audit-shipper",
  "backup-agent", "ci-deployer", "chat-assistant", "crm-sync", "tax-calculator", "session-cleaner",
];
export const PROJECTS = [
  "ledger migration", "checkout redesign", "fraud model retraining", "GDPR erasure backlog", "quarter-end close", "PCI evidence",
  "latency regression", "schema consolidation", "vendor offboarding", "cost review", "disaster recovery drill", "index rebuild",
  "data retention clean-up", "payments reconciliation", "partner onboarding", "SOC 2 sampling", "capacity planning",
  "warehouse backfill", "tax rule update", "certificate renewal",
];
export const REASONS = [
  "The runbook step needs it and nobody else on the rotation is available.",
  "We compare the replica against production before switching traffic.",
  "The dashboard numbers disagree with the finance export and we need to find out why.",
  "Customer escalation from an enterprise account; the account manager is on the thread.",
  "The nightly job failed twice and the logs point at a permission change.",
  "Auditors asked for a sample of last quarter's changes.",
  "The old service account is being retired and its duties move to a dedicated identity.",
  "Read-only would not let us replay the failed messages.",
  "The migration is rehearsed in staging first and then run in the change window.",
  "Access is handed back as soon as the fix is verified.",
  "Pairing with the owning team; they review every statement before it runs.",
  "Needed to rotate the signing keys before the partner's deadline.",
];
export const EXTRA_COMMENTS = [
  "Please attach the query you intend to run.",
  "Checked with the system owner, this matches the change record.",
  "The window moved by a day, no change to the scope.",
  "Confirmed with the incident commander on the bridge.",
  "We should turn this into a standard role, it comes up every month.",
  "Reminder that the export must stay inside the analytics workspace.",
  "Handing back early, the fix is verified in production.",
  "Dependent job is paused until the grant is active.",
];
