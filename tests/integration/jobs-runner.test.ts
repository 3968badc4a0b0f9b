import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "@/server/db/client";
import { enqueue } from "@/server/jobs/enqueue";
import { createJobRunner, type JobRunnerOptions } from "@/server/jobs/runner";
import { PermanentJobError, type JobHandler } from "@/server/jobs/types";
import { createTestDatabase, onPostgres, type TestDatabase } from "@/tests/helpers/test-db";

/** The job runner against a real database: claiming, retries, recovery, dedupe and racing runners. */
let db: TestDatabase;
let t: Date;
const clock = () => t;
const advance = (ms: number) => {
  t = new Date(t.getTime() + ms);
};
const quiet = () => undefined;
let typeSeq = 0;
/** Each test uses its own job types, so the tests never see each other's jobs. */
const freshType = (name: string) => `test.${name}.${++typeSeq}`;

beforeAll(async () => {
  db = await createTestDatabase();
  // Jobs enqueued without runAt are due from the database's now; the test clock starts after it.
  t = new Date(Date.now() + 1_000);
});

afterAll(async () => {
  await db?.drop();
});

function runner(handlers: Record<string, JobHandler>, extra: Partial<JobRunnerOptions> = {}) {
  return createJobRunner({ db: db.prisma, handlers, clock, log: quiet, backoff: { baseMs: 1_000, maxMs: 4_000 }, ...extra });
}

const job = (id: string) => db.prisma.job.findUniqueOrThrow({ where: { id } });

async function add(type: string, extra: { maxAttempts?: number; dedupeKey?: string; runAt?: Date } = {}) {
  await enqueue(db.prisma, { type, payload: { n: 1 }, runAt: t, ...extra });
  return db.prisma.job.findFirstOrThrow({ where: { type }, orderBy: { createdAt: "desc" } });
}

describe("running jobs", () => {
  it("runs a due job once and marks it SUCCEEDED", async () => {
    const type = freshType("ok");
    const seen: unknown[] = [];
    const queued = await add(type);
    const r = runner({ [type]: async ({ job: j, now }) => void seen.push({ payload: j.payload, attempts: j.attempts, now }) });
    expect(await r.tick()).toMatchObject({ succeeded: 1, retried: 0 });
    expect(seen).toEqual([{ payload: { n: 1 }, attempts: 1, now: t }]);
    expect(await job(queued.id)).toMatchObject({ status: "SUCCEEDED", attempts: 1, lockedAt: null, lockedBy: null, lastError: null, finishedAt: t });
    expect(await r.tick()).toMatchObject({ succeeded: 0 });
    expect(seen).toHaveLength(1);
  });

  it("leaves jobs of a type it has no handler for QUEUED and untouched", async () => {
    const known = freshType("known");
    const unknown = freshType("fulfilment");
    const other = await add(unknown);
    await add(known);
    const r = runner({ [known]: async () => undefined });
    expect(await r.tick()).toMatchObject({ succeeded: 1 });
    expect(await job(other.id)).toMatchObject({ status: "QUEUED", attempts: 0, lockedAt: null, lockedBy: null, updatedAt: other.updatedAt });
  });

  it("waits for runAt", async () => {
    const type = freshType("later");
    const queued = await add(type, { runAt: new Date(t.getTime() + 60_000) });
    const r = runner({ [type]: async () => undefined });
    expect(await r.tick()).toMatchObject({ succeeded: 0 });
    advance(60_000);
    expect(await r.tick()).toMatchObject({ succeeded: 1 });
    expect((await job(queued.id)).status).toBe("SUCCEEDED");
  });
});

describe("failures", () => {
  it("retries with a growing, capped backoff and dies after maxAttempts", async () => {
    const type = freshType("flaky");
    const queued = await add(type, { maxAttempts: 4 });
    let calls = 0;
    const r = runner({
      [type]: async () => {
        calls++;
        throw new Error(`connection refused (${calls})`);
      },
    });
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect(await r.tick()).toMatchObject({ retried: 1 });
      const row = await job(queued.id);
      expect(row).toMatchObject({ status: "QUEUED", attempts: attempt, lastError: `Error: connection refused (${attempt})`, lockedBy: null });
      delays.push(row.runAt.getTime() - t.getTime());
      // Not due yet: the next tick leaves it alone.
      expect(await r.tick()).toMatchObject({ retried: 0, dead: 0 });
      advance(row.runAt.getTime() - t.getTime());
    }
    expect(delays).toEqual([1_000, 2_000, 4_000]);
    expect(await r.tick()).toMatchObject({ dead: 1 });
    expect(await job(queued.id)).toMatchObject({ status: "DEAD", attempts: 4, lastError: "Error: connection refused (4)", finishedAt: t });
    advance(3_600_000);
    await r.tick();
    expect(calls).toBe(4);
  });

  it("fails a job at once on a PermanentJobError", async () => {
    const type = freshType("bad-payload");
    const queued = await add(type);
    const r = runner({
      [type]: async () => {
        throw new PermanentJobError("payload names no notification");
      },
    });
    expect(await r.tick()).toMatchObject({ failed: 1 });
    expect(await job(queued.id)).toMatchObject({ status: "FAILED", attempts: 1, lastError: "PermanentJobError: payload names no notification" });
  });

  it("queues a job again when its runner held it past the lease, and kills it at its last attempt", async () => {
    const type = freshType("stuck");
    const stuck = await add(type, { maxAttempts: 3 });
    const spent = await add(type, { maxAttempts: 2 });
    const fresh = await add(type);
    const lockedAt = new Date(t.getTime() - 11 * 60_000);
    await db.prisma.job.update({ where: { id: stuck.id }, data: { status: "RUNNING", attempts: 1, lockedAt, lockedBy: "crashed-host:1" } });
    await db.prisma.job.update({ where: { id: spent.id }, data: { status: "RUNNING", attempts: 2, lockedAt, lockedBy: "crashed-host:1" } });
    // Within its lease: another runner is still working on it.
    await db.prisma.job.update({ where: { id: fresh.id }, data: { status: "RUNNING", attempts: 1, lockedAt: new Date(t.getTime() - 60_000), lockedBy: "busy-host:2" } });
    const ran: string[] = [];
    const r = runner({ [type]: async ({ job: j }) => void ran.push(j.id) }, { leaseMs: 10 * 60_000 });
    expect(await r.tick()).toMatchObject({ recovered: 2, succeeded: 1 });
    expect(ran).toEqual([stuck.id]);
    expect(await job(stuck.id)).toMatchObject({ status: "SUCCEEDED", attempts: 2, lastError: null });
    expect(await job(spent.id)).toMatchObject({ status: "DEAD", attempts: 2, lastError: expect.stringMatching(/crashed-host:1 held the job past its lease/) });
    expect(await job(fresh.id)).toMatchObject({ status: "RUNNING", lockedBy: "busy-host:2" });
    await db.prisma.job.delete({ where: { id: fresh.id } });
  });

  it("does not overwrite a job that was recovered and claimed again while its first run hung", async () => {
    const type = freshType("slow");
    const queued = await add(type);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = runner({ [type]: () => gate }, { workerId: "slow-runner" });
    const first = slow.tick();
    for (let i = 0; i < 200 && (await job(queued.id)).status !== "RUNNING"; i++) await new Promise((r) => setTimeout(r, 10));
    advance(11 * 60_000);
    const second = runner({ [type]: async () => undefined }, { workerId: "second-runner" });
    expect(await second.tick()).toMatchObject({ recovered: 1, succeeded: 1 });
    release();
    await first;
    expect(await job(queued.id)).toMatchObject({ status: "SUCCEEDED", attempts: 2 });
  });
});

describe("enqueue", () => {
  it("is idempotent on dedupeKey", async () => {
    const type = freshType("dedupe");
    const key = `${type}:ticket-1`;
    expect(await enqueue(db.prisma, { type, payload: { n: 1 }, dedupeKey: key })).toBe(true);
    expect(await enqueue(db.prisma, { type, payload: { n: 2 }, dedupeKey: key })).toBe(false);
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => db.prisma.$transaction((tx) => enqueue(tx, { type, payload: { n: i }, dedupeKey: `${key}:race` }))),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await db.prisma.job.count({ where: { type } })).toBe(2);
    expect((await db.prisma.job.findUniqueOrThrow({ where: { dedupeKey: key } })).payload).toEqual({ n: 1 });
  });

  it("rolls back with the transaction that queued it", async () => {
    const type = freshType("rollback");
    await db.prisma
      .$transaction(async (tx) => {
        await enqueue(tx, { type, payload: {} });
        throw new Error("the change failed");
      })
      .catch(() => undefined);
    expect(await db.prisma.job.count({ where: { type } })).toBe(0);
  });

  it("schedules a recurring job once per period, whichever runner gets there", async () => {
    const type = freshType("sweep");
    const recurring = [{ type, periodMs: 60_000 }];
    const ran: unknown[] = [];
    const handlers = { [type]: async ({ job: j }: Parameters<JobHandler>[0]) => void ran.push(j.payload) };
    t = new Date(Math.ceil(t.getTime() / 60_000) * 60_000 + 5_000);
    const a = runner(handlers, { recurring });
    const b = runner(handlers, { recurring });
    const [ra, rb] = await Promise.all([a.tick(), b.tick()]);
    expect(ra.scheduled + rb.scheduled).toBe(1);
    expect(ra.succeeded + rb.succeeded).toBe(1);
    advance(30_000);
    expect(await a.tick()).toMatchObject({ scheduled: 0, succeeded: 0 });
    advance(30_000);
    expect(await b.tick()).toMatchObject({ scheduled: 1, succeeded: 1 });
    expect(ran).toHaveLength(2);
    const jobs = await db.prisma.job.findMany({ where: { type }, orderBy: { runAt: "asc" }, select: { dedupeKey: true, status: true } });
    expect(jobs.map((j) => j.status)).toEqual(["SUCCEEDED", "SUCCEEDED"]);
    expect(new Set(jobs.map((j) => j.dedupeKey)).size).toBe(2);
  });
});

describe("racing runners", () => {
  it.skipIf(!onPostgres)("never runs one job twice when two runners on separate connections share the queue", async () => {
    const type = freshType("race");
    const count = 60;
    for (let i = 0; i < count; i++) await enqueue(db.prisma, { type, payload: { i }, runAt: t });
    const other: Database = await openDatabase({ url: db.url! });
    try {
      const runs = new Map<string, string[]>();
      const handler =
        (who: string): JobHandler =>
        async ({ job: j }) => {
          runs.set(j.id, [...(runs.get(j.id) ?? []), who]);
          await new Promise((r) => setTimeout(r, 2 + Math.random() * 5));
        };
      const a = createJobRunner({ db: db.prisma, handlers: { [type]: handler("a") }, clock, log: quiet, workerId: "runner-a" });
      const b = createJobRunner({ db: other.prisma, handlers: { [type]: handler("b") }, clock, log: quiet, workerId: "runner-b" });
      const [ra, rb] = await Promise.all([a.tick(), b.tick()]);
      expect(ra.succeeded + rb.succeeded).toBe(count);
      expect(runs.size).toBe(count);
      expect([...runs.values()].filter((who) => who.length !== 1)).toEqual([]);
      // Both runners took part: the lock skipped, it did not serialise them onto one runner.
      expect(ra.succeeded).toBeGreaterThan(0);
      expect(rb.succeeded).toBeGreaterThan(0);
      const rows = await db.prisma.job.groupBy({ by: ["status"], where: { type }, _count: true, _max: { attempts: true } });
      expect(rows).toEqual([{ status: "SUCCEEDED", _count: count, _max: { attempts: 1 } }]);
    } finally {
      await other.close();
    }
  });
});

describe("start and stop", () => {
  it("polls until stopped and lets the job in hand finish", async () => {
    const type = freshType("loop");
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const queued = await add(type);
    const r = runner({ [type]: () => gate });
    r.start(20);
    for (let i = 0; i < 200 && (await job(queued.id)).status !== "RUNNING"; i++) await new Promise((res) => setTimeout(res, 10));
    const stopped = r.stop(5_000);
    setTimeout(release, 50);
    await stopped;
    expect((await job(queued.id)).status).toBe("SUCCEEDED");
    // Stopped: a new job stays queued.
    const later = await add(type);
    await new Promise((res) => setTimeout(res, 100));
    expect((await job(later.id)).status).toBe("QUEUED");
  });
});
