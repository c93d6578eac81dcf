// The server lookup of src/server.ts (bundled with esbuild, as the extension is): the
// setting first, then an `evn` on PATH newer than the bundled one, then the bundled one,
// then `evn` on PATH or in ~/.cargo/bin at any version.
import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as esbuild from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "evn-server-test-"));
await esbuild.build({
  entryPoints: [join(root, "src", "server.ts")],
  bundle: true,
  platform: "node",
  format: "esm",
  outfile: join(scratch, "server.mjs"),
  logLevel: "silent",
});
const { findServer, compareVersions, parseVersion } = await import(pathToFileURL(join(scratch, "server.mjs")).href);

/** An executable shell script at dir/evn answering `--version` with the version. */
function fakeEvn(dir, version) {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "evn");
  writeFileSync(file, `#!/bin/sh\necho "evn ${version}"\n`);
  chmodSync(file, 0o755);
  return file;
}

const ext = join(scratch, "extension");
const bundled = fakeEvn(join(ext, "bundled"), "0.2.0");
const universal = join(scratch, "universal-extension");
mkdirSync(universal);
const older = fakeEvn(join(scratch, "older"), "0.1.9");
const newer = fakeEvn(join(scratch, "newer"), "0.3.0");
const home = join(scratch, "home");
const cargo = fakeEvn(join(home, ".cargo", "bin"), "0.1.0");
const empty = join(scratch, "empty");
mkdirSync(empty);
const look = (setting, PATH, extensionPath = ext) =>
  findServer({ setting, extensionPath, bundledVersion: "0.2.0", env: { PATH, HOME: home }, folder: scratch, platform: "linux" });

test("evn.server.path wins over everything, relative to the workspace folder", () => {
  assert.equal(look(newer, join(scratch, "newer")).command, newer);
  assert.equal(look("older/evn", join(scratch, "newer")).command, older);
  const wrong = look("/nowhere/evn", join(scratch, "newer"));
  assert.equal(wrong.command, undefined);
  assert.deepEqual(wrong.tried, ["/nowhere/evn"]);
  assert.equal(wrong.setting, true);
});

test("the bundled server, unless a newer evn is on PATH", () => {
  assert.equal(look("", empty).command, bundled);
  assert.equal(look("", join(scratch, "older")).command, bundled);
  assert.equal(look("", join(scratch, "older")).source, "bundled");
  const found = look("", join(scratch, "newer"));
  assert.equal(found.command, newer);
  assert.match(found.source, /newer than the bundled 0\.2\.0/);
  // ~/.cargo/bin/evn (0.1.0) is older: the bundled one.
  assert.equal(look("", "").command, bundled);
});

test("without a bundled server (the universal .vsix): PATH, then ~/.cargo/bin", () => {
  assert.equal(look("", join(scratch, "older"), universal).command, older);
  assert.equal(look("", empty, universal).command, cargo);
  const none = findServer({ setting: "", extensionPath: universal, env: { PATH: empty }, platform: "linux" });
  assert.equal(none.command, undefined);
  assert.deepEqual(none.tried, [join(empty, "evn"), join(universal, "bundled", "evn")]);
});

test("versions", () => {
  assert.equal(parseVersion("evn 0.1.0\n"), "0.1.0");
  assert.equal(parseVersion("evn 1.2.3-rc.1"), "1.2.3-rc.1");
  assert.equal(parseVersion("garbage"), undefined);
  assert.equal(compareVersions("0.10.0", "0.9.9"), 1);
  assert.equal(compareVersions("0.1.0", "0.1.0"), 0);
  assert.equal(compareVersions("0.1.0-rc.1", "0.1.0"), -1);
  assert.equal(compareVersions("0.1.0", "0.2.0"), -1);
});

test("the extension's version is the crate's: it stands for the bundled server's", () => {
  const cargo = readFileSync(join(root, "..", "..", "Cargo.toml"), "utf8");
  const crate = /^version\s*=\s*"([^"]+)"/m.exec(cargo)?.[1];
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  assert.equal(pkg.version, crate);
});
