import type { ExceptionType, RequestKind, RequestStatus } from "@/server/db/generated/client";
import type { TicketSpec } from "./plan-pick";

type Slot = [RequestKind, ExceptionType | null, RequestStatus, number];

/**
 * How many tickets of each kind end in each status. REVOKE and ROTATE tickets each bring the
 * GRANT ticket whose access they remove or renew, so GRANT's closed and active counts are lower
 * than they look here (about 300 tickets in all).
 */
export const SLOTS: Slot[] = [
  ["GRANT", null, "DRAFT", 6],
  ["GRANT", null, "SUBMITTED", 3],
  ["GRANT", null, "PENDING_APPROVAL", 26],
  ["GRANT", null, "AUTO_APPROVED", 3],
  ["GRANT", null, "APPROVED", 3],
  ["GRANT", null, "FULFILLING", 4],
  ["GRANT", null, "ACTIVE", 34],
  ["GRANT", null, "REVOKING", 2],
  ["GRANT", null, "CLOSED", 29],
  ["GRANT", null, "FAILED", 5],
  ["GRANT", null, "DENIED", 14],
  ["GRANT", null, "CANCELLED", 10],
  ["GRANT", null, "EXPIRED_UNDECIDED", 7],
  ["MODIFY", null, "DRAFT", 2],
  ["MODIFY", null, "PENDING_APPROVAL", 5],
  ["MODIFY", null, "APPROVED", 1],
  ["MODIFY", null, "ACTIVE", 8],
  ["MODIFY", null, "CLOSED", 10],
  ["MODIFY", null, "DENIED", 3],
  ["MODIFY", null, "CANCELLED", 2],
  ["MODIFY", null, "FAILED", 1],
  ["REVOKE", null, "DRAFT", 2],
  ["REVOKE", null, "SUBMITTED", 1],
  ["REVOKE", null, "AUTO_APPROVED", 1],
  ["REVOKE", null, "FULFILLING", 2],
  ["REVOKE", null, "CLOSED", 12],
  ["REVOKE", null, "FAILED", 1],
  ["REVOKE", null, "CANCELLED", 1],
  ["ROTATE", null, "PENDING_APPROVAL", 2],
  ["ROTATE", null, "AUTO_APPROVED", 1],
  ["ROTATE", null, "FULFILLING", 1],
  ["ROTATE", null, "ACTIVE", 8],
  ["ROTATE", null, "CLOSED", 6],
  ["ROTATE", null, "FAILED", 1],
  // Break-glass: granted at once, so never waiting for approval; each has a REVIEW ticket (walk-review.ts).
  ["EXCEPTION", "EMERGENCY", "AUTO_APPROVED", 1],
  ["EXCEPTION", "EMERGENCY", "ACTIVE", 3],
  ["EXCEPTION", "EMERGENCY", "REVOKING", 1],
  ["EXCEPTION", "EMERGENCY", "CLOSED", 9],
  ["EXCEPTION", "VENDOR", "PENDING_APPROVAL", 2],
  ["EXCEPTION", "VENDOR", "APPROVED", 2],
  ["EXCEPTION", "VENDOR", "ACTIVE", 2],
  ["EXCEPTION", "VENDOR", "CLOSED", 6],
  ["EXCEPTION", "VENDOR", "DENIED", 1],
  ["EXCEPTION", "VENDOR", "CANCELLED", 1],
  ["EXCEPTION", "AUTOMATION", "DRAFT", 1],
  ["EXCEPTION", "AUTOMATION", "SUBMITTED", 1],
  ["EXCEPTION", "AUTOMATION", "PENDING_APPROVAL", 3],
  ["EXCEPTION", "AUTOMATION", "ACTIVE", 5],
  ["EXCEPTION", "AUTOMATION", "CLOSED", 3],
  ["EXCEPTION", "AUTOMATION", "FAILED", 1],
  ["EXCEPTION", "AUTOMATION", "EXPIRED_UNDECIDED", 2],
];

const RILEY = "riley.requester@acme.example";
const MANAGER_FIRST = ["manager-approval", "manager-and-owner"];

/**
 * Tickets the demo relies on: Riley's own history, Avery's and Adam's approval queues, a
 * refused toxic combination, and grants about to expire.
 */
export const TARGETED: TicketSpec[] = [
  { kind: "GRANT", status: "DRAFT", requester: RILEY, mode: "self", entitlement: "k8s-prod:logs_read" },
  { kind: "GRANT", status: "PENDING_APPROVAL", requester: RILEY, mode: "self", entitlement: "warehouse:raw_events_read", stopStage: 0 },
  { kind: "GRANT", status: "PENDING_APPROVAL", requester: RILEY, mode: "self", entitlement: "orders-db:orders_write", stopStage: 0, variant: { infoRequested: true } },
  { kind: "GRANT", status: "ACTIVE", requester: RILEY, mode: "self", entitlement: "orders-db:orders_read", expiringSoon: true },
  { kind: "GRANT", status: "ACTIVE", requester: RILEY, mode: "self", entitlement: "source-org:team_checkout_write" },
  { kind: "GRANT", status: "ACTIVE", requester: RILEY, subject: "svc-checkout-worker", entitlement: "api-keys:orders_api_write", expiringSoon: true },
  { kind: "ROTATE", status: "ACTIVE", requester: RILEY, subject: "svc-checkout-worker", entitlement: "api-keys:notify_send_key" },
  { kind: "GRANT", status: "CLOSED", requester: RILEY, mode: "self", entitlement: "cloud-prod:cloud_readonly" },
  { kind: "GRANT", status: "CLOSED", requester: RILEY, mode: "self", entitlement: "staging-db:staging_read" },
  { kind: "GRANT", status: "DENIED", requester: RILEY, mode: "self", entitlement: "orders-db:orders_dba", stopStage: 0 },
  { kind: "GRANT", status: "CANCELLED", requester: RILEY, mode: "self", entitlement: "k8s-prod:ns_edit_checkout" },
  { kind: "MODIFY", status: "PENDING_APPROVAL", requester: RILEY, subject: "ci-checkout-deploy", entitlement: "k8s-prod:deployer", stopStage: 0 },
  { kind: "GRANT", status: "FAILED", requester: RILEY, subject: "ci-checkout-deploy", entitlement: "cloud-prod:cloud_deployer" },
  ...["marcus.oyelaran", "hannah.kowalski", "diego.fernandez", "marcus.oyelaran", "hannah.kowalski", "diego.fernandez", "marcus.oyelaran", "hannah.kowalski", "diego.fernandez", "hannah.kowalski"].map(
    (name, i): TicketSpec => ({ kind: "GRANT", status: "PENDING_APPROVAL", requester: `${name}@acme.example`, mode: "self", workflows: MANAGER_FIRST, stopStage: 0, overdue: i % 4 === 3 }),
  ),
  ...["source-org:team_payments_write", "source-org:team_payments_write", "source-org:team_payments_write"].map(
    (entitlement, i): TicketSpec => ({ kind: "GRANT", status: "PENDING_APPROVAL", requester: ["kenji.watanabe", "nikolai.petrov", "amara.nwosu"][i] + "@acme.example", mode: "self", entitlement, workflows: ["manager-and-owner"], stopStage: 1 }),
  ),
  ...[0, 1, 2, 3, 4].map((i): TicketSpec => ({ kind: "GRANT", status: "PENDING_APPROVAL", mode: "self", workflows: ["security-review"], stopStage: 1, variant: { partialQuorum: i < 2 }, overdue: i === 4 })),
  { kind: "GRANT", status: "PENDING_APPROVAL", requester: "sofia.lindqvist@acme.example", subject: "svc-orders-api", entitlement: "api-keys:orders_api_write", stopStage: 1 },
  { kind: "GRANT", status: "PENDING_APPROVAL", requester: "raj.patel@acme.example", subject: "svc-payments-gateway", entitlement: "internal-ca:payments_mtls_cert", stopStage: 1 },
  { kind: "GRANT", status: "ACTIVE", requester: "emily.zhang@acme.example", mode: "self", entitlement: "payments-api:payments_initiate" },
  { kind: "GRANT", status: "DENIED", requester: "emily.zhang@acme.example", mode: "self", entitlement: "payments-api:payments_approve", sodConflict: "sod-payments-maker-checker" },
  { kind: "GRANT", status: "ACTIVE", requester: "pablo.ortega@acme.example", mode: "self", entitlement: "merchant-portal:refund_operator" },
  { kind: "GRANT", status: "DENIED", requester: "pablo.ortega@acme.example", subject: "pablo.ortega", entitlement: "payments-api:refunds_approve", sodConflict: "sod-refunds" },
  { kind: "GRANT", status: "PENDING_APPROVAL", mode: "self", workflows: MANAGER_FIRST, variant: { infoRequested: true } },
];

/**
 * Tickets planned from their own random stream and numbered after all the others, so adding one
 * here leaves every other seeded ticket as it was: work waiting on the hands of the merchant
 * portal's owner (Helen Carter), who sets its access up and removes it by hand.
 */
export const APPENDED: TicketSpec[] = [
  // e2e/manual-task.spec.ts attests this one; no other spec may touch it.
  { kind: "GRANT", status: "FULFILLING", requester: "oliver.grant@acme.example", subject: "oliver.grant", entitlement: "merchant-portal:settlement_reports" },
  { kind: "GRANT", status: "REVOKING", requester: "raj.patel@acme.example", subject: "raj.patel", entitlement: "merchant-portal:dispute_handler" },
];
