// The language configuration and snippets as VS Code reads them: the word pattern
// keeps EVN names whole, and the snippets are valid JSON with the expected prefixes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

const read = (file) => JSON.parse(readFileSync(new URL(`../${file}`, import.meta.url), "utf8"));

test("the word pattern keeps EVN names whole", () => {
  const { wordPattern } = read("language-configuration.json");
  const re = new RegExp(wordPattern.pattern, `${wordPattern.flags}g`);
  const words = (text) => text.match(re);
  for (const name of ["MCF-7/ADR", "G2/M-arrest", "P-gp", "5-FU", "17β-estradiol", "NF-κB", "HER2+", "SKN@FPD", "70-72", "3,3'"]) {
    if (name === "3,3'") {
      assert.deepEqual(words(name), ["3", "3'"]);
    } else {
      assert.deepEqual(words(name), [name], name);
    }
  }
  assert.deepEqual(words("carrier SLN(talazoparib) downregulates MDR1, BCRP in MCF-7/ADR cite(79)"), [
    "carrier", "SLN", "talazoparib", "downregulates", "MDR1", "BCRP", "in", "MCF-7/ADR", "cite", "79",
  ]);
  assert.deepEqual(words("`(DOX+CUR)-FA-NP` inhibits P-gp."), ["`(DOX+CUR)-FA-NP`", "inhibits", "P-gp"]);
});

test("comments, brackets and auto-closing pairs", () => {
  const config = read("language-configuration.json");
  assert.equal(config.comments.lineComment, "#");
  assert.deepEqual(config.autoClosingPairs.map((p) => p.open).sort(), ['"', "(", "`"]);
});

test("snippets for a claim, a definition, a reference and a section", () => {
  const snippets = read("snippets/evn.json");
  const prefixes = Object.values(snippets).flatMap((s) => s.prefix);
  for (const prefix of ["claim", "define", "ref", "section"]) {
    assert.ok(prefixes.includes(prefix), prefix);
  }
});

test("package.json contributes the language, the grammar and the settings", () => {
  const pkg = read("package.json");
  assert.equal(pkg.contributes.languages[0].id, "evn");
  assert.deepEqual(pkg.contributes.languages[0].extensions, [".evn"]);
  assert.equal(pkg.contributes.grammars[0].scopeName, "source.evn");
  const settings = pkg.contributes.configuration.properties;
  for (const key of ["evn.server.path", "evn.trace.server", "evn.rules"]) {
    assert.ok(key in settings, key);
  }
});
