import { expect, test } from "./fixtures";
import { AdminPolicyEditorPage, AdminPolicyReviewPage } from "./pages/admin-policy-page";
import { RequestFormPage } from "./pages/request-form-page";

const SHOTS = "test-results/screenshots";
const PATTERN = "pa-eng-nonprod-read";

test.describe.configure({ mode: "serial" });

test("an invalid draft shows its problems by path and rule and cannot be published", async ({ page, signInAs }) => {
  await signInAs("adam");
  const editor = new AdminPolicyEditorPage(page);
  await editor.goto();

  // Lists typed as text keep what is being typed: the comma before the next entry survives.
  await editor.openTab("Workflows");
  const members = page.getByRole("listitem", { name: "Group security-reviewers" }).getByLabel("Members (comma-separated emails)");
  await members.press("End");
  await members.pressSequentially(", nina.new@acme.example");
  await expect(members).toHaveValue(/adam\.admin@acme\.example, nina\.new@acme\.example$/);

  // Rule "default" routes to manager-approval: without that workflow the draft is invalid.
  await editor.removeWorkflow("manager-approval");
  await expect(editor.problems).toContainText("rules[10].then.workflow");
  await expect(editor.problems).toContainText("workflow-exists");
  await editor.save();
  await expect(editor.saveStatus).toContainText("problem");

  await editor.openTab("Rules");
  const defaultRule = editor.rule(11, "default");
  await expect(defaultRule.getByRole("combobox", { name: "Workflow" })).toHaveAttribute("aria-invalid", "true");
  await expect(defaultRule).toContainText("workflow-exists");
  await page.screenshot({ path: `${SHOTS}/admin-policy-invalid.png`, fullPage: true });

  const review = new AdminPolicyReviewPage(page);
  await review.goto();
  await expect(review.problems).toContainText("rules[10].then.workflow");
  await expect(review.publishButton).toBeDisabled();
  await expect(review.note).toBeDisabled();

  // The server refuses too, whatever the page shows.
  const response = await page.request.post("/api/trpc/policy.publish", { data: { json: { note: "Should be refused" } } });
  expect(response.status()).toBe(400);
  expect(await response.text()).toContain("rules[10].then.workflow");

  // Put the published version back into the draft for the next test.
  await editor.goto();
  await editor.openTab("Raw JSON");
  const current = await page.request.get("/api/trpc/policy.current");
  const body = (await current.json()) as { result: { data: { json: { document: unknown } } } };
  await page.getByLabel("Policy document JSON").fill(JSON.stringify(body.result.data.json.document, null, 2));
  await page.getByRole("button", { name: "Apply JSON" }).click();
  await editor.save();
  await expect(editor.saveStatus).toContainText("It is valid");
});

test("an admin changes the policy, reviews the diff and simulation, publishes, and the requester's preview follows", async ({ page, signInAs, homePage }) => {
  await signInAs("adam");
  const editor = new AdminPolicyEditorPage(page);
  await editor.goto();
  await page.screenshot({ path: `${SHOTS}/admin-policy-workflows.png`, fullPage: true });
  for (const [tab, file] of [["Risk tiers", "risk"], ["TTL caps", "ttl"], ["SoD rules", "sod"], ["Exception types", "exceptions"], ["Raw JSON", "json"]] as const) {
    await editor.openTab(tab);
    await page.screenshot({ path: `${SHOTS}/admin-policy-${file}.png`, fullPage: true });
  }

  await editor.setPatternMaxHours(PATTERN, 4);
  await page.screenshot({ path: `${SHOTS}/admin-policy-patterns.png`, fullPage: true });
  // Everything no earlier rule catches now needs the resource owner as well as the manager.
  await editor.setRuleWorkflow(11, "default", "manager-and-owner");
  await page.screenshot({ path: `${SHOTS}/admin-policy-rules.png`, fullPage: true });
  await editor.save();
  await expect(editor.saveStatus).toContainText("It is valid");

  await editor.reviewLink.click();
  const review = new AdminPolicyReviewPage(page);
  await expect(review.changes).toContainText(`preApprovedPatterns[id=${PATTERN}].maxTtlHours`);
  await expect(review.changes).toContainText("8");
  await expect(review.changes).toContainText("4");
  await expect(review.changes).toContainText("rules[id=default].then.workflow");
  await expect(review.simulationHeading).toBeVisible();
  const changed = await review.changedCount();
  expect(changed).toBeGreaterThan(0);
  await expect(review.changedDecisions.getByRole("row")).toHaveCount(changed + 1);
  await expect(review.changedDecisions.getByRole("link").first()).toHaveAttribute("href", /^\/requests\/AR-\d{6}$/);
  await expect(review.changedDecisions).toContainText("Manager, then resource owner");
  await page.screenshot({ path: `${SHOTS}/admin-policy-review.png`, fullPage: true });

  const version = await review.publish("Pre-approved staging reads last at most 4 hours; the default route adds the resource owner.");
  expect(version).toBe(2);

  await page.goto("/admin/policy/versions");
  const versions = page.getByRole("table", { name: "Policy versions" });
  await expect(versions.getByRole("row", { name: /v2/ })).toContainText("Pre-approved staging reads last at most 4 hours");
  await page.screenshot({ path: `${SHOTS}/admin-policy-versions.png`, fullPage: true });
  await homePage.signOut();

  await signInAs("riley");
  const form = new RequestFormPage(page);
  await form.goto();
  await form.catalogue.pick("staging", "Read staging data");
  await form.expectPreview(`Auto-approved under pattern ${PATTERN} for up to 4 hours`);
  await form.expectPreview("Policy v2");
  await form.catalogue.pick("staging", "Run staging migrations");
  await form.expectPreview("Goes to workflow Manager, then resource owner");
  await page.screenshot({ path: `${SHOTS}/admin-policy-requester-preview.png`, fullPage: true });
});

test("versions: export a version, import a file (refused with paths, then accepted)", async ({ page, signInAs }) => {
  await signInAs("adam");
  await page.goto("/admin/policy/versions");
  const versions = page.getByRole("table", { name: "Policy versions" });
  await expect(versions.getByRole("row", { name: /v2/ })).toContainText("Current");

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export v1" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^policy-v1-[0-9a-f]{12}\.json$/);
  const exported = JSON.parse(await readDownload(download)) as { format: string; version: number; document: { rules: { id: string; then: { workflow?: string } }[] } };
  expect(exported).toMatchObject({ format: "access-policy", version: 1 });

  // A file whose default rule names a workflow that does not exist is refused in place, by path and rule.
  const broken = structuredClone(exported);
  broken.document.rules.find((r) => r.id === "default")!.then.workflow = "missing-workflow";
  const fileInput = page.getByLabel("Policy file (JSON)");
  await fileInput.setInputFiles({ name: "broken.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(broken)) });
  const problems = page.getByRole("list", { name: "Import problems" });
  await expect(problems).toContainText("rules[10].then.workflow");
  await expect(problems).toContainText("workflow-exists");
  await expect(page.getByRole("button", { name: "Import into draft" })).toBeDisabled();
  await page.screenshot({ path: `${SHOTS}/admin-policy-import-errors.png`, fullPage: true });

  await fileInput.setInputFiles({ name: "v1.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(exported)) });
  await expect(page.getByRole("status").filter({ hasText: "is a valid policy document" })).toBeVisible();
  await page.getByRole("button", { name: "Import into draft" }).click();
  await page.waitForURL(/\/admin\/policy$/);
  await page.getByRole("tab", { name: /^Pre-approved patterns/ }).click();
  await expect(page.getByRole("region", { name: `Pattern ${PATTERN}`, exact: true }).getByLabel("Max hours")).toHaveValue("8");
});

test("versions: roll back to v1 publishes its document again as a new version", async ({ page, signInAs }) => {
  await signInAs("adam");
  await page.goto("/admin/policy/versions");
  const versions = page.getByRole("table", { name: "Policy versions" });
  await page.getByRole("button", { name: "Roll back to v1" }).click();
  const rollback = page.getByRole("form", { name: "Roll back to v1" });
  await rollback.getByLabel("Why roll back?").fill("Back to the original caps while we review staging usage.");
  await page.screenshot({ path: `${SHOTS}/admin-policy-rollback.png`, fullPage: true });
  await rollback.getByRole("button", { name: "Confirm rollback to v1" }).click();
  await expect(versions.getByRole("row", { name: /v3/ })).toContainText("Current");
  await expect(versions.getByRole("row", { name: /v3/ })).toContainText("Back to the original caps");
});

test("a pattern drafted from the suggestions reaches a clean editor at once, and an editor with edits refuses to save over it", async ({ page, signInAs }) => {
  await signInAs("adam");
  const editor = new AdminPolicyEditorPage(page);
  // Two different people asking is enough on the demo data.
  await page.goto("/admin/policy?minRequesters=2");
  await expect(editor.heading).toBeVisible();
  const suggestions = page.getByRole("list", { name: "Suggested patterns" }).getByRole("listitem");
  await expect(suggestions.nth(1)).toBeVisible();
  const refs = await Promise.all([0, 1].map(async (i) => (await suggestions.nth(i).locator("span.font-mono").first().textContent())!));
  const suggestion = (ref: string) => suggestions.filter({ has: page.getByText(ref, { exact: true }) });
  const draftPattern = async (ref: string): Promise<string> => {
    await suggestion(ref).getByRole("button", { name: `Draft a pre-approved pattern for ${ref}` }).click();
    const drafted = suggestion(ref).getByRole("status");
    await expect(drafted).toContainText("is in the saved draft");
    return (await drafted.locator(".font-mono").textContent())!;
  };

  // Without edits of its own, the editor shows the drafted pattern as soon as it is saved.
  const firstId = await draftPattern(refs[0]!);
  await editor.openTab("Pre-approved patterns");
  await expect(editor.pattern(firstId)).toBeVisible();

  // With an unsaved edit, a second drafted pattern is not overwritten: the editor says the draft
  // changed, and the server refuses the older copy.
  const maxHours = editor.pattern(firstId).getByLabel("Max hours");
  const edited = (await maxHours.inputValue()) === "3" ? 2 : 3;
  await editor.setPatternMaxHours(firstId, edited);
  const secondId = await draftPattern(refs[1]!);
  const changed = page.getByRole("alert").filter({ hasText: "The saved draft changed since you started editing" });
  await expect(changed).toBeVisible();
  await editor.saveButton.click();
  await expect(page.getByRole("status").filter({ hasText: "saved again since you loaded it" })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/admin-policy-draft-changed.png`, fullPage: true });

  // Taking the saved draft brings both patterns, without the discarded edit.
  await changed.getByRole("button", { name: "Reload the draft" }).click();
  await expect(editor.heading).toBeVisible();
  await editor.openTab("Pre-approved patterns");
  await expect(editor.pattern(secondId)).toBeVisible();
  await expect(editor.pattern(firstId).getByLabel("Max hours")).not.toHaveValue(String(edited));

  // Put the published version back into the draft.
  const current = await page.request.get("/api/trpc/policy.current");
  const body = (await current.json()) as { result: { data: { json: { document: unknown } } } };
  const restored = await page.request.post("/api/trpc/policy.saveDraft", { data: { json: { document: body.result.data.json.document } } });
  expect(restored.status()).toBe(200);
});

async function readDownload(download: { createReadStream: () => Promise<NodeJS.ReadableStream> }): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of await download.createReadStream()) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}
