import "server-only";
import { TRPCError } from "@trpc/server";
import { headers } from "next/headers";
import { cache } from "react";
import { createServerCaller } from "@/server/api/caller";

/**
 * The signed-in person's open manual tasks for the navigation, or null when they fulfil nothing by
 * hand (fulfilment.myTasks answers FORBIDDEN, or any other refusal).
 */
export const fulfilmentNavFacts = cache(async (): Promise<{ open: number } | null> => {
  try {
    const caller = await createServerCaller(new Headers(await headers()));
    const tasks = await caller.fulfilment.myTasks();
    return { open: tasks.open };
  } catch (error) {
    // Anything else (Next.js's own rendering signals among them) is not the navigation's to swallow.
    if (error instanceof TRPCError) return null;
    throw error;
  }
});
