import { emptyRows, mergeRows, type Rows, type TicketPlan } from "./model";
import type { Org } from "./org";
import { planAppendedTickets, planTickets } from "./plans";
import { addMs, stream, type SeedRandom } from "./random";
import { COMMENT_LINES } from "./texts";
import { layoutTicket, type Walk } from "./walk";
import { followUpReview } from "./walk-review";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** All tickets with their approval, fulfilment, evidence and audit rows. */
export function buildTickets(org: Org): Rows {
  const rng = stream("ticket-layout");
  const plans = planTickets(org);
  const parents = new Set(plans.map((p) => p.parent).filter((p): p is TicketPlan => p !== null));
  const walks: Walk[] = [];
  for (const plan of plans) {
    if (parents.has(plan)) continue;
    const walk = layoutTicket(org, plan);
    walks.push(walk);
    if (plan.parent) {
      placeParent(org.now, rng, plan.parent, walk);
      walks.push(layoutTicket(org, plan.parent));
    }
  }
  const rows = emptyRows();
  for (const walk of walks) {
    addComments(org, rng, walk);
    warnExpiring(org.now, walk);
    mergeRows(rows, walk.rows);
    rows.requests.push(walk.request);
  }
  // Numbers are assigned in insertion order, so insert oldest first.
  rows.requests.sort((a, b) => (a.createdAt as Date).getTime() - (b.createdAt as Date).getTime() || a.id!.localeCompare(b.id!));
  // Appended tickets take the last numbers, whenever they were filed, so the others keep theirs.
  for (const plan of planAppendedTickets(org)) {
    const walk = layoutTicket(org, plan);
    mergeRows(rows, walk.rows);
    rows.requests.push(walk.request);
  }
  // Follow-up reviews come last, after their emergency tickets, and leave the others' numbers alone.
  const reviews = stream("follow-up-reviews");
  for (const walk of walks) {
    const review = followUpReview(org, reviews, walk);
    if (!review) continue;
    mergeRows(rows, review.rows);
    rows.requests.push(review.request);
  }
  return rows;
}

/**
 * Places the ticket whose access a REVOKE or ROTATE child removes: granted before the child was
 * filed, and (for removed access) revoked exactly when the child says.
 */
function placeParent(now: Date, rng: SeedRandom, parent: TicketPlan, child: Walk): void {
  const created = child.times.created!.getTime();
  const ttlMs = parent.ttlHours === null ? null : parent.ttlHours * HOUR;
  let latest = created - HOUR;
  let earliest = now.getTime() - 85 * DAY;
  if (parent.status === "ACTIVE") {
    if (ttlMs !== null) earliest = Math.max(earliest, now.getTime() - ttlMs * 0.9);
  } else {
    const isRevoke = child.plan.kind === "REVOKE";
    const revokingAt = isRevoke
      ? child.times.fulfilling!
      : addMs(child.times.active!, Math.min(rng.real(HOUR, 24 * HOUR), (now.getTime() - child.times.active!.getTime()) * 0.5));
    const closedAt = parent.status === "CLOSED" ? (isRevoke ? child.times.end! : addMs(revokingAt, rng.real(5000, 60_000))) : null;
    parent.forcedEnd = {
      revokingAt,
      closedAt,
      reason: isRevoke ? "revoked on request" : "superseded by rotation",
      byRequestId: child.plan.ids.request,
    };
    latest = Math.min(latest, revokingAt.getTime() - DAY);
    if (ttlMs !== null) earliest = Math.max(earliest, revokingAt.getTime() - ttlMs * 0.9);
  }
  const span = Math.max(0, Math.min(30 * DAY, latest - earliest));
  parent.anchor = { phase: "active", at: new Date(latest - rng.real(0, span)) };
}

function addComments(org: Org, rng: SeedRandom, walk: Walk): void {
  if (walk.request.status === "DRAFT" || !rng.chance(0.15)) return;
  const start = (walk.request.submittedAt as Date | undefined) ?? (walk.request.createdAt as Date);
  const end = walk.request.updatedAt as Date;
  const at = addMs(start, (end.getTime() - start.getTime()) * rng.real(0.2, 0.8));
  const approvers = walk.rows.assignments.map((a) => a.approverId);
  const approverId = approvers.length > 0 && rng.chance(0.5) ? rng.pick(approvers) : null;
  const author = (approverId && org.people.find((p) => p.id === approverId)) || walk.plan.requester;
  walk.comment(author, rng.pick(COMMENT_LINES), at);
}

function warnExpiring(now: Date, walk: Walk): void {
  const grant = walk.rows.grants.find((g) => g.status === "ACTIVE");
  const expiresAt = grant?.expiresAt as Date | null | undefined;
  if (!expiresAt || expiresAt.getTime() - now.getTime() > 7 * DAY) return;
  const at = new Date(Math.max(expiresAt.getTime() - 3 * DAY, (grant!.grantedAt as Date).getTime() + HOUR));
  if (at > now) return;
  walk.notify(walk.plan.requester, "access.expiring", "Access expires soon", `${walk.what()} expires on ${expiresAt.toISOString().slice(0, 10)}. Renew it if you still need it.`, at, true);
}
