"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc/react";
import type { RequestInput } from "@/server/domain/requests/input";
import { useDebounced } from "./use-debounced";

const PREVIEW_DEBOUNCE_MS = 400;

/** The policy's decision for the form as it stands, asked again once typing pauses. */
export function useRequestPreview(input: RequestInput | null) {
  const trpc = useTRPC();
  const settled = useDebounced(input, PREVIEW_DEBOUNCE_MS);
  const result = useQuery({
    ...trpc.requests.preview.queryOptions(settled ?? ({} as RequestInput)),
    enabled: settled !== null,
    placeholderData: keepPreviousData,
    retry: false,
  });
  const zodErrors = (result.error?.data as { fieldErrors?: Record<string, string> | null } | undefined)?.fieldErrors ?? null;
  return {
    preview: settled === null ? undefined : result.data,
    /** field -> refusal: the policy's problems, or the shape errors the procedure answered with. */
    problems: { ...(zodErrors ?? {}), ...(result.data?.problems ?? {}) },
    error: result.error && !zodErrors ? result.error.message : null,
    pending: input !== null && (result.isFetching || JSON.stringify(input) !== JSON.stringify(settled)),
  };
}
