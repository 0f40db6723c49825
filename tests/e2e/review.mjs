// Browser test of a decision from a review page, run by tests/e2e.rs:
//   node review.mjs <review page URL> <role> <approve|reject> <comment> [line | claim id]
// Opens the page in headless Chromium, fills the form and presses the
// button; prints the commit the server made.
import { launch } from "./browser.mjs";

const [url, role, decision, comment, anchor] = process.argv.slice(2);
const fail = (msg) => { console.error("e2e: " + msg); process.exit(1); };

const browser = await launch();
try {
  const page = await browser.newPage();
  await page.goto(url);
  // Every channel is on the page.
  const channels = await page.locator("section.variant").count();
  if (channels !== 4) fail(`expected 4 channels, got ${channels}`);
  await page.waitForSelector("#decide:not([hidden])", { timeout: 10000 });
  await page.selectOption("form#decision select[name=role]", role);
  await page.fill("form#decision textarea[name=comment]", comment);
  if (/^[0-9]+$/.test(anchor || "")) await page.fill("form#decision input[name=line]", anchor);
  else if (anchor) await page.selectOption("form#decision select[name=claim]", anchor);
  await page.click(`form#decision button[value=${decision}]`);
  await page.waitForFunction(
    () => document.getElementById("decision-result").textContent.startsWith("committed: "),
    null, { timeout: 60000 }).catch(async () => fail("no commit: " + await page.locator("#decision-result").innerText()));
  console.log("e2e: " + await page.locator("#decision-result").innerText());
} finally {
  await browser.close();
}
