//! The seed article round-trips: `content/articles/NW-6-403.json` rendered as
//! text equals the scraped seed (`tests/fixtures/seed/NW-6-403.txt`), and the
//! content files validate against `schema/` — while broken variants don't.

mod common;

use std::path::PathBuf;

use nwlint::model::{Article, DeviceRegistry, HelpCenter};
use nwlint::render::{Format, render};
use serde_json::{Value, json};

const SCHEMA_BASE: &str = "https://nwlint.invalid/schema/";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    let path = root().join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

fn read_json(rel: &str) -> Value {
    serde_json::from_str(&read(rel)).unwrap_or_else(|e| panic!("parsing {rel}: {e}"))
}

fn article() -> Article {
    serde_json::from_value(read_json("content/articles/NW-6-403.json")).expect("article model")
}

fn registry() -> DeviceRegistry {
    serde_json::from_value(read_json("content/devices.json")).expect("devices model")
}

/// Trimmed, non-blank lines, with their 1-based line numbers.
fn lines(text: &str) -> Vec<(usize, &str)> {
    text.lines()
        .map(str::trim)
        .enumerate()
        .filter(|(_, l)| !l.is_empty())
        .map(|(i, l)| (i + 1, l))
        .collect()
}

#[test]
fn text_rendering_reproduces_the_seed() {
    let rendered = render(&article(), &registry(), Format::Text);
    let seed = read("tests/fixtures/seed/NW-6-403.txt");
    let (got, want) = (lines(&rendered), lines(&seed));
    fn text<'a>(l: Option<&(usize, &'a str)>) -> Option<&'a str> {
        l.map(|(_, t)| *t)
    }
    fn at(l: Option<&(usize, &str)>) -> String {
        l.map_or("end".to_string(), |(n, _)| format!("line {n}"))
    }
    if let Some(i) = (0..got.len().max(want.len())).find(|&i| text(got.get(i)) != text(want.get(i)))
    {
        panic!(
            "rendered text differs from the seed at non-blank line {}:\n  \
             seed ({}):     {:?}\n  rendered ({}): {:?}\n\nrendered text:\n{rendered}",
            i + 1,
            at(want.get(i)),
            text(want.get(i)),
            at(got.get(i)),
            text(got.get(i)),
        );
    }
}

#[test]
fn markdown_and_html_render_the_seed() {
    let (article, registry) = (article(), registry());
    let md = render(&article, &registry, Format::Markdown);
    assert!(md.starts_with("# Netflix Error NW-6-403\n"), "{md}");
    assert!(md.contains("\n## Xbox Series X/S\n"), "{md}");
    assert!(md.contains(
        "2. Open a web browser and go to [netflix.com/clearcookies](https://www.netflix.com/clearcookies).\n"
    ));
    assert!(md.contains("   - If you don't get an error, continue to the next steps.\n"));
    assert!(md.contains("> **Note:** Some modems and routers might take longer to reconnect.\n"));

    let html = render(&article, &registry, Format::Html);
    assert!(
        html.starts_with("<article>\n<h1>Netflix Error NW-6-403</h1>\n"),
        "{html}"
    );
    assert!(html.contains("<h2>Set-top box or streaming media player</h2>"));
    assert!(html.contains(
        "<li>Using a web browser, go to <a href=\"https://fast.com\">fast.com</a> to test"
    ));
    assert!(html.contains("<li>If you don&#39;t get an error, continue to the next steps.</li>"));
    assert!(html.ends_with("</article>\n"));
}

// ---------------------------------------------------------------------------
// Schemas.

/// Serves `https://nwlint.invalid/schema/<name>` from the local `schema/` dir.
/// The schema files carry no `$id`: a relative `$ref` resolves against the
/// file's own location, so this base is only where the test places them.
struct LocalSchemas(PathBuf);

impl jsonschema::Retrieve for LocalSchemas {
    fn retrieve(
        &self,
        uri: &jsonschema::Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let name = uri
            .as_str()
            .strip_prefix(SCHEMA_BASE)
            .filter(|n| !n.is_empty() && !n.contains(['/', '\\']))
            .ok_or_else(|| format!("refusing to retrieve {uri}: not under {SCHEMA_BASE}"))?;
        let text = std::fs::read_to_string(self.0.join(name))?;
        Ok(serde_json::from_str(&text)?)
    }
}

fn validator(schema_file: &str) -> jsonschema::Validator {
    let schema = read_json(&format!("schema/{schema_file}"));
    // An `$id` would become the base of every relative `$ref`: editors and
    // validators would look for `common.schema.json` there, not beside the file.
    assert_eq!(schema.get("$id"), None, "{schema_file} must carry no $id");
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .with_base_uri(format!("{SCHEMA_BASE}{schema_file}"))
        .with_retriever(LocalSchemas(root().join("schema")))
        .build(&schema)
        .unwrap_or_else(|e| panic!("building {schema_file}: {e}"))
}

fn errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

fn assert_valid(schema_file: &str, rel: &str) -> Value {
    let instance = read_json(rel);
    let errs = errors(&validator(schema_file), &instance);
    assert!(errs.is_empty(), "{rel} is invalid:\n{}", errs.join("\n"));
    instance
}

#[test]
fn content_validates_against_the_schemas() {
    assert_valid("article.schema.json", "content/articles/NW-6-403.json");
    assert_valid("devices.schema.json", "content/devices.json");
    let hc = assert_valid("helpcenter.schema.json", "content/helpcenter.json");
    let hc: HelpCenter = serde_json::from_value(hc).expect("helpcenter model");
    assert_eq!(hc.domain, "netflix.com");
}

#[test]
fn all_schemas_compile_and_keep_refs_local() {
    for entry in std::fs::read_dir(root().join("schema")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let text = read(&format!("schema/{name}"));
        for (i, _) in text.match_indices("\"$ref\": \"") {
            let target = &text[i + 9..];
            assert!(
                target.starts_with("#/") || target.starts_with("common.schema.json#/"),
                "{name}: non-local $ref {}",
                &target[..target.find('"').unwrap_or(target.len())]
            );
        }
        validator(&name);
    }
}

#[test]
fn snippet_schema_allows_vars_but_article_schema_does_not() {
    let snippet = json!({
        "$schema": "../../schema/snippet.schema.json",
        "id": "restart-network",
        "title": "Restart your home network",
        "blocks": [{"type": "steps", "items": [
            {"text": ["Turn off or unplug your ", {"var": "noun"}, "."]},
            {"text": ["Turn your ", {"var": "name"}, " back on."], "bullets": [["See ", {"code": "NSEZ-403"}]]}
        ]}]
    });
    let v = validator("snippet.schema.json");
    assert!(
        errors(&v, &snippet).is_empty(),
        "{:?}",
        errors(&v, &snippet)
    );
    let mut bad_var = snippet.clone();
    bad_var["blocks"][0]["items"][0]["text"][1] = json!({"var": "colour"});
    assert!(!errors(&v, &bad_var).is_empty());

    let mut article = read_json("content/articles/NW-6-403.json");
    article["summary"] = json!(["Your ", {"var": "noun"}]);
    assert!(!errors(&validator("article.schema.json"), &article).is_empty());
}

#[test]
fn snippet_sections_validate() {
    let v = validator("article.schema.json");
    let mut article = read_json("content/articles/NW-6-403.json");
    article["devices"][0]["sections"][1] = json!({
        "id": "restart-network",
        "snippet": "restart-network",
        "intended": [{"rule": "drift", "reason": "Roku needs longer."}]
    });
    assert!(
        errors(&v, &article).is_empty(),
        "{:?}",
        errors(&v, &article)
    );
    // Both a snippet and literal blocks: rejected.
    article["devices"][0]["sections"][1]["blocks"] = json!([{"type": "paragraph", "text": "x"}]);
    assert!(!errors(&v, &article).is_empty());
}

/// Each mutation of the real article must make validation fail; the error
/// must point at (or above) the mutated place.
#[test]
fn broken_articles_are_rejected() {
    type Mutation = fn(&mut Value);
    let mutations: &[(&str, &str, Mutation)] = &[
        ("unknown top-level key", "", |a| {
            a["subtitle"] = json!("x");
        }),
        (
            "unknown key in a step",
            "/devices/0/sections/0/blocks/0/items/0",
            |a| {
                a["devices"][0]["sections"][0]["blocks"][0]["items"][0]["note"] = json!("x");
            },
        ),
        (
            "empty step list",
            "/devices/0/sections/0/blocks/0/items",
            |a| {
                a["devices"][0]["sections"][0]["blocks"][0]["items"] = json!([]);
            },
        ),
        ("empty text", "/devices/1/sections/2/blocks/1/text", |a| {
            a["devices"][1]["sections"][2]["blocks"][1]["text"] = json!("");
        }),
        ("whitespace-only text", "/messages/0", |a| {
            a["messages"][0] = json!(" \t ");
        }),
        ("whitespace-only run", "/intro/0", |a| {
            a["intro"][0] = json!("   ");
        }),
        ("bad error code in a code run", "/intro/1/code", |a| {
            a["intro"][1] = json!({"code": "nw-6-403"});
        }),
        ("bad section id", "/devices/2/sections/1/id", |a| {
            a["devices"][2]["sections"][1]["id"] = json!("Restart Network");
        }),
        ("javascript: href", "/fallback/blocks/0/text/1/href", |a| {
            a["fallback"]["blocks"][0]["text"][1]["href"] = json!("javascript:alert(1)");
        }),
        ("missing $schema", "", |a| {
            a.as_object_mut().unwrap().remove("$schema");
        }),
        ("wrong $schema", "/$schema", |a| {
            a["$schema"] = json!("../../schema/devices.schema.json");
        }),
        (
            "unknown block type",
            "/devices/0/sections/0/blocks/0/type",
            |a| {
                a["devices"][0]["sections"][0]["blocks"][0]["type"] = json!("table");
            },
        ),
        (
            "unknown key in a link",
            "/devices/0/sections/0/blocks/0/items/1/text/1",
            |a| {
                a["devices"][0]["sections"][0]["blocks"][0]["items"][1]["text"][1]["title"] =
                    json!("x");
            },
        ),
        ("empty device list", "/devices", |a| {
            a["devices"] = json!([]);
        }),
        ("bad locale", "/locale", |a| {
            a["locale"] = json!("en_us");
        }),
    ];
    let v = validator("article.schema.json");
    let original = read_json("content/articles/NW-6-403.json");
    assert!(errors(&v, &original).is_empty());
    for (what, pointer, mutate) in mutations {
        let mut article = original.clone();
        mutate(&mut article);
        let errs = errors(&v, &article);
        assert!(!errs.is_empty(), "{what}: accepted");
        assert!(
            errs.iter().any(|e| e.starts_with(&format!("{pointer}:"))),
            "{what}: no error at {pointer:?}:\n{}",
            errs.join("\n")
        );
    }
}

#[test]
fn broken_registry_and_helpcenter_are_rejected() {
    let v = validator("devices.schema.json");
    let original = read_json("content/devices.json");
    for mutate in [
        (|r: &mut Value| r["devices"][0]["id"] = json!("Blu-ray")) as fn(&mut Value),
        |r| r["devices"][0]["title"] = json!("x"),
        |r| r["devices"][0]["nouns"] = json!([]),
        |r| r["devices"][0]["name"] = json!(" "),
    ] {
        let mut registry = original.clone();
        mutate(&mut registry);
        assert!(!errors(&v, &registry).is_empty(), "{registry}");
    }

    let v = validator("helpcenter.schema.json");
    let original = read_json("content/helpcenter.json");
    for mutate in [
        (|h: &mut Value| h["domain"] = json!("https://netflix.com")) as fn(&mut Value),
        |h| h["extra"] = json!(1),
        |h| h["link_domains"] = json!([]),
    ] {
        let mut hc = original.clone();
        mutate(&mut hc);
        let accepted = errors(&v, &hc).is_empty();
        // An empty `link_domains` is fine; the others are not.
        assert_eq!(accepted, hc["link_domains"] == json!([]), "{hc}");
    }
}

/// Every object of the article — whatever its kind — rejects an unknown key,
/// and the error points at that object.
#[test]
fn unknown_keys_are_rejected_everywhere() {
    let v = validator("article.schema.json");
    let original = read_json("content/articles/NW-6-403.json");
    for pointer in [
        "",
        "/devices/0",
        "/devices/0/sections/0",
        "/devices/0/sections/0/blocks/0",
        "/devices/0/sections/0/blocks/0/items/3",
        "/devices/0/sections/0/blocks/0/items/1/text/1",
        "/devices/0/sections/0/blocks/0/items/3/bullets/0/1",
        "/devices/0/sections/2/blocks/0",
        "/devices/0/sections/2/blocks/2",
        "/devices/4/sections/1/blocks/1",
        "/intro/1",
        "/fallback",
        "/related",
    ] {
        let mut article = original.clone();
        let target = article
            .pointer_mut(pointer)
            .and_then(Value::as_object_mut)
            .unwrap_or_else(|| panic!("{pointer:?} is not an object in the article"));
        target.insert("zzz".to_string(), json!(1));
        let errs = errors(&v, &article);
        assert!(
            errs.iter()
                .any(|e| e.starts_with(&format!("{pointer}:")) && e.contains("'zzz'")),
            "unknown key at {pointer:?} not reported there:\n{}",
            errs.join("\n")
        );
    }
}

/// Terminal controls as content may carry them: set the window title,
/// clear the screen, return to column 0, reverse the text direction.
const CONTROLS: &str = "\u{1b}]0;pwned\u{7}\u{1b}[2J\r\u{202e}";

/// Whether `out` holds a raw terminal control.
fn raw_control(out: &[u8]) -> bool {
    out.iter().any(|b| matches!(b, 0x1b | 0x07 | 0x0d))
        || String::from_utf8_lossy(out).contains('\u{202e}')
}

#[test]
fn terminal_controls_in_content_never_reach_the_output() {
    let dir = common::shipped_project();
    let edit = |rel: &str, change: &dyn Fn(&mut Value)| {
        let path = dir.path().join(rel);
        let mut v: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        change(&mut v);
        std::fs::write(&path, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    };
    edit("content/articles/NW-6-403.json", &|a| {
        a["title"] = format!("Evil title{CONTROLS} end").into();
        let step = &mut a["devices"][2]["sections"][1]["blocks"][0]["items"][0]["text"];
        *step = format!("Evil step{CONTROLS} end").into();
    });
    edit("content/devices.json", &|r| {
        r["devices"][2]["name"] = format!("Evil PS4{CONTROLS} end").into();
    });
    let runs: [&[&str]; 6] = [
        &["render", "NW-6-403", "--format", "text"],
        &["render", "NW-6-403", "--format", "markdown"],
        &["render", "NW-6-403", "--format", "html"],
        &["diff", "ps4", "xbox-one", "--format", "human"],
        &["diff", "ps4", "xbox-one", "--format", "unified"],
        &["diff", "ps4", "xbox-one", "--format", "json"],
    ];
    for args in runs {
        let out = common::nwlint(dir.path(), args);
        let text = common::stdout(&out);
        // diff exits 1 when the devices differ (as they do here).
        let code = out.status.code();
        assert!(
            matches!(code, Some(0 | 1)),
            "{args:?}: {code:?} {}",
            common::stderr(&out)
        );
        assert!(!raw_control(&out.stdout), "{args:?}: {text:?}");
        assert!(!raw_control(&out.stderr), "{args:?}");
        let visible = if args[0] == "render" {
            ["Evil title", "Evil step", "Evil PS4", "pwned"].as_slice()
        } else {
            ["Evil step", "pwned"].as_slice()
        };
        for v in visible {
            assert!(text.contains(v), "{args:?}: {v} not in {text}");
        }
    }
    // Text shows the controls as check does; Markdown and HTML drop them.
    let text = common::stdout(&common::nwlint(dir.path(), &["render", "NW-6-403"]));
    assert!(
        text.contains("Evil title\\u{1b}]0;pwned\\u{7}\\u{1b}[2J\\u{d}\\u{202e} end"),
        "{text}"
    );
    let html = common::stdout(&common::nwlint(
        dir.path(),
        &["render", "NW-6-403", "--format", "html"],
    ));
    assert!(
        html.contains("<h1>Evil title]0;pwned[2J end</h1>"),
        "{html}"
    );
}
