// The TextMate grammar has one source of truth, grammar/evn.tmLanguage.json at the
// root of the repository; the extension ships a copy made here at build time.
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const source = join(here, "..", "..", "..", "grammar", "evn.tmLanguage.json");
const target = join(here, "..", "syntaxes", "evn.tmLanguage.json");
mkdirSync(dirname(target), { recursive: true });
copyFileSync(source, target);
console.log(`copied ${source} -> ${target}`);
