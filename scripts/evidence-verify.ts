// `npm run evidence:verify -- pack.zip [--key public.pem]`: checks an evidence pack offline (the
// manifest's Ed25519 signature, each file's SHA-256 and size, missing and unlisted files) and names
// what was altered. Needs no database. Exit codes: 0 intact, 1 altered, 2 could not verify.
import { readFileSync } from "node:fs";
import { verifyEvidencePack } from "../server/domain/evidence/verify";

const USAGE = "Usage: npm run evidence:verify -- <pack.zip> [--key <public-key.pem>]";

async function main(args: string[]): Promise<number> {
  let pack: string | undefined;
  let keyFile: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--key") keyFile = args[++i];
    else if (arg === "--help" || arg === "-h") {
      console.log(USAGE);
      return 0;
    } else if (!pack) pack = arg;
    else {
      console.error(`Unexpected argument ${arg}\n${USAGE}`);
      return 2;
    }
  }
  if (!pack || (args.includes("--key") && !keyFile)) {
    console.error(USAGE);
    return 2;
  }
  let publicKeyPem: string | undefined;
  if (keyFile) {
    try {
      publicKeyPem = readFileSync(keyFile, "utf8");
    } catch (error) {
      console.error(`Cannot read the public key ${keyFile}: ${error instanceof Error ? error.message : String(error)}`);
      return 2;
    }
  }
  const result = await verifyEvidencePack(pack, { publicKeyPem });
  const m = result.manifest;
  console.log(`Evidence pack ${pack}`);
  if (m) {
    console.log(`  created ${m.createdAt}, ${m.ticketCount} ticket(s), pack ${m.packId}`);
    if (m.chain) console.log(`  audit events #${m.chain.first.seq} to #${m.chain.last.seq} (${m.chain.events} events), last hash ${m.chain.last.hash}`);
    console.log(`  signing key ${keyFile ? "pinned with --key" : "as named in the manifest (pin it with --key public.pem)"}`);
  }
  if (result.ok) {
    for (const f of m?.files ?? []) console.log(`  ok  ${f.path}  ${f.bytes} bytes  sha256 ${f.sha256}`);
    console.log("INTACT: the signature is valid and every file matches the manifest.");
    return 0;
  }
  console.log(`ALTERED: ${result.problems.length} problem(s)`);
  for (const p of result.problems) console.log(`  ${p.path}: ${p.problem}`);
  return 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`Could not verify: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
