import { Prisma, type PrismaClient } from "@/server/db/generated/client";
import { formatRequestNumber, parseRequestNumber } from "@/server/domain/requests/number";
import { textQuerySql } from "./where";

/** Where a text query matched a ticket, with the matched words marked (never HTML). */
export interface Snippet {
  source: "justification" | "scope" | "comment" | "decision" | "number";
  segments: { text: string; hit: boolean }[];
}

// Private-use characters cannot appear in what people type, so they mark hits unambiguously.
const START = "\uE000";
const STOP = "\uE001";
const HEADLINE_OPTIONS = `StartSel=${START}, StopSel=${STOP}, MaxWords=24, MinWords=10, ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "`;

/** Splits ts_headline's output at the hit markers. */
export function splitHighlight(text: string): Snippet["segments"] {
  const segments: Snippet["segments"] = [];
  const pattern = new RegExp(`${START}([^${STOP}]*)${STOP}`, "g");
  let at = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > at) segments.push({ text: text.slice(at, match.index), hit: false });
    if (match[1]) segments.push({ text: match[1], hit: true });
    at = match.index + match[0].length;
  }
  if (at < text.length) segments.push({ text: text.slice(at), hit: false });
  return segments;
}

interface SnippetRow {
  id: string;
  number: number;
  source: Snippet["source"] | null;
  headline: string | null;
}

/**
 * For each ticket on the page, the first place the query matches: the justification, the scope's
 * values, the earliest matching comment, then the earliest matching approver's comment; else, when
 * the query is this ticket's number, the number.
 */
export async function readSnippets(db: PrismaClient, ids: string[], q: string): Promise<Map<string, Snippet>> {
  const query = textQuerySql(q);
  const rows = await db.$queryRaw<SnippetRow[]>`
    SELECT r."id", r."number", m."source", m."headline"
    FROM "AccessRequest" r
    LEFT JOIN LATERAL (
      SELECT s."source", s."headline" FROM (
        SELECT 1 AS rank, 'justification' AS "source", ts_headline('english'::regconfig, r."justification", ${query}, ${HEADLINE_OPTIONS}) AS "headline"
        WHERE to_tsvector('english'::regconfig, r."justification") @@ ${query}
        UNION ALL
        SELECT 2, 'scope', ts_headline('english'::regconfig, sv.text, ${query}, ${HEADLINE_OPTIONS})
        FROM (SELECT string_agg(j.v #>> '{}', ' · ') AS text FROM jsonb_path_query(r."scope", 'strict $.**') AS j(v)
              WHERE jsonb_typeof(j.v) = 'string') sv
        WHERE to_tsvector('english'::regconfig, r."scope") @@ ${query}
        UNION ALL
        (SELECT 3, 'comment', ts_headline('english'::regconfig, c."body", ${query}, ${HEADLINE_OPTIONS})
         FROM "Comment" c WHERE c."requestId" = r."id" AND c."searchVector" @@ ${query} ORDER BY c."createdAt" LIMIT 1)
        UNION ALL
        (SELECT 4, 'decision', ts_headline('english'::regconfig, d."comment", ${query}, ${HEADLINE_OPTIONS})
         FROM "ApprovalDecision" d WHERE d."requestId" = r."id" AND d."searchVector" @@ ${query} ORDER BY d."createdAt" LIMIT 1)
      ) s ORDER BY s.rank LIMIT 1
    ) m ON TRUE
    WHERE r."id" IN (${Prisma.join(ids)})`;
  const number = parseRequestNumber(q);
  const out = new Map<string, Snippet>();
  for (const row of rows) {
    if (row.source && row.headline) out.set(row.id, { source: row.source, segments: splitHighlight(row.headline) });
    else if (number === row.number) out.set(row.id, { source: "number", segments: [{ text: formatRequestNumber(row.number), hit: true }] });
  }
  return out;
}
