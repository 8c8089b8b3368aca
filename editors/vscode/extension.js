// Starts `nwlint server` for the JSON files of a help center's content.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration("nwlint").get("path", "nwlint");
  const server = { command, args: ["server"] };
  client = new LanguageClient(
    "nwlint",
    "nwlint",
    { run: server, debug: server },
    { documentSelector: [{ scheme: "file", language: "json", pattern: "**/content/**/*.json" }] }
  );
  context.subscriptions.push({ dispose: () => client && client.stop() });
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
