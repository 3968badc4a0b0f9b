import { webhookCallbackResponse } from "@/server/connectors/webhook/callback";
import { getPrisma } from "@/server/db/client";

/** Signed confirmations from webhook targets; see server/connectors/webhook/callback.ts. */
export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  return webhookCallbackResponse(await getPrisma(), request, new Date());
}
