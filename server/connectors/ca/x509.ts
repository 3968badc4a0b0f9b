// @peculiar/x509 resolves its services through tsyringe, which needs the Reflect metadata API
// before the library's first import; Node's WebCrypto is the crypto provider.
import "reflect-metadata";
import { webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export { x509 };
export const subtle = webcrypto.subtle as unknown as SubtleCrypto;
