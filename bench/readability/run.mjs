// Mozilla Readability over a set of HTML files: the speed baseline for bench/speed.sh.
// Reads every input into memory first, then times JSDOM parsing plus Readability.parse() per page,
// the same work `winnow clean` does (parse + extract). Prints one machine-readable line.
//
// usage: node run.mjs FILE... | @LISTFILE...   (a list file names one input per line)

import { readFileSync } from "node:fs";
import { JSDOM } from "jsdom";
import { Readability } from "@mozilla/readability";

// The URL the corpus's expected output was produced with (see the corpus SOURCE.md).
const PAGE_URL = "http://fakehost/test/page.html";

function expandArguments(args) {
  const paths = [];
  for (const arg of args) {
    if (arg.startsWith("@")) {
      for (const line of readFileSync(arg.slice(1), "utf8").split(/\r?\n/)) {
        if (line) paths.push(line);
      }
    } else {
      paths.push(arg);
    }
  }
  return paths;
}

const paths = expandArguments(process.argv.slice(2));
if (paths.length === 0) {
  console.error("usage: node run.mjs FILE... | @LISTFILE");
  process.exit(2);
}
const documents = paths.map((path) => readFileSync(path));
const bytes = documents.reduce((sum, buffer) => sum + buffer.length, 0);

let extracted = 0;
let failed = 0;
const start = process.hrtime.bigint();
for (let i = 0; i < documents.length; i++) {
  // A page that makes jsdom or Readability throw is counted and skipped, not fatal to the run.
  let dom = null;
  try {
    // JSDOM sniffs the charset from the bytes, as a browser would.
    dom = new JSDOM(documents[i], { url: PAGE_URL });
    const article = new Readability(dom.window.document).parse();
    if (article && article.textContent) extracted++;
  } catch (error) {
    failed++;
    console.error(`readability: ${paths[i]}: ${error.message}`);
  }
  if (dom) dom.window.close();
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9;

const megabytes = bytes / 1e6;
console.log(
  `bytes ${bytes} pages ${documents.length} seconds ${seconds.toFixed(6)} ` +
    `MB/s ${(megabytes / seconds).toFixed(3)} pages/s ${(documents.length / seconds).toFixed(3)} ` +
    `extracted ${extracted} failed ${failed}`,
);
