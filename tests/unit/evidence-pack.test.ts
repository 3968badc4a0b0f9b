import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { csvField, csvLine } from "@/server/domain/evidence/csv";
import { sameKey, signatureMatches, signManifest } from "@/server/domain/evidence/manifest";
import { generateEvidenceKey, loadEvidenceKey } from "@/server/domain/evidence/signing-key";

describe("evidence CSV", () => {
  it("quotes commas, quotes and line breaks, and writes objects as JSON", () => {
    expect(csvLine(["a", 'say "hi"', "x,y", "two\nlines", null, 3, { role: "ro" }])).toBe('a,"say ""hi""","x,y","two\nlines",,3,"{""role"":""ro""}"\r\n');
  });
  it("defuses text a spreadsheet would run as a formula, but not negative numbers", () => {
    expect(csvField("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvField("@sum")).toBe("'@sum");
    expect(csvField(-5)).toBe("-5");
  });
});

describe("manifest signature", () => {
  it("accepts the signed bytes and refuses one changed byte or another key", () => {
    const key = generateEvidenceKey();
    const other = generateEvidenceKey();
    const bytes = Buffer.from('{"format":"x"}\n');
    const sig = signManifest(bytes, key.privateKey);
    expect(signatureMatches(bytes, sig, key.publicKeyPem)).toBe(true);
    expect(signatureMatches(Buffer.from('{"format":"y"}\n'), sig, key.publicKeyPem)).toBe(false);
    expect(signatureMatches(bytes, sig, other.publicKeyPem)).toBe(false);
    expect(signatureMatches(bytes, "not base64!", "not a key")).toBe(false);
    expect(sameKey(key.publicKeyPem, key.publicKeyPem)).toBe(true);
    expect(sameKey(key.publicKeyPem, other.publicKeyPem)).toBe(false);
  });
});

describe("signing key file", () => {
  it("is created once and read back the same", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "evidence-key-"));
    try {
      const file = path.join(dir, "evidence", "evidence-key.pem");
      const created = loadEvidenceKey(file, true);
      expect(loadEvidenceKey(file, false).publicKeyPem).toBe(created.publicKeyPem);
      expect(() => loadEvidenceKey(path.join(dir, "missing.pem"), false)).toThrow(/does not exist/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
