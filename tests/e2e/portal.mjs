// Browser test of `unisono serve`, run by tests/e2e.rs:
//   node portal.mjs <portal URL> <workspace dir>
// Loads the review portal in headless Chromium, checks the matrix, opens a
// variant, edits the message file, and waits for the page to update live.
import { launch } from "./browser.mjs";
import fs from "node:fs";
import path from "node:path";

const [url, workspace] = process.argv.slice(2);
const fail = (msg) => { console.error("e2e: " + msg); process.exit(1); };

const browser = await launch();
try {
  const page = await browser.newPage();
  await page.goto(url);
  // The matrix: one row per message file, one cell per channel, a status badge each.
  const rows = await page.locator("#matrix tbody tr").count();
  if (rows !== 1) fail(`expected 1 message row, got ${rows}`);
  const badges = await page.locator("#matrix .status").allTextContents();
  if (badges.join(",") !== "draft,draft,draft,draft") fail(`unexpected statuses: ${badges}`);
  const channels = await page.locator("#matrix thead th").allTextContents();
  for (const c of ["edetail", "email", "landing", "video"]) {
    if (!channels.includes(c)) fail(`channel ${c} missing from the header: ${channels}`);
  }
  // The filter hides rows that do not match.
  await page.selectOption("#f-status", "draft");
  if (await page.locator("#matrix tbody tr:visible").count() !== 1) fail("the status filter hid a draft row");

  // Open the landing page, then edit the message and watch it update.
  await page.click("a[href$='landing/index.html']");
  await page.waitForSelector("h1");
  const before = await page.locator("main").innerText();
  if (!before.includes("once-daily oral treatment")) fail("the landing page lacks the summary");
  const file = path.join(workspace, "content/messages/sample-welcome.md");
  const text = fs.readFileSync(file, "utf8");
  fs.writeFileSync(file, text.replace("once-daily oral treatment", "once-daily oral tablet treatment"));
  await page.waitForFunction(
    () => document.querySelector("main").innerText.includes("once-daily oral tablet treatment"),
    null, { timeout: 15000 });
  // The email variant shows the same change.
  await page.goto(url + "en-GB/sample-welcome/email/index.html");
  if (!(await page.locator("body").innerText()).includes("once-daily oral tablet treatment")) fail("the email did not update");
  console.log("e2e: ok");
} finally {
  await browser.close();
}
