"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import { useTRPC } from "@/lib/trpc/react";
import { formatDateTime } from "../labels";
import type { RouterOutputs } from "../router-types";
import { RadioRow } from "./radio-row";
import { ScopeText } from "./scope-diff";

export type ActiveGrant = RouterOutputs["requests"]["activeGrants"][number];

/** The subject's active grants as radio rows; MODIFY, REVOKE and ROTATE act on one of them. */
export function ActiveGrants({
  subjectId,
  selectedId,
  selected,
  onSelect,
  error,
  only,
}: {
  subjectId: string;
  selectedId: string;
  /** The grant the form holds; a grant chosen by a link (selectedId only) is taken up once loaded. */
  selected?: ActiveGrant | null;
  onSelect: (grant: ActiveGrant) => void;
  error?: string;
  /** ROTATE applies to secrets and certificates only. */
  only?: (grant: ActiveGrant) => boolean;
}) {
  const trpc = useTRPC();
  const result = useQuery({ ...trpc.requests.activeGrants.queryOptions({ subjectId }), enabled: !!subjectId });
  const grants = (result.data ?? []).filter((grant) => !only || only(grant));
  const linked = !selected && selectedId ? grants.find((g) => g.id === selectedId) : undefined;
  useEffect(() => {
    if (linked) onSelect(linked);
  }, [linked, onSelect]);
  return (
    <fieldset aria-describedby={error ? "grantId-error" : undefined} className="min-w-0">
      <legend className="mb-2 text-sm font-medium text-ink">Access held now</legend>
      <div className={`flex flex-col divide-y divide-line/70 rounded-lg border ${error ? "border-red-400" : "border-line"}`}>
        {!subjectId ? (
          <p className="px-3 py-4 text-sm text-muted">Choose who the access is for first.</p>
        ) : result.isPending ? (
          <p role="status" className="px-3 py-4 text-sm text-muted">
            Loading active grants…
          </p>
        ) : grants.length === 0 ? (
          <p className="px-3 py-4 text-sm text-muted">Nothing active that this kind of request applies to.</p>
        ) : (
          grants.map((grant) => (
            <RadioRow key={grant.id} name="grantId" value={grant.id} checked={selectedId === grant.id} onSelect={() => onSelect(grant)}>
              <span className="min-w-0 flex-1">
                <span className="block text-sm font-medium text-ink">
                  {grant.entitlementName ?? grant.type.toLowerCase()} <span className="font-normal text-muted">on {grant.systemName}</span>
                </span>
                <span className="block truncate text-xs text-muted">
                  <ScopeText scope={grant.scope} />
                </span>
              </span>
              <span className="shrink-0 text-right text-xs text-muted">
                {grant.requestNumber}
                <br />
                {grant.expiresAt ? `until ${formatDateTime(grant.expiresAt)}` : "no end date"}
              </span>
            </RadioRow>
          ))
        )}
      </div>
      {error ? (
        <p id="grantId-error" role="alert" className="mt-1.5 text-xs font-medium text-red-700">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
