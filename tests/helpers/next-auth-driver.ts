import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import NextAuth, { type NextAuthOptions } from "next-auth";

export interface AuthTestServer {
  origin: string;
  close(): Promise<void>;
}

/**
 * next-auth's real handler behind a real HTTP server on 127.0.0.1, mounted the way a Next.js API
 * route hands it a request (`req.query.nextauth`, parsed cookies and body). The App Router handler
 * runs the same core; it only reads cookies through next/headers, which needs a Next.js server.
 */
export async function startAuthServer(options: NextAuthOptions, port = 0): Promise<AuthTestServer> {
  const server: Server = createServer((req, res) => {
    handle(options, req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function handle(options: NextAuthOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  if (!url.pathname.startsWith("/api/auth/")) {
    res.writeHead(200, { "content-type": "text/plain" }).end(`page ${url.pathname}`);
    return;
  }
  const raw = await new Promise<string>((resolve) => {
    let data = "";
    req.on("data", (chunk: Buffer) => (data += chunk.toString("utf8")));
    req.on("end", () => resolve(data));
  });
  const type = req.headers["content-type"] ?? "";
  const body = type.includes("json") ? JSON.parse(raw || "{}") : Object.fromEntries(new URLSearchParams(raw));
  const apiReq = Object.assign(req, {
    query: { ...Object.fromEntries(url.searchParams), nextauth: url.pathname.slice("/api/auth/".length).split("/") },
    cookies: parseCookieHeader(req.headers.cookie ?? ""),
    body,
  });
  const apiRes = Object.assign(res, {
    status(code: number) {
      res.statusCode = code;
      return apiRes;
    },
    json(value: unknown) {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify(value));
    },
    send(value: unknown) {
      if (typeof value === "string") res.end(value);
      else apiRes.json(value);
    },
  });
  await NextAuth(apiReq as never, apiRes as never, options);
}

function parseCookieHeader(header: string): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0) cookies[part.slice(0, eq).trim()] = decodeURIComponent(part.slice(eq + 1).trim());
  }
  return cookies;
}

/** A minimal browser: one cookie jar per host, redirects followed by hand so each hop is visible. */
export class TestBrowser {
  readonly jars = new Map<string, Map<string, string>>();

  cookies(url: string): Map<string, string> {
    const host = new URL(url).host;
    let jar = this.jars.get(host);
    if (!jar) this.jars.set(host, (jar = new Map()));
    return jar;
  }

  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const jar = this.cookies(url);
    const headers: Record<string, string> = { cookie: [...jar].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("; ") };
    let body: string | undefined;
    if (init.form) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(init.form).toString();
    }
    const response = await fetch(url, { method: init.method ?? "GET", headers, body, redirect: "manual" });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = decodeURIComponent(pair.slice(eq + 1).trim());
      const expired = /expires=Thu, 01 Jan 1970/i.test(line) || /max-age=0(;|$)/i.test(line);
      if (expired || value === "") jar.delete(name);
      else jar.set(name, value);
    }
    return response;
  }

  /** Follows redirects from `url` until a response that is not a redirect; returns every URL visited. */
  async follow(url: string, init: { method?: string; form?: Record<string, string> } = {}, maxHops = 15) {
    const visited: string[] = [];
    let response = await this.request(url, init);
    visited.push(url);
    for (let hop = 0; hop < maxHops; hop++) {
      const location = response.headers.get("location");
      if (response.status < 300 || response.status >= 400 || !location) return { response, visited, url: visited.at(-1)! };
      const next = new URL(location, visited.at(-1)).toString();
      visited.push(next);
      response = await this.request(next);
    }
    throw new Error(`too many redirects: ${visited.join(" -> ")}`);
  }
}
