"use client";

import { useSearchParams } from "next/navigation";
import { parseTableQuery } from "@/components/data-table/table-query";
import { EXPLORER_SPEC, toExplorerFilter } from "@/components/explorer/query";
import { ExportPackButton } from "./export-pack-button";

/** Exports the explorer's search as the URL holds it now, so the pack is exactly the result on screen. */
export function ExportSearchPack() {
  const params = useSearchParams();
  const filter = toExplorerFilter(parseTableQuery(EXPLORER_SPEC, Object.fromEntries(params.entries())).filters);
  return <ExportPackButton selection={{ filter }} label={Object.keys(filter).length ? "Export this result" : "Export every ticket"} />;
}
