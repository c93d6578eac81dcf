// The EVN extension end to end, as a user meets it: code-server (VS Code in a browser)
// with the extension installed from the freshly built .vsix, a folder of example files,
// and Debian's headless Chromium driving it through puppeteer-core. Each step asserts
// what the user would see and leaves a screenshot in $EVN_E2E_SCREENSHOTS.
//
//   bash install.sh && node e2e.mjs /path/to/evn /path/to/evn.vsix
//   bash install.sh && node e2e.mjs --bundled /path/to/evn /path/to/evn-linux-x64.vsix
//
// Without --bundled, the server is found where `cargo install` puts it (~/.cargo/bin/evn
// of the HOME code-server runs with). With --bundled, the .vsix must carry its server
// (npm run package:target): no evn is anywhere else, neither on PATH nor in ~/.cargo/bin,
// and no setting names one. /path/to/evn is then only what `evn check` runs to know
// what the Problems panel should show.
//
// Screenshots: $EVN_E2E_SCREENSHOTS, by default target/e2e-screenshots/ of the repository.
//
// Exits 0 when every step passes. Run by .ci/run after install.sh.

import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import puppeteer from "puppeteer-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const bundledMode = args[0] === "--bundled";
const [evnArg, vsixArg] = bundledMode ? args.slice(1) : args;
if (!evnArg || !vsixArg) {
  console.error("usage: node e2e.mjs [--bundled] /path/to/evn /path/to/evn.vsix");
  process.exit(2);
}
const evn = path.resolve(evnArg);
const vsix = path.resolve(vsixArg);
const chromium = process.env.CHROMIUM ?? "/usr/lib/chromium/chromium";
const shots = path.resolve(process.env.EVN_E2E_SCREENSHOTS ?? path.join(here, "..", "..", "..", "target", "e2e-screenshots"));
const codeServer = path.join(here, "node_modules", ".bin", "code-server");
const timeout = Number(process.env.EVN_E2E_TIMEOUT_MS ?? 60000);

fs.rmSync(shots, { recursive: true, force: true });
fs.mkdirSync(shots, { recursive: true });
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "evn-e2e-"));
const work = path.join(scratch, "review");
const dataDir = path.join(scratch, "data");
const extDir = path.join(scratch, "extensions");
fs.mkdirSync(work);
fs.mkdirSync(path.join(dataDir, "User"), { recursive: true });

// The example folder: one file with known mistakes, and two that depend on each other
// (uses.evn names a target that defs.evn defines).
const mistakes = fs.readFileSync(path.join(here, "workspace", "mistakes.evn"), "utf8");
for (const name of fs.readdirSync(path.join(here, "workspace"))) {
  fs.copyFileSync(path.join(here, "workspace", name), path.join(work, name));
}
fs.writeFileSync(
  path.join(dataDir, "User", "settings.json"),
  JSON.stringify(
    {
      "security.workspace.trust.enabled": false,
      "workbench.startupEditor": "none",
      "workbench.tips.enabled": false,
      "workbench.enableExperiments": false,
      "telemetry.telemetryLevel": "off",
      "update.mode": "none",
      "extensions.autoCheckUpdates": false,
      "editor.minimap.enabled": false,
      "editor.quickSuggestions": { other: false, comments: false, strings: false },
      "files.autoSave": "off",
      "window.restoreWindows": "none",
    },
    null,
    2,
  ),
);

let passed = 0;
let failed = 0;
let step = 0;
let page;
async function shot(name) {
  step += 1;
  const file = path.join(shots, `${String(step).padStart(2, "0")}-${name}.png`);
  await page.screenshot({ path: file });
  return file;
}
function check(ok, what, detail) {
  if (ok) {
    passed += 1;
    console.log(`ok: ${what}`);
  } else {
    failed += 1;
    console.log(`FAILED: ${what}${detail === undefined ? "" : ` (${detail})`}`);
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until it returns a truthy value; returns the last value. */
async function until(probe, ms = timeout, every = 250) {
  const end = Date.now() + ms;
  let value;
  for (;;) {
    value = await probe();
    if (value || Date.now() > end) {
      return value;
    }
    await sleep(every);
  }
}

/** `evn check --format json` on the example folder: errors + warnings per file. */
function cliCounts() {
  let out;
  try {
    out = execFileSync(evn, ["check", "--format", "json", "."], { cwd: work, encoding: "utf8" });
  } catch (error) {
    out = error.stdout; // exit 1: findings
  }
  const counts = {};
  for (const d of JSON.parse(out).diagnostics) {
    if (d.severity === "error" || d.severity === "warning") {
      const name = path.basename(d.file);
      counts[name] = (counts[name] ?? 0) + 1;
    }
  }
  return counts;
}

/** Runs a command from the command palette (F1), by its title. */
async function command(title) {
  await page.keyboard.press("F1");
  await page.waitForSelector(".quick-input-widget:not([style*='display: none']) input", { visible: true });
  await page.keyboard.type(title);
  await sleep(400);
  await page.keyboard.press("Enter");
  await sleep(400);
}

/** Presses a chord such as "Control+Shift+KeyK". */
async function press(chord) {
  const keys = chord.split("+");
  for (const key of keys.slice(0, -1)) {
    await page.keyboard.down(key);
  }
  await page.keyboard.press(keys[keys.length - 1]);
  for (const key of keys.slice(0, -1).reverse()) {
    await page.keyboard.up(key);
  }
  await sleep(300);
}

/** Opens a file of the folder by clicking it in the Explorer. */
async function open(name) {
  const row = await until(async () => {
    for (const candidate of await page.$$(".explorer-folders-view .monaco-list-row")) {
      const label = await candidate.evaluate((e) => e.querySelector(".label-name")?.textContent ?? e.textContent);
      if (label.trim() === name) {
        return candidate;
      }
    }
    return undefined;
  });
  if (row === undefined) {
    throw new Error(`${name} is not in the Explorer`);
  }
  await row.click();
  await until(() => page.evaluate((n) => document.querySelector(".tab.active")?.textContent?.includes(n), name), 10000);
  const lines = await page.waitForSelector(".editor-group-container.active .monaco-editor .view-lines", { visible: true, timeout });
  await lines.click();
  await sleep(300);
}

/** Puts the cursor at a 1-based line and column with Go to Line. */
async function goTo(line, column) {
  await press("Control+KeyG");
  await page.waitForSelector(".quick-input-widget input", { visible: true });
  await page.keyboard.type(`${line}:${column}`);
  await sleep(300);
  await page.keyboard.press("Enter");
  await sleep(300);
}

/** The Problems panel's rows: file rows ("name … N") and their markers' messages. */
async function problemRows() {
  return page.evaluate(() =>
    [...document.querySelectorAll(".markers-panel .monaco-list-row")].map((row) => row.getAttribute("aria-label") ?? row.textContent),
  );
}

/** The count badge the Problems panel shows next to a file (undefined: no row). */
async function problemCount(name) {
  return page.evaluate((n) => {
    for (const row of document.querySelectorAll(".markers-panel .monaco-list-row")) {
      const badge = row.querySelector(".monaco-count-badge");
      if (badge && (row.getAttribute("aria-label") ?? row.textContent).includes(n)) {
        return Number(badge.textContent.trim());
      }
    }
    return undefined;
  }, name);
}

const port = await freePort();
// The server is found where `cargo install` puts it, ~/.cargo/bin/evn (or, --bundled, in
// the extension), with no setting and no `evn` on the PATH code-server is started with.
const home = path.join(scratch, "home");
fs.mkdirSync(home);
if (!bundledMode) {
  fs.mkdirSync(path.join(home, ".cargo", "bin"), { recursive: true });
  fs.symlinkSync(evn, path.join(home, ".cargo", "bin", "evn"));
}
const searchPath = (process.env.PATH ?? "")
  .split(path.delimiter)
  .filter((dir) => dir !== "" && !fs.existsSync(path.join(dir, "evn")))
  .join(path.delimiter);
const env = { ...process.env, HOME: home, PATH: searchPath };
execFileSync(codeServer, ["--extensions-dir", extDir, "--user-data-dir", dataDir, "--install-extension", vsix], {
  env,
  stdio: "inherit",
});
if (bundledMode) {
  const installed = fs.readdirSync(extDir).find((name) => name.startsWith("evn.evn-"));
  const server = installed && path.join(extDir, installed, "bundled", "evn");
  let executable = false;
  try {
    fs.accessSync(server, fs.constants.X_OK);
    executable = true;
  } catch {}
  check(executable, `the installed extension carries its server, executable (${installed}/bundled/evn)`, server);
  const elsewhere = [...searchPath.split(path.delimiter), path.join(home, ".cargo", "bin")]
    .map((dir) => path.join(dir, "evn"))
    .filter((file) => fs.existsSync(file));
  check(elsewhere.length === 0, "no other evn: none on PATH, none in ~/.cargo/bin", elsewhere.join(", "));
}
const server = spawn(
  codeServer,
  [
    "--auth", "none",
    "--bind-addr", `127.0.0.1:${port}`,
    "--disable-telemetry",
    "--disable-update-check",
    "--disable-workspace-trust",
    "--disable-getting-started-override",
    "--extensions-dir", extDir,
    "--user-data-dir", dataDir,
    work,
  ],
  { env, stdio: ["ignore", "pipe", "pipe"] },
);
// Whatever happens below (Chromium failing to start too), code-server ends with the test.
process.on("exit", () => server.kill());
let serverLog = "";
server.stdout.on("data", (d) => (serverLog += d));
server.stderr.on("data", (d) => (serverLog += d));

const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  userDataDir: path.join(scratch, "chromium"),
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1400,900",
  ],
  defaultViewport: { width: 1400, height: 900 },
});

try {
  page = await browser.newPage();
  await until(async () => {
    try {
      await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(work)}`, { waitUntil: "domcontentloaded" });
      return true;
    } catch {
      return false;
    }
  }, 30000, 500);
  await page.waitForSelector(".explorer-folders-view .monaco-list-row", { timeout });
  await sleep(1000);

  // 1. The file with known mistakes: the Problems panel counts what `evn check` does.
  const expected = cliCounts();
  await open("mistakes.evn");
  await command("View: Focus Problems");
  const count = await until(async () => {
    const n = await problemCount("mistakes.evn");
    return n === expected["mistakes.evn"] ? n : undefined;
  });
  await shot("problems");
  check(count === expected["mistakes.evn"], `Problems shows ${expected["mistakes.evn"]} errors and warnings in mistakes.evn, as \`evn check\` does`,
    `shown ${await problemCount("mistakes.evn")}; rows ${JSON.stringify(await problemRows())}`);

  // 2. Hover on an alias names its canonical target (P-gp is ABCB1).
  const lines = mistakes.split("\n");
  const aliasLine = lines.findIndex((l) => l.includes(" P-gp "));
  await goTo(aliasLine + 1, lines[aliasLine].indexOf("P-gp") + 2);
  await press("Control+KeyK");
  await press("Control+KeyI");
  const hover = await until(() => page.evaluate(() => document.querySelector(".monaco-hover:not(.hidden) .hover-contents")?.textContent ?? ""), 15000);
  await shot("hover-alias");
  check(hover.includes("ABCB1"), "the hover on the alias P-gp names ABCB1", hover.slice(0, 200));
  await page.keyboard.press("Escape");

  // 3. Completion after a relation word offers targets.
  await press("Control+End");
  await page.keyboard.press("Enter");
  await page.keyboard.type("drug DOX inhibits ABC");
  await sleep(300);
  await press("Control+Space");
  const items = await until(async () => {
    const labels = await page.evaluate(() =>
      [...document.querySelectorAll(".suggest-widget.visible .monaco-list-row")].map((r) => r.getAttribute("aria-label") ?? ""),
    );
    return labels.length > 0 ? labels : undefined;
  }, 15000);
  await shot("completion");
  check((items ?? []).some((l) => l.includes("ABCB1")), "completion after `inhibits ABC` offers ABCB1", JSON.stringify(items?.slice(0, 8)));
  await page.keyboard.press("Escape");
  // Leave the file as it was: delete the typed line.
  await press("Control+Shift+KeyK");
  await press("Control+KeyS");
  await press("Control+End");

  // 3b. The qualifiers of spec 0.3: `eff` completes to `effect`, whose space opens the
  // measures; the relation word's hover then says the claim's evidence level.
  await page.keyboard.press("Enter");
  await page.keyboard.type("drug tamoxifen reduces proliferation in MCF-7 eff");
  await sleep(300);
  await press("Control+Space");
  const suggested = () =>
    page.evaluate(() =>
      [...document.querySelectorAll(".suggest-widget.visible .monaco-list-row")].map((r) => r.getAttribute("aria-label") ?? ""),
    );
  const qualifiers = await until(async () => {
    const labels = await suggested();
    return labels.some((l) => l.startsWith("effect")) ? labels : undefined;
  }, 15000);
  await shot("completion-effect");
  check(qualifiers !== undefined, "completion after `in MCF-7 eff` offers the qualifier `effect`", JSON.stringify(await suggested()));
  if (qualifiers !== undefined) {
    // Accept it: it is preselected (Enter), else click it.
    const focused = await page.evaluate(() => document.querySelector(".suggest-widget.visible .monaco-list-row.focused")?.getAttribute("aria-label") ?? "");
    if (focused.startsWith("effect")) {
      await page.keyboard.press("Enter");
    } else {
      for (const row of await page.$$(".suggest-widget.visible .monaco-list-row")) {
        if ((await row.evaluate((e) => e.getAttribute("aria-label") ?? "")).startsWith("effect")) {
          await row.click();
          break;
        }
      }
    }
    await sleep(300);
    await page.keyboard.type(" ");
    const measures = await until(async () => {
      const labels = await suggested();
      return labels.some((l) => l.startsWith("HR")) ? labels : undefined;
    }, 15000);
    await shot("completion-measure");
    // The editor renders spaces as no-break spaces.
    const typed = await page.evaluate(() =>
      (document.querySelector(".editor-group-container.active .view-lines")?.textContent ?? "").replace(/\u00a0/g, " "),
    );
    check(measures !== undefined, "after `effect ` the completion offers the measure HR", JSON.stringify((await suggested()).slice(0, 8)));
    check(typed.includes("MCF-7 effect"), "accepting the item wrote `effect`", typed.slice(-120));
  }
  // Finish the claim, so that it parses (and cites the file's reference), and hover its
  // relation word.
  await page.keyboard.press("Escape");
  await page.keyboard.type("HR 0.62 cite(79");
  await page.keyboard.press("Escape");
  await page.keyboard.press("Home");
  for (let i = 0; i < "drug tamoxifen re".length; i++) {
    await page.keyboard.press("ArrowRight");
  }
  await press("Control+KeyK");
  await press("Control+KeyI");
  // The hover's parts (a diagnostic's, the server's), as one text.
  const hovered = () =>
    page.evaluate(() =>
      [...document.querySelectorAll(".monaco-hover:not(.hidden) .hover-contents")].map((e) => e.textContent ?? "").join("\n"),
    );
  const level = await until(async () => {
    const text = await hovered();
    return text.includes("Evidence level") ? text : undefined;
  }, 15000);
  await shot("hover-evidence-level");
  check(level?.includes("Evidence level: in-vitro (derived from") ?? false, "the hover on `reduces` says the evidence level derived from MCF-7: in-vitro",
    (level ?? (await hovered())).slice(0, 300));
  await page.keyboard.press("Escape");
  // Leave the file as it was: delete the typed line.
  await press("Control+Shift+KeyK");
  await press("Control+KeyS");

  // 4. The quick fix of a did-you-mean: BCRQ becomes BCRP and its diagnostic goes.
  const typoLine = lines.findIndex((l) => l.includes("BCRQ"));
  await goTo(typoLine + 1, lines[typoLine].indexOf("BCRQ") + 2);
  await press("Control+Period");
  const actions = await until(async () => {
    const labels = await page.evaluate(() =>
      [...document.querySelectorAll(".action-widget .monaco-list-row")].map((r) => r.textContent ?? ""),
    );
    return labels.some((l) => l.includes("BCRP")) ? labels : undefined;
  }, 15000);
  await shot("quick-fix-menu");
  check(actions !== undefined, "Ctrl+. on BCRQ offers the replacement by BCRP", JSON.stringify(actions));
  if (actions !== undefined) {
    // Click the replacement itself (the menu also offers to suppress the rule).
    for (const row of await page.$$(".action-widget .monaco-list-row")) {
      if ((await row.evaluate((e) => e.textContent ?? "")).includes("BCRP")) {
        await row.click();
        break;
      }
    }
    await sleep(300);
    await press("Control+KeyS");
    const fixed = await until(() => fs.readFileSync(path.join(work, "mistakes.evn"), "utf8").includes("MDR1, BCRP, MRP1"), 10000);
    const gone = await until(async () => (await problemCount("mistakes.evn")) === expected["mistakes.evn"] - 1, 15000);
    await shot("quick-fix-applied");
    check(fixed, "the quick fix wrote BCRP into the file");
    check(gone, "the unknown-target diagnostic is gone (one problem fewer)", `shown ${await problemCount("mistakes.evn")}`);
  }

  // 5. Format Document gives the canonical text (what `evn fmt -` gives).
  await open("unformatted.evn");
  await command("Format Document");
  await sleep(500);
  await press("Control+KeyS");
  const source = fs.readFileSync(path.join(here, "workspace", "unformatted.evn"), "utf8");
  const canonical = execFileSync(evn, ["fmt", "-"], { input: source, encoding: "utf8" });
  const formatted = await until(() => {
    const text = fs.readFileSync(path.join(work, "unformatted.evn"), "utf8");
    return text === canonical ? text : undefined;
  }, 10000);
  await shot("format-document");
  check(formatted === canonical && canonical !== source, "Format Document writes the canonical text of `evn fmt`");

  // 6. Across files: deleting the define in defs.evn makes uses.evn's target unknown.
  const before = await problemCount("uses.evn");
  check(before === undefined, "uses.evn has no problems while defs.evn defines its target", `shown ${before}`);
  await open("defs.evn");
  const defs = fs.readFileSync(path.join(work, "defs.evn"), "utf8").split("\n");
  await goTo(defs.findIndex((l) => l.startsWith("define target")) + 1, 1);
  await press("Control+Shift+KeyK");
  const after = await until(async () => ((await problemCount("uses.evn")) ?? 0) > 0, 15000);
  await command("View: Focus Problems");
  await shot("cross-file");
  check(after, "after deleting the define in defs.evn (unsaved), uses.evn shows an unknown-target problem",
    JSON.stringify(await problemRows()));

  // 7. Changing an evn setting in the Settings editor takes effect in the running
  //    server, through `workspace/didChangeConfiguration`: `evn.maxDiagnostics` 2 caps
  //    mistakes.evn at two problems and one that says how many were left out, and the
  //    server process is the same as before (no restart).
  const servers = () => {
    try {
      return execFileSync("pgrep", ["-f", "evn lsp"], { encoding: "utf8" }).trim().split("\n").sort().join(",");
    } catch {
      return "";
    }
  };
  const shownBefore = await problemCount("mistakes.evn");
  const serversBefore = servers();
  await command("Preferences: Open User Settings");
  await page.waitForSelector(".settings-editor", { visible: true, timeout });
  await sleep(500);
  await page.keyboard.type("evn.maxDiagnostics");
  await sleep(800);
  const cap = await until(() => page.$(".settings-editor .setting-item-control input"), 15000);
  await cap.click({ clickCount: 3 });
  await press("Control+KeyA");
  await page.keyboard.type("2"); // applied as typed: no Tab, which would leave the focus on the gear
  const capped = await until(async () => (await problemCount("mistakes.evn")) === 3, 15000);
  await shot("setting-max-diagnostics");
  check(capped, `setting evn.maxDiagnostics to 2 shows 2 problems and one that counts the rest in mistakes.evn (${shownBefore} before)`,
    `shown ${await problemCount("mistakes.evn")}; rows ${JSON.stringify(await problemRows())}`);
  check(serversBefore !== "" && servers() === serversBefore, "without restarting the server", `before ${serversBefore}, after ${servers()}`);

  // 8. A wrong `evn.server.path`: one notification that says so, whose button opens the setting.
  await command("Preferences: Open User Settings");
  await page.waitForSelector(".settings-editor", { visible: true, timeout });
  await sleep(500);
  await press("Control+KeyA"); // the search of step 7 is still there
  await page.keyboard.type("evn.server.path");
  // In code-server the machine's settings (where evn.server.path lives) are the Remote tab.
  for (const tab of await page.$$(".settings-editor .settings-tabs-widget .action-label")) {
    if ((await tab.evaluate((e) => e.textContent ?? "")).startsWith("Remote")) {
      await tab.click();
    }
  }
  await sleep(800);
  const input = await until(() => page.$(".settings-editor .setting-item-control input"), 15000);
  await input.click();
  await page.keyboard.type("/nowhere/evn");
  await page.keyboard.press("Tab");
  await sleep(500);
  await shot("setting-changed");
  // Search for another setting, so that the button has something to change.
  await (await page.$(".settings-editor .suggest-input-container")).click();
  await press("Control+KeyA");
  await page.keyboard.type("files.autoSave");
  const toast = await until(() =>
    page.evaluate(() =>
      [...document.querySelectorAll(".notification-toast")].map((t) => t.textContent ?? "").find((t) => t.includes("evn.server.path")),
    ),
  15000);
  await shot("server-not-found");
  check(toast !== undefined && toast.includes("/nowhere/evn"), "a wrong evn.server.path gets a notification naming it", toast);
  const button = await page.$(".notification-toast .monaco-button");
  if (button !== null) {
    await button.click();
  }
  const opened = await until(() =>
    page.evaluate(() => {
      const search = document.querySelector(".settings-editor .suggest-input-container .view-lines");
      const shown = document.querySelector(".settings-editor .settings-body")?.textContent ?? "";
      return (search?.textContent?.includes("evn.server.path") ?? false) && shown.includes("Server: Path");
    }),
  15000);
  await shot("setting-opened");
  check(opened, "its button opens the Settings editor at evn.server.path");
} catch (error) {
  failed += 1;
  console.log(`FAILED: ${error?.stack ?? error}`);
  try {
    await shot("error");
  } catch {
    // no page
  }
} finally {
  await browser.close();
  server.kill();
  if (failed > 0) {
    console.log("code-server log (tail):\n" + serverLog.split("\n").slice(-30).join("\n"));
  }
  fs.rmSync(scratch, { recursive: true, force: true });
}
console.log(`vscode e2e: ${passed} passed, ${failed} failed; screenshots in ${shots}`);
process.exit(failed === 0 ? 0 : 1);
