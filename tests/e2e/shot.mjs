// The README's screenshots: a page (or one element of it) in headless Chromium.
//   node shot.mjs <URL> <out.png> [CSS selector] [width] [height]
// Not a test; e.g. docs/screenshots/review-changes.png is
//   node shot.mjs "file://$PWD/../../dist/_review/en-GB/<id>.html#changes" out.png "section.change[data-channel=landing]" 1300 900
import { launch } from "./browser.mjs";
const [url, out, selector, w, h] = process.argv.slice(2);
const browser = await launch();
const page = await browser.newPage({ viewport: { width: +w || 1280, height: +h || 900 } });
await page.goto(url);
await page.waitForTimeout(2000);
if (selector) await page.locator(selector).first().screenshot({ path: out });
else await page.screenshot({ path: out });
await browser.close();
