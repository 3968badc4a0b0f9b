import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/server/db/client";
import { listInbox } from "@/server/domain/approvals/inbox";
import { searchTickets } from "@/server/domain/explorer/search";
import type { QueryInputs } from "./queries";

export interface ExplainedQuery {
  sql: string;
  params: unknown[];
  plan: string;
  /** Tables read by a sequential scan in the plan. */
  seqScans: string[];
}

export interface ExplainedCase {
  name: string;
  queries: ExplainedQuery[];
}

interface QueryEvent {
  query: string;
  params: string;
}

/**
 * Captures the SQL Prisma sends for the inbox and the explorer's searches (through its query log)
 * and runs each statement again under EXPLAIN (ANALYZE, BUFFERS) with the same parameters and,
 * as the explorer does, with JIT off. PostgreSQL only.
 */
export async function explainQueries(url: string, inputs: QueryInputs): Promise<ExplainedCase[]> {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool), log: [{ emit: "event", level: "query" }] });
  const seen: QueryEvent[] = [];
  (prisma as unknown as { $on(event: "query", fn: (e: QueryEvent) => void): void }).$on("query", (e) => seen.push({ query: e.query, params: e.params }));
  const capture = async (name: string, run: () => Promise<unknown>): Promise<ExplainedCase> => {
    seen.length = 0;
    await run();
    const statements = seen.filter((e) => /^\s*(SELECT|WITH)\b/i.test(e.query));
    const client = await pool.connect();
    try {
      await client.query("SET jit = off");
      const queries: ExplainedQuery[] = [];
      for (const e of statements) {
        const params = JSON.parse(e.params || "[]") as unknown[];
        const { rows } = await client.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${e.query}`, params);
        const plan = rows.map((r) => r["QUERY PLAN"]).join("\n");
        const seqScans = [...new Set([...plan.matchAll(/Seq Scan on "?(\w+)"?/g)].map((m) => m[1]!))];
        queries.push({ sql: e.query, params, plan, seqScans });
      }
      return { name, queries };
    } finally {
      client.release();
    }
  };
  try {
    const approver = inputs.approvers[0]!;
    return [
      await capture(`Approver inbox, first page (approver with ${approver.open} open assignments)`, () => listInbox(prisma, { id: approver.id })),
      await capture(`Explorer search, filter: ${inputs.filterLabel}`, () => searchTickets(prisma, inputs.auditor, { filter: inputs.filter })),
      await capture(`Explorer search, full text "${inputs.commonWord.word}"`, () => searchTickets(prisma, inputs.auditor, { filter: { q: inputs.commonWord.word } })),
      await capture(`Explorer search, full text "${inputs.rareWord.word}"`, () => searchTickets(prisma, inputs.auditor, { filter: { q: inputs.rareWord.word } })),
    ];
  } finally {
    await prisma.$disconnect();
    await pool.end();
  }
}
