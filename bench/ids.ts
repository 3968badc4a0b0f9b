/**
 * Deterministic, random-looking version-4 UUIDs: a hash of (seed, table, counter). Ids of one
 * table never collide (the hash is a bijection of the counter for a fixed seed and table), and a
 * row's id does not depend on how many rows other tables have, so ids can be derived from a
 * ticket's position without generating anything else first.
 */
function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}

const hex8 = (n: number): string => n.toString(16).padStart(8, "0");

export class IdSpace {
  private readonly salt: number;

  constructor(seed: number, table: string) {
    let h = mix32(seed ^ 0x9e3779b9);
    for (let i = 0; i < table.length; i++) h = mix32(h ^ table.charCodeAt(i));
    this.salt = h;
  }

  /** The UUID of the n-th row (n < 2^32). */
  id(n: number): string {
    // The first word is a bijection of n (xor with a constant, then an invertible mix), which
    // keeps ids unique; the other words only make the id look random.
    const a = mix32((n ^ this.salt) >>> 0);
    const b = mix32(a ^ 0x68e31da4);
    const c = mix32(b ^ 0xb5297a4d);
    const d = mix32(c ^ 0x1b56c4e9);
    const s = hex8(a) + hex8(b) + hex8(c) + hex8(d);
    const variant = ((parseInt(s[16]!, 16) & 0x3) | 0x8).toString(16);
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-4${s.slice(13, 16)}-${variant}${s.slice(17, 20)}-${s.slice(20, 32)}`;
  }
}
