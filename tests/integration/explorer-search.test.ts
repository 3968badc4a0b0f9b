import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import type { Prisma } from "@/server/db/generated/client";
import { CONTROLS, type ControlId } from "@/server/domain/controls/catalogue";
import type { ExplorerFilterInput } from "@/server/domain/explorer/filter";
import { controlReport } from "@/server/domain/explorer/report";
import { searchTickets, type ExplorerRow } from "@/server/domain/explorer/search";
import { myRequestsWhere } from "@/server/domain/requests/list-mine";
import { formatRequestNumber } from "@/server/domain/requests/number";
import type { Viewer } from "@/server/domain/requests/visibility";
import { callerFor, createCatalogue, createUser, type TestUser } from "@/tests/helpers/api-fixtures";
import { seededWorld, type World } from "./requests-world";

/**
 * The explorer's search on the seeded database plus a few crafted tickets whose words appear
 * nowhere else (zeppelin, quokka, marmalade, narwhal). Each filter is checked against the same
 * question asked of Prisma over the whole database, so "exactly the expected tickets" is literal.
 */
let w: World;
let auditor: Viewer;
let quinn: TestUser;
let yusuf: TestUser;
let zara: TestUser;
let nhi: { id: string };
let catalogue: Awaited<ReturnType<typeof createCatalogue>>;
const t: Record<"t1" | "t2" | "t3", { id: string; number: number }> = {} as never;

beforeAll(async () => {
  w = await seededWorld();
  const audrey = await w.person("audrey.auditor");
  auditor = { id: audrey.id, roles: ["AUDITOR"] };
  const p = w.prisma;
  quinn = await createUser(p, { name: "Quinn Explorer", roles: ["REQUESTER"] });
  yusuf = await createUser(p, { name: "Yusuf Approver", roles: ["APPROVER"] });
  zara = await createUser(p, { name: "Zara Owner", roles: ["APPROVER"] });
  const avery = await w.person("avery.approver");
  catalogue = await createCatalogue(p, avery.id);
  nhi = await p.identity.create({
    data: { kind: "NHI", nhiType: "OAUTH_APP", name: `oauth-explorer-${randomUUID().slice(0, 8)}`, displayName: "Explorer OAuth app", ownerId: quinn.id, backupOwnerId: zara.id },
    select: { id: true },
  });
  const v1 = await p.policyVersion.findFirstOrThrow({ orderBy: { version: "desc" }, select: { version: true, publishedById: true, document: true } });
  const v2 = await p.policyVersion.create({
    data: { version: v1.version + 1, contentHash: "explorer-test", document: v1.document as Prisma.InputJsonValue, publishedById: v1.publishedById },
    select: { id: true },
  });
  const select = { id: true, number: true } as const;
  t.t1 = await p.accessRequest.create({
    data: {
      kind: "GRANT", status: "ACTIVE", requesterId: quinn.id, subjectId: quinn.identityId, systemId: catalogue.system.id, entitlementId: catalogue.entitlement.id,
      scope: { role: "payments_read" }, justification: "Reconcile the zeppelin ledger before the quarterly close", createdAt: new Date("2021-03-10T12:00:00Z"),
    },
    select,
  });
  t.t2 = await p.accessRequest.create({
    data: {
      kind: "EXCEPTION", exceptionType: "VENDOR", status: "CLOSED", requesterId: quinn.id, subjectId: nhi.id, systemId: catalogue.system.id,
      scope: { role: "quokka_support", tenant: "acme-eu" }, justification: "Vendor session for the support contract", policyVersionId: v2.id,
      createdAt: new Date("2021-03-12T08:00:00Z"), closedAt: new Date("2021-03-13T08:00:00Z"),
    },
    select,
  });
  const riley = await w.person("riley.requester");
  t.t3 = await p.accessRequest.create({
    data: {
      kind: "MODIFY", status: "APPROVED", requesterId: riley.id, subjectId: riley.identity!.id, scope: { role: "reporting" },
      justification: "Change the reporting role", createdAt: new Date("2021-03-20T23:30:00Z"),
    },
    select,
  });
  await p.comment.create({ data: { requestId: t.t3.id, authorId: riley.id, body: "Needed for the marmalade dashboards" } });
  const stage = await p.approvalStage.create({
    data: { requestId: t.t3.id, position: 0, name: "Manager", selector: { type: "MANAGER" }, quorum: 1, slaHours: 24, status: "APPROVED" },
  });
  await p.approvalDecision.create({ data: { stageId: stage.id, requestId: t.t3.id, approverId: yusuf.id, onBehalfOfId: zara.id, outcome: "APPROVE", comment: "Checked with the narwhal team" } });
});

afterAll(async () => {
  await w?.db.drop();
});

/** Every ticket the viewer finds with this filter, across all pages. */
async function found(filter: ExplorerFilterInput, viewer: Viewer = auditor): Promise<ExplorerRow[]> {
  const rows: ExplorerRow[] = [];
  for (let page = 1; ; page++) {
    const result = await searchTickets(w.prisma, viewer, { filter, page, pageSize: 100 });
    rows.push(...result.items);
    if (page * 100 >= result.total) {
      expect(rows).toHaveLength(result.total);
      return rows;
    }
  }
}

const ids = (rows: { id: string }[]) => rows.map((r) => r.id).sort();
const expected = async (where: Prisma.AccessRequestWhereInput) => ids(await w.prisma.accessRequest.findMany({ where, select: { id: true } }));

describe("explorer search: text", () => {
  it("finds words in the justification, the scope, a comment and an approver's comment, and says where", async () => {
    const cases = [
      ["zeppelin ledger", t.t1, "justification", "zeppelin"],
      ["quokka", t.t2, "scope", "quokka"],
      ["marmalade", t.t3, "comment", "marmalade"],
      ["narwhal", t.t3, "decision", "narwhal"],
    ] as const;
    for (const [q, ticket, source, hit] of cases) {
      const rows = await found({ q });
      expect(ids(rows), q).toEqual([ticket.id]);
      expect(rows[0]!.snippet?.source, q).toBe(source);
      expect(rows[0]!.snippet?.segments.filter((s) => s.hit).map((s) => s.text.toLowerCase()), q).toContain(hit);
    }
    // Stemming: "reconciling ledgers" matches "Reconcile the zeppelin ledger".
    expect(ids(await found({ q: "reconciling zeppelin ledgers" }))).toEqual([t.t1.id]);
    expect(await found({ q: "zeppelin -ledger" })).toEqual([]);
  });

  it("finds a ticket by its number, typed either way", async () => {
    for (const q of [formatRequestNumber(t.t1.number), String(t.t1.number), `ar-${t.t1.number}`]) {
      const rows = await found({ q });
      expect(ids(rows), q).toContain(t.t1.id);
      expect(rows.find((r) => r.id === t.t1.id)?.snippet?.source, q).toBe("number");
    }
  });
});

describe("explorer search: each filter alone", () => {
  it("narrows to exactly the tickets Prisma finds for the same question", async () => {
    const all = await w.prisma.accessRequest.count();
    const seededSystem = await w.prisma.accessRequest.findFirstOrThrow({ where: { systemId: { not: null }, entitlementId: { not: null }, requester: { email: "riley.requester@acme.example" } }, select: { systemId: true, entitlementId: true } });
    const avery = await w.person("avery.approver");
    const v1 = (await w.prisma.policyVersion.findFirstOrThrow({ orderBy: { version: "asc" }, select: { version: true } })).version;
    const cases: [string, ExplorerFilterInput, Prisma.AccessRequestWhereInput][] = [
      ["identityId (person)", { identityId: quinn.identityId }, { subjectId: quinn.identityId }],
      ["identityId (NHI)", { identityId: nhi.id }, { subjectId: nhi.id }],
      ["systemId (crafted)", { systemId: catalogue.system.id }, { systemId: catalogue.system.id }],
      ["systemId (seeded)", { systemId: seededSystem.systemId! }, { systemId: seededSystem.systemId! }],
      ["entitlementId", { entitlementId: seededSystem.entitlementId! }, { entitlementId: seededSystem.entitlementId! }],
      ["requesterId", { requesterId: quinn.id }, { requesterId: quinn.id }],
      ["approverId (decided)", { approverId: yusuf.id }, { decisions: { some: { approverId: yusuf.id } } }],
      ["approverId (on whose behalf)", { approverId: zara.id }, { decisions: { some: { onBehalfOfId: zara.id } } }],
      ["approverId (seeded)", { approverId: avery.id }, { decisions: { some: { OR: [{ approverId: avery.id }, { onBehalfOfId: avery.id }] } } }],
      ["status", { status: ["CLOSED", "DENIED"] }, { status: { in: ["CLOSED", "DENIED"] } }],
      ["kind", { kind: ["MODIFY", "ROTATE"] }, { kind: { in: ["MODIFY", "ROTATE"] } }],
      ["exceptionType", { exceptionType: ["VENDOR"] }, { exceptionType: { in: ["VENDOR"] } }],
      ["policyVersion (new)", { policyVersion: v1 + 1 }, { policyVersion: { version: v1 + 1 } }],
      ["policyVersion (seeded)", { policyVersion: v1 }, { policyVersion: { version: v1 } }],
      ["from/to, whole UTC days", { from: "2021-03-10", to: "2021-03-20" }, { createdAt: { gte: new Date("2021-03-10T00:00:00Z"), lt: new Date("2021-03-21T00:00:00Z") } }],
      ["to alone", { to: "2021-03-12" }, { createdAt: { lt: new Date("2021-03-13T00:00:00Z") } }],
    ];
    for (const [name, filter, where] of cases) {
      const want = await expected(where);
      expect(want.length, `${name}: the case should match something`).toBeGreaterThan(0);
      expect(want.length, `${name}: the case should leave something out`).toBeLessThan(all);
      expect(ids(await found(filter)), name).toEqual(want);
    }
    expect(ids(await found({ from: "2021-03-10", to: "2021-03-20" }))).toEqual(ids([t.t1, t.t2, t.t3]));
    expect(ids(await found({ requesterId: quinn.id, kind: ["EXCEPTION"], control: "OWASP-NHI:NHI-03" }))).toEqual([t.t2.id]);
  });
});

describe("explorer search: paging and order", () => {
  it("pages through a result with the same total, no repeats and no gaps, in the order asked", async () => {
    const filter: ExplorerFilterInput = { kind: ["GRANT"] };
    const total = await w.prisma.accessRequest.count({ where: { kind: "GRANT" } });
    expect(total).toBeGreaterThan(7);
    const seen: number[] = [];
    for (let page = 1; (page - 1) * 7 < total; page++) {
      const result = await searchTickets(w.prisma, auditor, { filter, page, pageSize: 7, sort: "number", dir: "asc" });
      expect(result.total).toBe(total);
      expect(result.items.length).toBe(Math.min(7, total - (page - 1) * 7));
      seen.push(...result.items.map((r) => r.numberValue));
    }
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(new Set(seen).size).toBe(total);
    const newest = await searchTickets(w.prisma, auditor, { filter, pageSize: 5 });
    const dates = newest.items.map((r) => r.createdAt.getTime());
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
    const beyond = await searchTickets(w.prisma, auditor, { filter, page: 999, pageSize: 100 });
    expect(beyond).toMatchObject({ items: [], total });
  });

  it("fills each row with its parties, counts and controls", async () => {
    const [row] = await found({ q: "narwhal" });
    expect(row).toMatchObject({
      number: formatRequestNumber(t.t3.number),
      kind: "MODIFY",
      status: "APPROVED",
      requester: { name: "Riley Requester" },
      subject: { kind: "HUMAN" },
      system: null,
      counts: { decisions: 1, grants: 0, auditEvents: 0 },
    });
    expect(row!.controls).toEqual(expect.arrayContaining(["SOC2:CC6.2", "SOC2:CC6.3"]));
  });
});

describe("explorer search: who sees what", () => {
  it("shows a requester only their own tickets, tickets for them, and those of NHIs they own or back up", async () => {
    const quinnRows = await found({}, { id: quinn.id, roles: ["REQUESTER"] });
    expect(ids(quinnRows)).toEqual(ids([t.t1, t.t2]));
    // Zara backs up the OAuth app and decided nothing herself: she sees its ticket, not the one she was approved on behalf of.
    expect(ids(await found({}, { id: zara.id, roles: ["APPROVER"] }))).toEqual([t.t2.id]);
    const riley = await w.person("riley.requester");
    const rileyRows = await found({}, { id: riley.id, roles: ["REQUESTER"] });
    expect(ids(rileyRows)).toEqual(await expected(myRequestsWhere(riley.id)));
    expect(ids(rileyRows)).not.toContain(t.t1.id);
    // Filters never widen what a viewer sees.
    expect(await found({ q: "zeppelin" }, { id: riley.id, roles: ["REQUESTER"] })).toEqual([]);
    expect(await found({ requesterId: quinn.id }, { id: riley.id, roles: ["REQUESTER"] })).toEqual([]);
  });

  it("shows auditors and admins every ticket", async () => {
    const all = await w.prisma.accessRequest.count();
    const adam = await w.person("adam.admin");
    expect((await searchTickets(w.prisma, auditor, { pageSize: 1 })).total).toBe(all);
    expect((await searchTickets(w.prisma, { id: adam.id, roles: ["ADMIN", "APPROVER", "REQUESTER"] }, { pageSize: 1 })).total).toBe(all);
  });
});

describe("explorer search: controls", () => {
  it("filters by control exactly as controlsFor maps each ticket's evidence, on every ticket", async () => {
    const everything = await found({});
    expect(everything.length).toBe(await w.prisma.accessRequest.count());
    const bySql = new Map<string, Set<ControlId>>(everything.map((r) => [r.id, new Set()]));
    for (const control of CONTROLS) {
      for (const row of await found({ control: control.id })) bySql.get(row.id)!.add(control.id);
    }
    const disagreements = everything
      .map((r) => ({ ticket: r.number, typescript: r.controls.join(" "), sql: [...bySql.get(r.id)!].sort().join(" ") }))
      .filter((d) => d.typescript !== d.sql);
    expect(disagreements).toEqual([]);
    // Not vacuous: every control is supported by some ticket, and the conditional ones are missing on some.
    for (const control of CONTROLS) expect(everything.some((r) => r.controls.includes(control.id)), control.id).toBe(true);
    for (const control of ["SOC2:CC6.1", "ISO27001:A.5.17", "OWASP-NHI:NHI-03", "ISO27001:A.5.16"] as const) {
      expect(everything.some((r) => !r.controls.includes(control)), control).toBe(true);
    }
  });

  it("counts the tickets per control for a filter, ignoring the filter's own control", async () => {
    const filter: ExplorerFilterInput = { requesterId: quinn.id, control: "SOC2:CC6.1" };
    const report = await controlReport(w.prisma, auditor, filter);
    expect(report.total).toBe(2);
    for (const c of report.controls) {
      expect(c.count, c.id).toBe((await found({ requesterId: quinn.id, control: c.id })).length);
    }
    expect(report.controls.find((c) => c.id === "OWASP-NHI:NHI-03")?.count).toBe(1);
    expect(report.controls.find((c) => c.id === "NIST-CSF-2.0:GV.RM-01")?.count).toBe(2);
  });
});

describe("explorer API", () => {
  async function refusal(call: Promise<unknown>) {
    const error = await call.then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("BAD_REQUEST");
    const cause = (error as TRPCError).cause;
    expect(cause).toBeInstanceOf(ZodError);
    return (cause as ZodError).issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  }

  it("answers field errors that name the field and the rule", async () => {
    const c = callerFor(w.prisma, quinn);
    expect(await refusal(c.explorer.search({ filter: { from: "2021-03-20", to: "2021-03-10" } }))).toEqual(["filter.to: to must be on or after from"]);
    expect(await refusal(c.explorer.search({ pageSize: 101 }))).toEqual(["pageSize: pageSize must be between 1 and 100"]);
    expect(await refusal(c.explorer.search({ filter: { from: "2021-02-30" } }))).toEqual(["filter.from: from must be a real calendar date"]);
    expect(await refusal(c.explorer.search({ filter: { systemId: "payments" } }))).toEqual(["filter.systemId: systemId must be the id of a record from the list"]);
    expect(await refusal(c.explorer.controlReport({ control: "SOC2:CC9.9" as ControlId }))).toEqual(["control: control must be one of the controls in the catalogue"]);
    expect(await refusal(c.explorer.controlReport({ policyVersion: 0 }))).toEqual(["policyVersion: policyVersion must be 1 or more"]);
  });

  it("searches, reports and looks up for a signed-in requester, within what they may see", async () => {
    const c = callerFor(w.prisma, quinn);
    const page = await c.explorer.search({ filter: { q: "zeppelin" } });
    expect(page.items.map((r) => r.number)).toEqual([formatRequestNumber(t.t1.number)]);
    expect((await c.explorer.controlReport({})).total).toBe(2);
    const options = await c.explorer.options();
    expect(options.systems.map((s) => s.id)).toContain(catalogue.system.id);
    expect(options.controls).toHaveLength(CONTROLS.length);
    const lookup = await c.explorer.lookup({ q: "explorer" });
    expect(lookup.people.map((p) => p.id)).toContain(quinn.id);
    expect(lookup.identities.map((i) => i.id)).toContain(nhi.id);
    // Identities Quinn neither is nor owns stay out of the typeahead.
    expect((await c.explorer.lookup({ q: "riley" })).identities).toEqual([]);
    expect((await callerFor(w.prisma, await w.person("audrey.auditor")).explorer.lookup({ q: "riley" })).identities.length).toBeGreaterThan(0);
    // Someone who left is found by auditors (they approved and asked in their time), not in a requester's typeahead.
    const leaver = await w.prisma.user.create({ data: { email: "former.explorer@acme.example", name: "Former Explorer", roles: ["APPROVER"], department: "Finance", active: false } });
    expect((await c.explorer.lookup({ q: "former explorer" })).people).toEqual([]);
    expect((await callerFor(w.prisma, await w.person("audrey.auditor")).explorer.lookup({ q: "former explorer" })).people.map((p) => p.id)).toEqual([leaver.id]);
    const named = await c.explorer.lookup({ ids: [zara.id, nhi.id] });
    expect(named.people.map((p) => p.id)).toEqual([zara.id]);
    expect(named.identities.map((i) => i.id)).toEqual([nhi.id]);
  });
});
