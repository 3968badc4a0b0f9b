import { inflateSync } from "node:zlib";

/**
 * The text a PDF made with pdfkit's standard fonts shows, one string per text object, in page
 * order. It inflates each content stream and decodes the hex strings of its TJ operators, which is
 * all pdfkit writes for text; enough to assert what a report says without a PDF library.
 */
export function pdfTextRuns(pdf: Buffer): string[] {
  const runs: string[] = [];
  const latin1 = pdf.toString("latin1");
  const stream = /stream\n/g;
  for (let match = stream.exec(latin1); match; match = stream.exec(latin1)) {
    const start = match.index + match[0].length;
    const end = latin1.indexOf("\nendstream", start);
    let content: string;
    try {
      content = inflateSync(pdf.subarray(start, end)).toString("latin1");
    } catch {
      continue;
    }
    for (const tj of content.matchAll(/\[([^\]]*)\] TJ/g)) {
      const text = [...tj[1]!.matchAll(/<([0-9a-f]*)>/g)].map((h) => Buffer.from(h[1]!, "hex").toString("latin1")).join("");
      runs.push(text.replace(/\x85/g, "\u2026"));
    }
    stream.lastIndex = end;
  }
  return runs;
}

/** How many pages the PDF has, from its page tree. */
export function pdfPageCount(pdf: Buffer): number {
  return pdf.toString("latin1").match(/\/Type \/Page\n/g)?.length ?? 0;
}
