import { headers } from "next/headers";
import { Suspense } from "react";
import { parseTableQuery } from "@/components/data-table/table-query";
import { ExplorerTable } from "@/components/explorer/explorer-table";
import { EXPLORER_SPEC, toExplorerSearchInput } from "@/components/explorer/query";
import { AppShell, PageHeader } from "@/components/layout/app-shell";
import { ExportSearchPack } from "@/components/packs/export-search-pack";
import { createServerCaller } from "@/server/api/caller";
import { requireUser } from "@/server/auth/session";
import { mayExportEvidence } from "@/server/domain/evidence/ticket-pack";

export const dynamic = "force-dynamic";

export default async function EvidenceExplorerPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser("/evidence");
  const query = parseTableQuery(EXPLORER_SPEC, await searchParams);
  const caller = await createServerCaller(new Headers(await headers()));
  const input = toExplorerSearchInput(query);
  const [page, report, options] = await Promise.all([
    caller.explorer.search(input),
    caller.explorer.controlReport({ ...input.filter, control: undefined }),
    caller.explorer.options(),
  ]);
  const everyTicket = user.roles.includes("AUDITOR") || user.roles.includes("ADMIN");
  return (
    <AppShell user={user}>
      <PageHeader
        title="Evidence explorer"
        description={
          everyTicket
            ? "Search every ticket by its words, people, systems, policy and the controls its evidence supports. Open a ticket for its full evidence."
            : "Search the tickets you asked for, those for you, and those of the NHIs you own. Open a ticket for its full evidence."
        }
      >
        {mayExportEvidence(user.roles) ? (
          <Suspense>
            <ExportSearchPack />
          </Suspense>
        ) : null}
      </PageHeader>
      <Suspense>
        <ExplorerTable initial={{ query, page, report }} options={options} />
      </Suspense>
    </AppShell>
  );
}
