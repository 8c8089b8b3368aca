//! `nwlint server` spoken to over stdio as an editor does: initialize,
//! open a broken article, change it, ask for a quick fix and apply it,
//! shut down.

mod common;

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

const ARTICLE: &str = "content/articles/NW-6-403.json";

/// A running server: its input, and the messages it sent, in order.
struct Client {
    child: Child,
    input: ChildStdin,
    output: Receiver<Value>,
    next_id: i64,
}

impl Client {
    /// Starts `nwlint server` in `dir`, with the persisted index or not
    /// (with it, edits after the first reuse what the first check kept).
    fn start(dir: &Path, index: bool) -> Client {
        let mut command = Command::new(env!("CARGO_BIN_EXE_nwlint"));
        if !index {
            command.env("NWLINT_NO_CACHE", "1");
        }
        let mut child = command
            .arg("server")
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let input = child.stdin.take().unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let (tx, output) = channel();
        std::thread::spawn(move || {
            while let Some(msg) = read_message(&mut stdout) {
                if tx.send(msg).is_err() {
                    return;
                }
            }
        });
        Client {
            child,
            input,
            output,
            next_id: 1,
        }
    }

    fn send(&mut self, msg: Value) {
        let body = msg.to_string();
        write!(self.input, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.input.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and waits for its response.
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait(|m| m["id"] == id)
    }

    /// The next message that `want` accepts (others are skipped).
    fn wait(&mut self, want: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.output.recv_timeout(left) {
                Ok(m) if want(&m) => return m,
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout) => panic!("no such message within a minute"),
                Err(RecvTimeoutError::Disconnected) => panic!("the server is gone"),
            }
        }
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        let m = self.wait(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        });
        m["params"]["diagnostics"].as_array().unwrap().clone()
    }
}

/// One message of the base protocol (`Content-Length` framing).
fn read_message(r: &mut impl BufRead) -> Option<Value> {
    let mut len = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(n) = line.strip_prefix("Content-Length: ") {
            len = n.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; len?];
    r.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

/// 0-based line and UTF-16 column of the first `needle` in `text`.
fn at(text: &str, needle: &str) -> (u64, u64) {
    let (line, col) = common::pos(text, needle);
    let row = text.lines().nth(line - 1).unwrap();
    let units = row
        .chars()
        .take(col - 1)
        .map(char::len_utf16)
        .sum::<usize>();
    ((line - 1) as u64, units as u64)
}

fn codes(diags: &[Value]) -> Vec<String> {
    let mut c: Vec<String> = diags
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect();
    c.sort();
    c
}

#[test]
fn an_editor_sees_findings_as_it_types_and_applies_a_fix() {
    editor_session(false);
}

#[test]
fn with_the_index_edits_after_the_first_see_the_same_findings() {
    editor_session(true);
}

fn editor_session(index: bool) {
    let dir = common::shipped_project();
    let path = dir.path().join(ARTICLE);
    let uri = format!("file://{}", path.display());
    let pristine = std::fs::read_to_string(&path).unwrap();
    let mut c = Client::start(dir.path(), index);
    let root = format!("file://{}", dir.path().display());
    let init = c.request(
        "initialize",
        json!({"processId": null, "rootUri": root, "capabilities": {}}),
    );
    assert_eq!(init["result"]["capabilities"]["hoverProvider"], true);
    c.notify("initialized", json!({}));

    // The article as shipped: what `check` reports for it.
    let open = |text: &str| json!({"textDocument": {"uri": uri, "languageId": "json", "version": 1, "text": text}});
    c.notify("textDocument/didOpen", open(&pristine));
    let shipped = codes(&c.diagnostics(&uri));
    assert!(
        !shipped.contains(&"unknown-device".to_string()),
        "{shipped:?}"
    );

    // A typo in a device id: `unknown-device` exactly on the value.
    let broken = pristine.replacen("\"device\": \"xbox-one\"", "\"device\": \"xbox-on\"", 1);
    let change = |text: &str, v: i64| json!({"textDocument": {"uri": uri, "version": v}, "contentChanges": [{"text": text}]});
    c.notify("textDocument/didChange", change(&broken, 2));
    let diags = c.diagnostics(&uri);
    let unknown: Vec<&Value> = diags
        .iter()
        .filter(|d| d["code"] == "unknown-device")
        .collect();
    assert_eq!(unknown.len(), 1, "{diags:?}");
    let (line, col) = at(&broken, "\"xbox-on\"");
    assert_eq!(
        unknown[0]["range"],
        json!({"start": {"line": line, "character": col}, "end": {"line": line, "character": col + 9}})
    );
    assert_eq!(unknown[0]["severity"], 1);
    assert_eq!(unknown[0]["source"], "nwlint");

    // An edit that makes ps4's copy drift from its siblings.
    let ps4 = broken.find("\"device\": \"ps4\"").unwrap();
    let seconds = ps4 + broken[ps4..].find("for 30 seconds").unwrap();
    let mut drifted = broken.clone();
    drifted.replace_range(seconds..seconds + "for 30 seconds".len(), "for 45 seconds");
    c.notify("textDocument/didChange", change(&drifted, 3));
    let diags = c.diagnostics(&uri);
    let ps4_drift = |d: &&Value| {
        d["code"] == "drifted-copy"
            && d["message"]
                .as_str()
                .unwrap()
                .starts_with("`restart-network` for `ps4` has drifted")
    };
    let drift: Vec<&Value> = diags.iter().filter(ps4_drift).collect();
    assert_eq!(drift.len(), 1, "{diags:?}");
    assert!(
        drift[0]["message"]
            .as_str()
            .unwrap()
            .contains("[-30-]{+45+}")
    );
    let (ps4_line, _) = at(&drifted, "\"device\": \"ps4\"");
    let (ps5_line, _) = at(&drifted, "\"device\": \"ps5\"");
    let start = drift[0]["range"]["start"]["line"].as_u64().unwrap();
    assert!(
        (ps4_line..ps5_line).contains(&start),
        "{start} in ps4's entry"
    );
    assert!(
        drift[0]["relatedInformation"]
            .as_array()
            .is_some_and(|r| !r.is_empty())
    );

    // Back to the typo alone; the quick fix for it.
    c.notify("textDocument/didChange", change(&broken, 4));
    let diags = c.diagnostics(&uri);
    let typo = diags
        .iter()
        .find(|d| d["code"] == "unknown-device")
        .unwrap()
        .clone();
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": typo["range"], "context": {"diagnostics": [typo]}}),
    );
    let action = &actions["result"][0];
    assert_eq!(action["title"], "Use the registered device `xbox-one`");
    let edits = action["edit"]["changes"][&uri].as_array().unwrap();
    assert_eq!(edits.len(), 1);
    assert_eq!(edits[0]["newText"], "\"xbox-one\"");
    assert_eq!(edits[0]["range"], typo["range"]);
    // Applied as an editor would, the article is the shipped one again.
    let (line, col) = at(&broken, "\"xbox-on\"");
    let start = broken
        .lines()
        .take(line as usize)
        .map(|l| l.len() + 1)
        .sum::<usize>()
        + col as usize;
    let mut fixed = broken.clone();
    fixed.replace_range(start..start + "\"xbox-on\"".len(), "\"xbox-one\"");
    assert_eq!(fixed, pristine);
    c.notify("textDocument/didChange", change(&fixed, 5));
    assert_eq!(codes(&c.diagnostics(&uri)), shipped);

    // Hover on a device id shows its registry entry.
    let (line, col) = at(&fixed, "\"roku\"");
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": col + 2}}),
    );
    let shown = hover["result"]["contents"]["value"].as_str().unwrap();
    assert!(shown.contains("**Roku** (`roku`, devices.json)"), "{shown}");

    // Unknown requests get an error, not a crash; then a clean shutdown.
    let unknown = c.request("nwlint/nothing", json!({}));
    assert_eq!(unknown["error"]["code"], -32601);
    let down = c.request("shutdown", json!(null));
    assert!(down["error"].is_null(), "{down}");
    c.notify("exit", json!(null));
    let status = c.child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
}

#[test]
fn malformed_input_ends_the_server_without_a_panic() {
    let dir = common::shipped_project();
    let mut child = Command::new(env!("CARGO_BIN_EXE_nwlint"))
        .arg("server")
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    input.write_all(b"Content-Length: 5\r\n\r\n{oops").unwrap();
    drop(input);
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(2), "{stderr}");
}
