import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { appRouter } from "@/server/api/root";
import { createTRPCRouter, protectedProcedure, publicProcedure, type TRPCContext } from "@/server/api/trpc";
import { AppError } from "@/server/domain/errors";
import { createUser, sessionFor, type TestUser } from "@/tests/helpers/api-fixtures";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/test-db";

// Procedures that fail in each way the pipeline must handle, built with the real builders.
const failing = createTRPCRouter({
  form: publicProcedure
    .input(z.object({ email: z.email("Enter a valid email"), reason: z.object({ text: z.string().min(10, "Say why in 10 characters or more") }) }))
    .mutation(() => "never"),
  notFound: publicProcedure.query(() => {
    throw new AppError("NOT_FOUND", "No such request");
  }),
  conflict: protectedProcedure.mutation(() => {
    throw new AppError("CONFLICT", "That email is taken", "email");
  }),
  precondition: publicProcedure.query(() => {
    throw new AppError("PRECONDITION_FAILED", "The ticket is no longer pending");
  }),
  internal: publicProcedure.query(() => {
    throw new AppError("INTERNAL", "connection string postgres://secret@db leaked");
  }),
  crash: publicProcedure.query(() => {
    throw new Error("TypeError deep inside with a private detail");
  }),
});
const router = createTRPCRouter({ failing, app: appRouter });

let db: TestDatabase;
let user: TestUser;

beforeAll(async () => {
  db = await createTestDatabase();
  user = await createUser(db.prisma, { name: "Form Filler", roles: ["REQUESTER"] });
});
afterAll(async () => {
  await db?.drop();
});

interface ErrorBody {
  error: { json: { message: string; code: number; data: { code: string; httpStatus: number; fieldErrors: Record<string, string> | null; stack?: string } } };
}

async function call(path: string, options: { mutation?: boolean; input?: unknown; signedIn?: boolean } = {}) {
  const url = new URL(`http://127.0.0.1/api/trpc/${path}`);
  const body = options.input === undefined ? undefined : JSON.stringify({ json: options.input });
  if (!options.mutation && body) url.searchParams.set("input", body);
  const ctx: TRPCContext = { db: db.prisma, session: options.signedIn ? sessionFor(user) : null };
  const response = await fetchRequestHandler({
    endpoint: "/api/trpc",
    req: new Request(url, {
      method: options.mutation ? "POST" : "GET",
      headers: options.mutation ? { "content-type": "application/json" } : {},
      body: options.mutation ? (body ?? "{}") : undefined,
    }),
    router,
    createContext: () => ctx,
  });
  return { status: response.status, body: (await response.json()) as ErrorBody };
}

describe("error pipeline over HTTP", () => {
  it("turns zod errors into field errors keyed by path", async () => {
    const { status, body } = await call("failing.form", { mutation: true, input: { email: "nope", reason: { text: "short" } } });
    expect(status).toBe(400);
    expect(body.error.json.data.code).toBe("BAD_REQUEST");
    expect(body.error.json.data.fieldErrors).toEqual({
      email: "Enter a valid email",
      "reason.text": "Say why in 10 characters or more",
    });
  });

  it.each([
    ["failing.notFound", false, 404, "NOT_FOUND", "No such request"],
    ["failing.precondition", false, 412, "PRECONDITION_FAILED", "The ticket is no longer pending"],
  ])("maps an AppError from %s to its tRPC code", async (path, mutation, status, code, message) => {
    const result = await call(path, { mutation });
    expect(result.status).toBe(status);
    expect(result.body.error.json.data.code).toBe(code);
    expect(result.body.error.json.message).toBe(message);
  });

  it("puts an AppError's field into fieldErrors", async () => {
    const { status, body } = await call("failing.conflict", { mutation: true, signedIn: true });
    expect(status).toBe(409);
    expect(body.error.json.data.fieldErrors).toEqual({ email: "That email is taken" });
  });

  it("answers unknown and internal errors with a generic message and logs them", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      for (const path of ["failing.crash", "failing.internal"]) {
        const { status, body } = await call(path);
        expect(status).toBe(500);
        expect(body.error.json.message).toMatch(/Something went wrong/);
        expect(JSON.stringify(body)).not.toMatch(/private detail|secret@db/);
      }
      expect(log).toHaveBeenCalledTimes(2);
      expect(String(log.mock.calls[0]?.[0])).toContain("failing.crash");
    } finally {
      log.mockRestore();
    }
  });

  it("answers UNAUTHORIZED (401) without a session and FORBIDDEN (403) without the role", async () => {
    expect((await call("app.me.get")).status).toBe(401);
    const forbidden = await call("app.users.list", { input: {}, signedIn: true });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.json.message).toMatch(/ADMIN/);
  });

  it("serves a real procedure to a signed-in user", async () => {
    const url = `app.me.get`;
    const ctx: TRPCContext = { db: db.prisma, session: sessionFor(user) };
    const response = await fetchRequestHandler({
      endpoint: "/api/trpc",
      req: new Request(`http://127.0.0.1/api/trpc/${url}`),
      router,
      createContext: () => ctx,
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { result: { data: { json: { email: string; roles: string[] } } } };
    expect(body.result.data.json).toMatchObject({ email: user.email, roles: ["REQUESTER"] });
  });
});
