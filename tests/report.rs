//! `nwlint report`: the drift overview on the shipped content (HTML and
//! Markdown snapshots), escaping of untrusted content, the CSP, atomic
//! writes, and the page itself in a real headless Chromium.

mod common;
#[cfg(unix)]
mod support {
    pub mod cdp;
}

use common::{nwlint, shipped_project, snapshot, stderr, stdout};
use std::path::Path;

fn report(dir: &Path, args: &[&str]) -> String {
    let mut all = vec!["report"];
    all.extend_from_slice(args);
    let out = nwlint(dir, &all);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
    assert_eq!(stderr(&out), "");
    stdout(&out)
}

#[test]
fn markdown_matrix_of_the_shipped_content() {
    let dir = shipped_project();
    let md = report(dir.path(), &["--format", "markdown"]);
    snapshot("report-shipped.md", &md);
    assert!(md.contains(
        "| Set\\-top box or streaming media player (set\\-top\\-box) | identical (line 578) | **drifted 83%** (line 618) |"
    ));
}

#[test]
fn html_report_of_the_shipped_content() {
    let dir = shipped_project();
    let html = report(dir.path(), &[]);
    snapshot("report-shipped.html", &html);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<dd id=\"t-articles\">1</dd>"));
    assert!(html.contains("<dd id=\"t-devices\">10</dd>"));
    assert!(html.contains("<dd id=\"t-findings\">12</dd>"));
    assert!(html.contains("<tr><td><code>drifted-copy</code></td><td>1</td></tr>"));
}

#[test]
fn html_report_is_self_contained_with_a_strict_csp() {
    use sha2::{Digest, Sha256};
    let dir = shipped_project();
    let html = report(dir.path(), &[]);
    let between = |open: &str, close: &str| -> String {
        let start = html.find(open).unwrap() + open.len();
        let end = start + html[start..].find(close).unwrap();
        html[start..end].to_string()
    };
    let csp = between("http-equiv=\"Content-Security-Policy\" content=\"", "\"");
    let style = between("<style>", "</style>");
    let script = between("<script>", "</script>");
    let hash = |s: &str| nwlint::overview::html::base64(&Sha256::digest(s.as_bytes()));
    assert!(csp.starts_with("default-src 'none'; "), "{csp}");
    assert!(
        csp.contains(&format!("style-src 'sha256-{}'", hash(&style))),
        "{csp}"
    );
    assert!(
        csp.contains(&format!("script-src 'sha256-{}'", hash(&script))),
        "{csp}"
    );
    assert!(!csp.contains("unsafe"));
    for external in ["<link", "src=", "url(", "@import", "http://", "https://"] {
        assert!(
            !html.contains(external),
            "the page must not load `{external}`"
        );
    }
}

#[test]
fn untrusted_content_is_escaped() {
    let dir = shipped_project();
    let path = dir.path().join("content/articles/NW-6-403.json");
    let text = std::fs::read_to_string(&path).unwrap().replace(
        "\"title\": \"Netflix Error NW-6-403\"",
        "\"title\": \"<script>window.pwned=1</script><img src=x onerror=\\\"window.pwned=2\\\">\"",
    );
    std::fs::write(&path, text).unwrap();
    let devices = dir.path().join("content/devices.json");
    let text = std::fs::read_to_string(&devices).unwrap().replace(
        "\"Roku\"",
        "\"Roku</script><script>window.pwned=3</script>\"",
    );
    std::fs::write(&devices, text).unwrap();
    let html = report(dir.path(), &[]);
    assert!(!html.contains("<script>window.pwned"));
    assert!(!html.contains("<img"));
    assert!(html.contains("&lt;script&gt;window.pwned=1&lt;/script&gt;&lt;img src=x onerror=&quot;window.pwned=2&quot;&gt;"));
    assert!(html.contains("Roku\\u003c/script\\u003e\\u003cscript\\u003ewindow.pwned=3"));
    assert_eq!(
        html.matches("<script").count(),
        2,
        "the data block and the script"
    );
    let md = report(dir.path(), &["--format", "markdown"]);
    assert!(md.contains("## NW\\-6\\-403: &lt;script&gt;window\\.pwned\\=1&lt;\\/script&gt;"));
    assert!(!md.contains("<script"));
}

#[test]
fn out_is_written_atomically_and_replaces_a_symlink() {
    let dir = shipped_project();
    let target = dir.path().join("elsewhere.txt");
    std::fs::write(&target, "keep me").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&target, dir.path().join("report.html")).unwrap();
    let out = nwlint(dir.path(), &["report", "--out", "report.html"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
    let written = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    assert_eq!(written, report(dir.path(), &[]));
    // Written elsewhere, links still lead to the files.
    std::fs::create_dir(dir.path().join("out")).unwrap();
    let out = nwlint(dir.path(), &["report", "--out", "out/r.html"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let elsewhere = std::fs::read_to_string(dir.path().join("out/r.html")).unwrap();
    assert!(elsewhere.contains(
        "<a class=\"loc\" href=\"../content/articles/NW-6-403.json\">content/articles/NW-6-403.json</a>"
    ));
    assert!(elsewhere.contains("\"base\":\"../\""));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn no_registry_is_an_error() {
    let dir = shipped_project();
    std::fs::write(dir.path().join("content/devices.json"), "{").unwrap();
    let out = nwlint(dir.path(), &["report"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: the device registry (devices.json) did not load; run `nwlint check`\n"
    );
    let out = nwlint(dir.path(), &["report", "--out", "/nonexistent-dir/r.html"]);
    assert_eq!(out.status.code(), Some(2));
}

/// Opens the report in headless Chromium: the set-top-box ×
/// restart-network cell says drifted; clicking it shows the word diff
/// against the reference; filters hide what they should; no console
/// error (a CSP violation would be one) and no injected script ran.
#[cfg(unix)]
#[test]
fn report_in_headless_chromium() {
    let Some(exe) = support::cdp::find_chromium() else {
        eprintln!(
            "skipped: no Chromium found (install the `chromium` package, or set NWLINT_CHROMIUM)"
        );
        return;
    };
    let dir = shipped_project();
    let path = dir.path().join("content/articles/NW-6-403.json");
    let text = std::fs::read_to_string(&path).unwrap().replace(
        "\"title\": \"Netflix Error NW-6-403\"",
        "\"title\": \"Error <script>window.pwned=1</script><img src=x onerror=\\\"window.pwned=2\\\">\"",
    );
    std::fs::write(&path, text).unwrap();
    let out = nwlint(dir.path(), &["report", "--out", "report.html"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut b = support::cdp::Browser::launch(&exe);
    b.open(&dir.path().join("report.html"));
    let cell = b.eval(
        "(() => { const c = document.querySelector('button[data-device=\"set-top-box\"][data-section=\"restart-network\"]');
                  return c && [c.className, c.textContent, c.title]; })()",
    );
    assert_eq!(
        cell,
        serde_json::json!([
            "cell s-drifted",
            "drifted 83%",
            "content/articles/NW-6-403.json:618"
        ])
    );
    let shown = b.eval(
        "(() => { document.querySelector('button[data-device=\"set-top-box\"][data-section=\"restart-network\"]').click();
                  const d = document.getElementById('detail');
                  return [d.hidden, d.querySelector('h2').textContent,
                          d.querySelector('a.loc').textContent,
                          d.querySelectorAll('table.diff del').length,
                          Array.from(d.querySelectorAll('table.diff ins')).map(e => e.textContent).join('|'),
                          d.querySelector('table.diff thead').textContent]; })()",
    );
    assert_eq!(shown[0], false, "{shown}");
    assert_eq!(
        shown[1],
        "NW-6-403 · Set-top box or streaming media player (set-top-box) · restart-network: drifted 83%"
    );
    assert_eq!(shown[2], "content/articles/NW-6-403.json:618");
    // The set-top box adds a paragraph to the six devices' version.
    assert_eq!(shown[3], 0);
    assert_eq!(
        shown[4],
        "For this step, make sure to leave your {device} and all of your home network \
         equipment unplugged as a group for 30 seconds before plugging each device back in one by one."
    );
    assert!(
        shown[5]
            .as_str()
            .unwrap()
            .contains("reference: Blu-ray player (blu-ray)"),
        "{shown}"
    );
    let filtered = b.eval(
        "(() => { const f = document.getElementById('f-device'); f.value = 'roku';
                  f.dispatchEvent(new Event('change'));
                  return Array.from(document.querySelectorAll('table.m tbody th')).map(t => t.textContent); })()",
    );
    assert_eq!(filtered, serde_json::json!(["Roku (roku)"]));
    let injected = b.eval(
        "[typeof window.pwned, document.querySelector('summary').textContent.includes('<script>window.pwned=1</script>')]",
    );
    assert_eq!(injected, serde_json::json!(["undefined", true]));
    assert_eq!(b.errors(), Vec::<String>::new());
}

/// Figures for a large report (not a pass/fail test): run with
/// `NWLINT_REPORT_HTML=/path/report.html cargo test --test report -- --ignored --nocapture`.
#[cfg(unix)]
#[test]
#[ignore = "measures a report named by NWLINT_REPORT_HTML"]
fn first_paint_of_a_large_report() {
    let (Some(exe), Some(file)) = (
        support::cdp::find_chromium(),
        std::env::var_os("NWLINT_REPORT_HTML"),
    ) else {
        eprintln!("skipped: needs Chromium and NWLINT_REPORT_HTML");
        return;
    };
    let mut b = support::cdp::Browser::launch(&exe);
    let started = std::time::Instant::now();
    b.open(Path::new(&file));
    let wall = started.elapsed();
    let figures = b.eval(
        "(() => { const n = performance.getEntriesByType('navigation')[0];
                  const p = Object.fromEntries(performance.getEntriesByType('paint').map(e => [e.name, Math.round(e.startTime)]));
                  const d = document.querySelector('details.article');
                  const t0 = performance.now(); d.open = true;
                  const sel = document.getElementById('f-device'); sel.value = sel.options[1].value;
                  const t1 = performance.now(); sel.dispatchEvent(new Event('change'));
                  const t2 = performance.now();
                  return {paint: p, domContentLoaded: Math.round(n.domContentLoadedEventEnd), load: Math.round(n.loadEventEnd),
                          articles: document.querySelectorAll('details.article').length,
                          filter_ms: Math.round(t2 - t1), open_ms: Math.round(t1 - t0)}; })()",
    );
    eprintln!("load wall {:?}: {figures}", wall);
    assert_eq!(b.errors(), Vec::<String>::new());
}

/// A difference marked as intended (in nwlint.toml) shows as intended,
/// not drifted, and its finding is gone from the totals.
#[test]
fn intended_marks_show_as_intended() {
    let dir = shipped_project();
    std::fs::write(
        dir.path().join("nwlint.toml"),
        "[[intended]]\nrule = \"drifted-copy\"\narticle = \"NW-6-403\"\ndevice = \"set-top-box\"\n\
         section = \"restart-network\"\nreason = \"set-top boxes need the whole network unplugged\"\n",
    )
    .unwrap();
    let md = report(dir.path(), &["--format", "markdown"]);
    assert!(
        md.starts_with(
            "# Drift report: Netflix Help Center\n\n1 article, 10 devices, 11 findings\n"
        ),
        "{md}"
    );
    assert!(md.contains(
        "| Set\\-top box or streaming media player (set\\-top\\-box) | identical (line 578) | intended 83% (line 618) |"
    ), "{md}");
    assert!(!md.contains("drifted-copy"), "{md}");
}
