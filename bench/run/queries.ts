import type { Database } from "@/server/db/client";
import { listInbox } from "@/server/domain/approvals/inbox";
import type { ExplorerFilterInput } from "@/server/domain/explorer/filter";
import { searchTickets } from "@/server/domain/explorer/search";
import type { Viewer } from "@/server/domain/requests/visibility";
import { latency, type Latency } from "./measure";

export interface QueryCase {
  name: string;
  /** What the case asks, in words (approvers' queue sizes, the filter, the word and its matches). */
  detail: string;
  latency: Latency;
}

/** The inputs the query phase and the EXPLAIN phase share. */
export interface QueryInputs {
  approvers: { id: string; open: number }[];
  auditor: Viewer;
  filter: ExplorerFilterInput;
  filterLabel: string;
  commonWord: { word: string; tickets: number };
  rareWord: { word: string; tickets: number };
}

const auditorViewer = (row: { id: string; roles: string[] }): Viewer => ({ id: row.id, roles: row.roles });

export async function queryInputs(db: Database): Promise<QueryInputs> {
  return db.withSession(async (s) => {
    const approvers = await s.query<{ id: string; open: number }>(
      `SELECT "approverId" AS id, count(*)::int AS open FROM "ApprovalAssignment" WHERE status = 'OPEN'
       GROUP BY "approverId" ORDER BY count(*) DESC, "approverId" LIMIT 3`,
    );
    if (approvers.length === 0) throw new Error("queries: no approver has an open assignment");
    const [auditor] = await s.query<{ id: string; roles: string[] }>(
      `SELECT id, roles::text[] AS roles FROM "User" WHERE 'AUDITOR' = ANY(roles::text[]) AND active ORDER BY email LIMIT 1`,
    );
    if (!auditor) throw new Error("queries: the organisation has no auditor");
    const [system] = await s.query<{ id: string; name: string; tickets: number }>(
      `SELECT s.id, s.name, count(*)::int AS tickets FROM "AccessRequest" r JOIN "System" s ON s.id = r."systemId"
       GROUP BY s.id, s.name ORDER BY count(*) DESC, s.id LIMIT 1`,
    );
    const [{ total }] = (await s.query<{ total: number }>(`SELECT count(*)::int AS total FROM "AccessRequest"`)) as [{ total: number }];
    // Lexemes of everything the explorer's text search reads (justification and scope, comments,
    // decision comments); the closest candidates are then counted the way the explorer counts.
    const words = await s.query<{ word: string; ndoc: number }>(
      `SELECT word, ndoc FROM ts_stat('SELECT "searchVector" FROM "AccessRequest" UNION ALL SELECT "searchVector" FROM "Comment" UNION ALL SELECT "searchVector" FROM "ApprovalDecision"')
       WHERE word ~ '^[a-z]{5,}$'`,
    );
    const target = Math.max(2, Math.round(total * 0.01));
    const near = [...words].sort((a, b) => Math.abs(a.ndoc - target) - Math.abs(b.ndoc - target) || a.word.localeCompare(b.word)).slice(0, 8);
    const counted: { word: string; ndoc: number }[] = [];
    for (const w of near) counted.push({ word: w.word, ndoc: (await searchTickets(db.prisma, auditorViewer(auditor), { filter: { q: w.word }, pageSize: 1 })).total });
    const common = counted.sort((a, b) => Math.abs(a.ndoc - target) - Math.abs(b.ndoc - target) || a.word.localeCompare(b.word))[0];
    const rare = words.filter((w) => w.ndoc >= 2 && w.ndoc <= 5).sort((a, b) => a.word.localeCompare(b.word))[0] ?? words.sort((a, b) => a.ndoc - b.ndoc)[0];
    if (!common || !rare || !system) throw new Error("queries: the tickets have no words to search for");
    return {
      approvers,
      auditor: { id: auditor.id, roles: auditor.roles },
      filter: { status: ["ACTIVE"], systemId: system.id },
      filterLabel: `status ACTIVE and system "${system.name}" (${system.tickets} tickets of the system)`,
      commonWord: { word: common.word, tickets: common.ndoc },
      rareWord: { word: rare.word, tickets: rare.ndoc },
    };
  });
}

/** p50/p95 of the approver inbox's first page and of the explorer's searches, each after a warm-up. */
export async function benchQueries(db: Database, inputs: QueryInputs, runs: number, warmup: number): Promise<QueryCase[]> {
  const { approvers, auditor } = inputs;
  const cases: QueryCase[] = [];
  cases.push({
    name: "Approver inbox, first page",
    detail: `the ${approvers.length} approvers with the largest open queues (${approvers.map((a) => a.open).join(", ")} open), 25 rows, SLA order`,
    latency: await latency(runs, warmup, (i) => listInbox(db.prisma, { id: approvers[i % approvers.length]!.id })),
  });
  const search = async (name: string, filter: ExplorerFilterInput, detail: string) => {
    let total = 0;
    const measured = await latency(runs, warmup, async () => {
      total = (await searchTickets(db.prisma, auditor, { filter })).total;
    });
    cases.push({ name, detail: `${detail}; ${total} tickets match`, latency: measured });
  };
  await search("Explorer search, filter", inputs.filter, inputs.filterLabel);
  await search("Explorer search, full text (~1%)", { q: inputs.commonWord.word }, `"${inputs.commonWord.word}"`);
  await search("Explorer search, full text (few)", { q: inputs.rareWord.word }, `"${inputs.rareWord.word}"`);
  return cases;
}
