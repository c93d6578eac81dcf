// The EVN extension: the language (grammar, configuration and snippets come from
// package.json) and a client that starts `evn lsp` and talks to it over stdio.
// Everything the server knows (diagnostics, hover, completion...) comes from it;
// this file only finds the binary, passes the settings, and restarts the server when
// the command that runs it changes.

import * as vscode from "vscode";
import {
  LanguageClient,
  LanguageClientOptions,
  RevealOutputChannelOn,
  ServerOptions,
  TransportKind,
} from "vscode-languageclient/node";
import { findServer, Found } from "./server";

let client: LanguageClient | undefined;
let outputChannel: vscode.OutputChannel | undefined;
let traceChannel: vscode.OutputChannel | undefined;
let extension: vscode.Extension<unknown> | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  outputChannel = vscode.window.createOutputChannel("EVN Language Server");
  traceChannel = vscode.window.createOutputChannel("EVN Language Server Trace");
  context.subscriptions.push(
    outputChannel,
    traceChannel,
    vscode.commands.registerCommand("evn.restartServer", () => restart()),
    vscode.commands.registerCommand("evn.showOutput", () => outputChannel?.show()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      // Only the command that runs the server needs a new one. The rules and the cap
      // reach the running server as `workspace/didChangeConfiguration` (the client's
      // `synchronize.configurationSection`), which it applies by checking again.
      if (event.affectsConfiguration("evn.server")) {
        void restart();
      }
    }),
  );
  extension = context.extension;
  await start();
}

export async function deactivate(): Promise<void> {
  await stop();
}

async function start(): Promise<void> {
  const config = vscode.workspace.getConfiguration("evn");
  const found = findServer({
    setting: config.get<string>("server.path", ""),
    extensionPath: extension?.extensionPath,
    bundledVersion: (extension?.packageJSON as { version?: string } | undefined)?.version,
    folder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
  });
  if (found.command === undefined) {
    void notifyMissing(found);
    return;
  }
  const command = found.command;
  outputChannel?.appendLine(`evn: starting ${command} lsp (${found.source ?? "found"})`);
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
      // Every change of the `evn` settings is sent to the server (`rules`,
      // `maxDiagnostics`; it ignores the others).
      configurationSection: "evn",
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

/** One notification that says what to set, with a button opening the setting. */
async function notifyMissing(found: Found): Promise<void> {
  outputChannel?.appendLine(`evn was not found; looked at:\n  ${found.tried.join("\n  ")}`);
  const message = found.setting
    ? `EVN: \`evn.server.path\` is ${found.tried[0]}, which is not an executable file. Set it to the \`evn\` binary.`
    : "EVN: the `evn` language server was not found on PATH or in ~/.cargo/bin. Install it with `pip install evidence-notation` (or the platform-specific EVN extension, which carries it), or set `evn.server.path` to the `evn` binary.";
  const choice = await vscode.window.showErrorMessage(
    message,
    "Open Setting",
  );
  if (choice === "Open Setting") {
    // A machine setting: in a remote window (code-server, SSH) it lives in the remote's
    // settings, and the User tab does not list it.
    if (vscode.env.remoteName !== undefined) {
      await vscode.commands.executeCommand("workbench.action.openRemoteSettings", { query: "evn.server.path" });
    } else {
      await vscode.commands.executeCommand("workbench.action.openSettings", "evn.server.path");
    }
  }
}
