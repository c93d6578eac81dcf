// The EVN extension: the language (grammar, configuration and snippets come from
// package.json) and a client that starts `evn lsp` and talks to it over stdio.
// Everything the server knows (diagnostics, hover, completion...) comes from it;
// this file only finds the binary, passes the settings and restarts on change.

import * as fs from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import {
  LanguageClient,
  LanguageClientOptions,
  RevealOutputChannelOn,
  ServerOptions,
  TransportKind,
} from "vscode-languageclient/node";

let client: LanguageClient | undefined;
let outputChannel: vscode.OutputChannel | undefined;
let traceChannel: vscode.OutputChannel | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  outputChannel = vscode.window.createOutputChannel("EVN Language Server");
  traceChannel = vscode.window.createOutputChannel("EVN Language Server Trace");
  context.subscriptions.push(
    outputChannel,
    traceChannel,
    vscode.commands.registerCommand("evn.restartServer", () => restart()),
    vscode.commands.registerCommand("evn.showOutput", () => outputChannel?.show()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      // The rules and the cap go in initializationOptions, so a change needs a new server.
      if (
        event.affectsConfiguration("evn.server") ||
        event.affectsConfiguration("evn.rules") ||
        event.affectsConfiguration("evn.maxDiagnostics")
      ) {
        void restart();
      }
    }),
  );
  await start();
}

export async function deactivate(): Promise<void> {
  await stop();
}

async function start(): Promise<void> {
  const config = vscode.workspace.getConfiguration("evn");
  const command = resolveServer(config.get<string>("server.path", ""));
  if (command === undefined) {
    const choice = await vscode.window.showErrorMessage(
      "EVN: `evn` was not found on PATH. Install it (`cargo install --path .` in the evn repository) or set `evn.server.path`.",
      "Open Settings",
    );
    if (choice === "Open Settings") {
      await vscode.commands.executeCommand("workbench.action.openSettings", "evn.server.path");
    }
    return;
  }
  const args = ["lsp", ...config.get<string[]>("server.extraArgs", [])];
  const serverOptions: ServerOptions = {
    run: { command, args, transport: TransportKind.stdio },
    debug: { command, args, transport: TransportKind.stdio },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "evn" },
      { scheme: "untitled", language: "evn" },
    ],
    initializationOptions: { rules: ruleSeverities(config), maxDiagnostics: config.get<number>("maxDiagnostics", 1000) },
    synchronize: {
      // The document set depends on evn.toml and on the BibTeX files it names.
      fileEvents: vscode.workspace.createFileSystemWatcher("**/{evn.toml,*.bib}"),
    },
    outputChannel,
    traceOutputChannel: traceChannel,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
  };
  // The id "evn" makes the client read the `evn.trace.server` setting.
  client = new LanguageClient("evn", "EVN Language Server", serverOptions, clientOptions);
  try {
    await client.start();
  } catch (error) {
    void vscode.window.showErrorMessage(`EVN: could not start \`${command} lsp\`: ${String(error)}`);
  }
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running !== undefined) {
    await running.stop();
  }
}

async function restart(): Promise<void> {
  await stop();
  await start();
}

/** The `evn.rules` setting, with only the valid severities kept. */
function ruleSeverities(config: vscode.WorkspaceConfiguration): Record<string, string> {
  const severities = new Set(["error", "warning", "info", "hint", "off"]);
  const rules: Record<string, string> = {};
  for (const [rule, severity] of Object.entries(config.get<Record<string, unknown>>("rules", {}))) {
    if (typeof severity === "string" && severities.has(severity)) {
      rules[rule] = severity;
    }
  }
  return rules;
}

/** The binary to run: the setting (relative to the first workspace folder), else `evn` on PATH. */
function resolveServer(setting: string): string | undefined {
  const configured = setting.trim();
  if (configured !== "") {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    const expanded = configured.replace(/^~(?=$|[\\/])/, process.env.HOME ?? "~");
    return path.isAbsolute(expanded) || folder === undefined ? expanded : path.join(folder, expanded);
  }
  return findOnPath(process.platform === "win32" ? "evn.exe" : "evn");
}

function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (dir === "") {
      continue;
    }
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}
