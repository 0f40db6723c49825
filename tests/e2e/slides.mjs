// Every slide of every deck, laid out by Chromium, run by tests/e2e.rs:
//   node slides.mjs <deck.html>...
// A slide passes when nothing overflows it (no scrolling inside the fixed
// canvas, every visible element inside its box) and nothing overlaps the
// footer or the draft band. Prints "e2e: ok <n> slides" or each problem.
import { launch } from "./browser.mjs";
import { pathToFileURL } from "node:url";

const decks = process.argv.slice(2);
const browser = await launch();
const problems = [];
let slides = 0;
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  for (const deck of decks) {
    await page.goto(pathToFileURL(deck).href);
    const found = await page.evaluate(() => {
      const out = [];
      const slides = [...document.querySelectorAll("section.slide")];
      for (const s of slides) {
        const id = s.id;
        const box = s.getBoundingClientRect();
        if (s.scrollHeight > s.clientHeight + 1 || s.scrollWidth > s.clientWidth + 1) {
          out.push(`${id}: content overflows (${s.scrollWidth}×${s.scrollHeight} in ${s.clientWidth}×${s.clientHeight})`);
        }
        const visible = [...s.querySelectorAll("*")].filter((el) => !el.closest(".chart-data"));
        for (const el of visible) {
          const r = el.getBoundingClientRect();
          if (r.width === 0 && r.height === 0) continue;
          if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1) {
            out.push(`${id}: <${el.tagName.toLowerCase()} class="${el.className.baseVal ?? el.className}"> leaves the slide`);
          }
        }
        const footer = s.querySelector(".footer")?.getBoundingClientRect();
        const draft = s.querySelector(".draft")?.getBoundingClientRect();
        for (const el of s.querySelectorAll(".top, h1, h2, .lead, .text, .km, .isi, .small, .references, figure")) {
          const r = el.getBoundingClientRect();
          if (footer && r.bottom > footer.top + 1) out.push(`${id}: ${el.className || el.tagName} overlaps the footer`);
          if (draft && r.top < draft.bottom - 1) out.push(`${id}: ${el.className || el.tagName} is under the draft band`);
        }
      }
      return { count: slides.length, out };
    });
    slides += found.count;
    for (const p of found.out) problems.push(`${deck}: ${p}`);
  }
} finally {
  await browser.close();
}
if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log(`e2e: ok ${slides} slides`);
