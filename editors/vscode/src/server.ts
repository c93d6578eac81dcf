// Where the extension finds the `evn` binary it starts as `evn lsp`. No `vscode` import,
// so that test/server.test.mjs runs it under plain node.
//
// The order (as ruff's extension): 1. the `evn.server.path` setting; 2. an `evn` on PATH
// (or in ~/.cargo/bin) whose version is newer than the bundled one; 3. the binary bundled
// in a platform-specific .vsix (`bundled/evn`); 4. an `evn` on PATH or in ~/.cargo/bin of
// any version (the universal .vsix has no bundled binary and ends here).

import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/** Where the server was found, and every place looked at (for the message when none). */
export interface Found {
  command: string | undefined;
  tried: string[];
  /** Whether the place came from `evn.server.path`. */
  setting?: boolean;
  /** Why this one: "setting", "path (newer than bundled)", "bundled", "path". */
  source?: string;
}

export interface Lookup {
  /** The `evn.server.path` setting. */
  setting: string;
  /** The extension's folder (its `bundled/` holds the binary of a platform .vsix). */
  extensionPath?: string;
  /** The bundled binary's version (the extension's own, package.json's `version`). */
  bundledVersion?: string;
  env?: NodeJS.ProcessEnv;
  /** The first workspace folder, against which a relative setting is resolved. */
  folder?: string;
  platform?: NodeJS.Platform;
  /** The version an `evn` binary reports (`evn --version`); replaceable for tests. */
  versionOf?: (binary: string) => string | undefined;
}

export function findServer(lookup: Lookup): Found {
  const env = lookup.env ?? process.env;
  const platform = lookup.platform ?? process.platform;
  const home = env.HOME ?? env.USERPROFILE;
  const configured = lookup.setting.trim();
  if (configured !== "") {
    const expanded = home === undefined ? configured : configured.replace(/^~(?=$|[\\/])/, home);
    const folder = lookup.folder;
    const command = path.isAbsolute(expanded) || folder === undefined ? expanded : path.join(folder, expanded);
    return { command: isExecutable(command) ? command : undefined, tried: [command], setting: true, source: "setting" };
  }
  const name = platform === "win32" ? "evn.exe" : "evn";
  const tried: string[] = [];
  let onPath: string | undefined;
  const dirs = (env.PATH ?? "").split(platform === "win32" ? ";" : path.delimiter).filter((dir) => dir !== "");
  if (home !== undefined) {
    dirs.push(path.join(home, ".cargo", "bin"));
  }
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    tried.push(candidate);
    if (isExecutable(candidate)) {
      onPath = candidate;
      break;
    }
  }
  const bundled = lookup.extensionPath === undefined ? undefined : path.join(lookup.extensionPath, "bundled", name);
  if (bundled !== undefined) {
    tried.push(bundled);
  }
  if (bundled !== undefined && isBundled(bundled)) {
    if (onPath !== undefined && lookup.bundledVersion !== undefined) {
      const version = (lookup.versionOf ?? versionOf)(onPath);
      if (version !== undefined && compareVersions(version, lookup.bundledVersion) > 0) {
        return { command: onPath, tried, source: `PATH (${version}, newer than the bundled ${lookup.bundledVersion})` };
      }
    }
    return { command: bundled, tried, source: "bundled" };
  }
  return { command: onPath, tried, source: onPath === undefined ? undefined : "PATH" };
}

/** The version in `evn --version`'s answer ("evn 0.1.0"), or undefined. */
export function versionOf(binary: string): string | undefined {
  try {
    const out = spawnSync(binary, ["--version"], { encoding: "utf8", timeout: 5000, windowsHide: true });
    return parseVersion(out.stdout ?? "");
  } catch {
    return undefined;
  }
}

export function parseVersion(text: string): string | undefined {
  return /(\d+)\.(\d+)\.(\d+)(?:-[0-9A-Za-z.-]+)?/.exec(text)?.[0];
}

/** Compares two versions `major.minor.patch[-pre]` (a pre-release before its release). */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const [core, pre] = v.split("-", 2);
    return { nums: core.split(".").map((n) => Number(n) || 0), pre };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i += 1) {
    const d = (x.nums[i] ?? 0) - (y.nums[i] ?? 0);
    if (d !== 0) {
      return Math.sign(d);
    }
  }
  if (x.pre === y.pre) {
    return 0;
  }
  if (x.pre === undefined) {
    return 1;
  }
  if (y.pre === undefined) {
    return -1;
  }
  return x.pre < y.pre ? -1 : 1;
}

/**
 * Whether the bundled binary is there; makes it executable if the .vsix's unpacking lost
 * its mode (it should not: vsce records it and VS Code restores it).
 */
function isBundled(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) {
      return false;
    }
  } catch {
    return false;
  }
  if (!isExecutable(file) && process.platform !== "win32") {
    try {
      fs.chmodSync(file, 0o755);
    } catch {
      return false;
    }
  }
  return isExecutable(file);
}

export function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
