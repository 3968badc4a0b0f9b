/**
 * Reads a newline-delimited JSON response line by line as it arrives, for the long-running
 * exports and checks whose server streams its progress. A non-2xx answer throws its `error`.
 */
export async function readNdjson<Line>(response: Response, onLine: (line: Line) => void): Promise<void> {
  if (!response.ok || !response.body) {
    const body = (await response.json().catch(() => null)) as { error?: string } | null;
    throw new Error(body?.error ?? `The server answered ${response.status}.`);
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffered += value;
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const text of lines) if (text.trim()) onLine(JSON.parse(text) as Line);
  }
}
