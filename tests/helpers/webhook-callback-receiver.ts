import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { PrismaClient } from "@/server/db/generated/client";
import { WEBHOOK_CALLBACK_PATH } from "@/server/connectors/webhook";
import { webhookCallbackResponse } from "@/server/connectors/webhook/callback";

/**
 * The portal's webhook callback endpoint on 127.0.0.1, for tests whose target calls back over
 * HTTP: each request goes through the same webhookCallbackResponse the route uses, against the
 * test's database. `statuses` lists the answers in the order they were given.
 */
export interface CallbackReceiver {
  callbackUrl: string;
  statuses: number[];
  close(): Promise<void>;
}

export async function startCallbackReceiver(db: PrismaClient): Promise<CallbackReceiver> {
  const statuses: number[] = [];
  const server: Server = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
      const request = new Request(`http://127.0.0.1${req.url ?? "/"}`, { method: req.method, headers, body: Buffer.concat(chunks) });
      const response = await webhookCallbackResponse(db, request, new Date());
      statuses.push(response.status);
      res.writeHead(response.status, { "content-type": "application/json" }).end(await response.text());
    })().catch((error: unknown) => {
      statuses.push(500);
      res.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    callbackUrl: `http://127.0.0.1:${port}${WEBHOOK_CALLBACK_PATH}`,
    statuses,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
