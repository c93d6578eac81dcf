// A platform-specific .vsix that carries its server: copies the `evn` binary of that
// platform into bundled/ and runs `vsce package --target`. The extension starts the
// bundled binary unless `evn.server.path` is set or a newer `evn` is on PATH (src/server.ts).
//
//   node scripts/package-target.mjs TARGET /path/to/evn[.exe]     # writes evn-TARGET.vsix
//
// TARGET is one of vsce's: linux-x64, linux-arm64, darwin-x64, darwin-arm64, win32-x64,
// win32-arm64, alpine-x64... (the binary must be built for it).
import { execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, rmSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const targets = new Set(["win32-x64", "win32-arm64", "linux-x64", "linux-arm64", "linux-armhf", "alpine-x64", "alpine-arm64", "darwin-x64", "darwin-arm64"]);
const [target, binaryArg] = process.argv.slice(2);
if (!targets.has(target) || binaryArg === undefined) {
  console.error(`usage: node scripts/package-target.mjs TARGET /path/to/evn  (TARGET: ${[...targets].join(", ")})`);
  process.exit(2);
}
const binary = resolve(binaryArg);
if (!statSync(binary).isFile()) {
  console.error(`not a file: ${binary}`);
  process.exit(2);
}
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bundled = join(root, "bundled");
const name = target.startsWith("win32") ? "evn.exe" : "evn";
const out = `evn-${target}.vsix`;
rmSync(bundled, { recursive: true, force: true });
mkdirSync(bundled);
try {
  copyFileSync(binary, join(bundled, name));
  chmodSync(join(bundled, name), 0o755);
  const vsce = join(root, "node_modules", ".bin", process.platform === "win32" ? "vsce.cmd" : "vsce");
  execFileSync(vsce, ["package", "--no-dependencies", "--target", target, "--out", out], {
    cwd: root,
    stdio: "inherit",
    shell: process.platform === "win32",
  });
  console.log(`wrote ${join(root, out)} with bundled/${name} (${statSync(join(root, out)).size} bytes)`);
} finally {
  rmSync(bundled, { recursive: true, force: true });
}
