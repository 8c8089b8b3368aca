//! Deterministic benchmark corpus: the real article expanded into N articles.
//!
//! Shared by `examples/gen-corpus.rs` (the command) and `tests/gen_corpus.rs`
//! (which checks that nwlint loads a small corpus without schema errors).
//!
//! Everything is read at run time from a source tree (`content/` and
//! `schema/`): the help center, the device registry and the template article
//! (`content/articles/NW-6-403.json` unless named otherwise). Each generated
//! article takes a subset of the template's devices, their sections (plus, in
//! some articles, a few extra section families written here with device-noun
//! placeholders), an article-level section order, its own code, messages,
//! summary and related articles. Copies of a section agree (after the
//! device's own words are replaced) except where the template itself has
//! outliers, and except for the injected drifts, which the manifest lists.
//!
//! Determinism: one splitmix64 stream per article, derived from the seed and
//! the article's index, so output does not depend on thread scheduling.

use rayon::prelude::*;
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};

/// What to generate.
#[derive(Debug, Clone)]
pub struct Options {
    /// Number of articles (the first is the template, unchanged).
    pub articles: usize,
    pub seed: u64,
    /// Output directory (created; existing generated files are overwritten).
    pub out: PathBuf,
    /// Source tree holding `content/` and `schema/`.
    pub source: PathBuf,
    /// Template article, relative to `source/content/articles/`.
    pub template: String,
    /// One article in `drift_every` gets one injected drift (0: none).
    pub drift_every: usize,
    /// Runs of `repeat` consecutive injections make the same drift (same
    /// kind, section and edit) in different articles, each in whichever
    /// device the article gives it: a drift repeated across articles.
    pub repeat: usize,
    /// Also write the Markdown twin under `out/markdown/`.
    pub markdown: bool,
}

impl Options {
    pub fn new(articles: usize, seed: u64, out: PathBuf, source: PathBuf) -> Options {
        Options {
            articles,
            seed,
            out,
            source,
            template: "NW-6-403.json".into(),
            drift_every: 10,
            repeat: 1,
            markdown: true,
        }
    }
}

/// What was generated.
#[derive(Debug, Clone)]
pub struct Summary {
    pub articles: usize,
    pub json_bytes: u64,
    pub markdown_bytes: u64,
    pub drifts: BTreeMap<&'static str, usize>,
}

/// The drift kinds the generator injects (manifest `kind`).
pub const KINDS: [&str; 7] = [
    "word-changed",
    "step-added",
    "step-removed",
    "step-reordered",
    "url-changed",
    "error-code-changed",
    "number-changed",
];

// ---------------------------------------------------------------- PRNG ----

/// splitmix64: tiny, fast, good enough for test data, fully deterministic.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        let mut r = Rng(seed ^ 0x6a09_e667_f3bc_c908);
        r.next();
        r
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next() >> 11) % n as u64) as usize
    }

    /// `true` with probability `num / den`.
    pub fn chance(&mut self, num: usize, den: usize) -> bool {
        self.below(den) < num
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

// ------------------------------------------------------------ template ----

/// A device of the registry.
#[derive(Debug, Clone)]
struct Device {
    id: String,
    name: String,
    /// Lower-cased name and nouns, longest first.
    words: Vec<String>,
    /// The noun used when filling `{noun}`.
    noun: String,
}

/// Everything read from the source tree.
struct Template {
    helpcenter_text: Vec<u8>,
    devices_text: Vec<u8>,
    template_text: Vec<u8>,
    template_file: String,
    schemas: Vec<(String, Vec<u8>)>,
    article: Map<String, Value>,
    code: String,
    product: String,
    devices: Vec<Device>,
    /// Device id → its template sections, in template order.
    sections: HashMap<String, Vec<Value>>,
    /// Section id → devices (registry order) whose copy is the consensus.
    consensus: HashMap<String, Vec<String>>,
    /// Template outliers: (section, devices sharing a non-consensus copy).
    outliers: Vec<(String, Vec<String>)>,
    /// Extra section families: (id, section with `{noun}`/`{name}` slots).
    families: Vec<Value>,
    /// Allowed-domain URLs for url-changed drifts.
    urls: Vec<String>,
}

fn read(path: &Path) -> io::Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))
}

fn bad(msg: impl Into<String>) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg.into())
}

fn parse(bytes: &[u8], what: &str) -> io::Result<Value> {
    serde_json::from_slice(bytes).map_err(|e| bad(format!("{what}: {e}")))
}

fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

impl Template {
    fn load(opts: &Options) -> io::Result<Template> {
        let content = opts.source.join("content");
        let helpcenter_text = read(&content.join("helpcenter.json"))?;
        let devices_text = read(&content.join("devices.json"))?;
        let template_text = read(&content.join("articles").join(&opts.template))?;
        let mut schemas = Vec::new();
        let schema_dir = opts.source.join("schema");
        for entry in std::fs::read_dir(&schema_dir)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", schema_dir.display())))?
        {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(".schema.json") {
                schemas.push((name, read(&entry.path())?));
            }
        }
        schemas.sort();

        let hc = parse(&helpcenter_text, "helpcenter.json")?;
        let domain = str_of(&hc, "domain").to_string();
        let name = str_of(&hc, "name");
        let product = name
            .strip_suffix(" Help Center")
            .unwrap_or(name)
            .to_string();
        let mut urls = Vec::new();
        for path in ["", "/youraccount", "/clearcookies", "/loginhelp", "/browse"] {
            urls.push(format!("https://www.{domain}{path}"));
        }
        for path in ["/contactus", "/en/node/14384", "/en/node/100400"] {
            urls.push(format!("https://help.{domain}{path}"));
        }
        for d in hc
            .get("link_domains")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            urls.push(format!("https://{d}"));
            urls.push(format!("https://{d}/en"));
        }

        let reg = parse(&devices_text, "devices.json")?;
        let mut devices = Vec::new();
        for d in reg
            .get("devices")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let name = str_of(d, "name").to_string();
            let nouns: Vec<String> = d
                .get("nouns")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect();
            let mut words: Vec<String> = std::iter::once(&name)
                .chain(&nouns)
                .map(|w| w.to_lowercase())
                .collect();
            words.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
            words.dedup();
            let noun = nouns.first().cloned().unwrap_or_else(|| name.clone());
            devices.push(Device {
                id: str_of(d, "id").to_string(),
                name,
                words,
                noun,
            });
        }

        let Value::Object(article) = parse(&template_text, &opts.template)? else {
            return Err(bad("template article is not an object"));
        };
        let code = str_of(&Value::Object(article.clone()), "code").to_string();
        let mut sections = HashMap::new();
        for entry in article
            .get("devices")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let id = str_of(entry, "device").to_string();
            let list = entry
                .get("sections")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            sections.insert(id, list);
        }
        // Keep only registry devices that the template covers.
        devices.retain(|d| sections.contains_key(&d.id));
        if devices.len() < 3 {
            return Err(bad(
                "the template article must cover at least 3 registry devices",
            ));
        }

        // Consensus per section id: the largest group of equal copies.
        let mut groups: BTreeMap<String, Vec<(String, Vec<String>)>> = BTreeMap::new();
        for d in &devices {
            for s in &sections[&d.id] {
                let key = normal_key(s, d);
                let g = groups.entry(str_of(s, "id").to_string()).or_default();
                match g.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, ds)) => ds.push(d.id.clone()),
                    None => g.push((key, vec![d.id.clone()])),
                }
            }
        }
        let mut consensus = HashMap::new();
        let mut outliers = Vec::new();
        for (id, g) in groups {
            let best = (0..g.len())
                .max_by_key(|&i| (g[i].1.len(), usize::MAX - i))
                .unwrap_or(0);
            for (i, (_, ds)) in g.iter().enumerate() {
                if i != best {
                    outliers.push((id.clone(), ds.clone()));
                }
            }
            consensus.insert(id, g[best].1.clone());
        }

        let families = families(&product, &urls);
        Ok(Template {
            helpcenter_text,
            devices_text,
            template_text,
            template_file: opts.template.clone(),
            schemas,
            article,
            code,
            product,
            devices,
            sections,
            consensus,
            outliers,
            families,
            urls,
        })
    }
}

/// A section's comparable form: its title and blocks as JSON, lower-cased,
/// with the device's own words replaced by a placeholder.
fn normal_key(section: &Value, device: &Device) -> String {
    let body = json!([section.get("title"), section.get("blocks")]);
    let mut s = body.to_string().to_lowercase();
    for w in &device.words {
        s = s.replace(w.as_str(), "{device}");
    }
    s
}

/// Extra section families. `{noun}` and `{name}` are filled per device,
/// `{product}` with the help center's product name.
fn families(product: &str, urls: &[String]) -> Vec<Value> {
    let help = urls
        .iter()
        .find(|u| u.contains("//help."))
        .cloned()
        .unwrap_or_else(|| urls[0].clone());
    let speed = urls.last().cloned().unwrap_or_else(|| urls[0].clone());
    let speed_text = speed.trim_start_matches("https://").to_string();
    let t = |s: &str| s.replace("{product}", product);
    vec![
        json!({"id": "restart-device", "title": t("Restart your device"), "blocks": [
            {"type": "steps", "items": [
                {"text": "Turn off your {noun}."},
                {"text": "Unplug your {noun} from power for 1 minute."},
                {"text": "Plug your {noun} back in and turn it on."},
                {"text": t("Try {product} again.")}
            ]}
        ]}),
        json!({"id": "sign-out", "title": t("Sign out of {product}"), "blocks": [
            {"type": "steps", "items": [
                {"text": t("From the {product} home screen, open the menu and select Get Help.")},
                {"text": "Select Sign out.", "bullets": [
                    "If you can't find Sign out, press Up, Up, Down, Down, Left, Right, Left, Right, Up, Up, Up, Up on your remote."
                ]},
                {"text": t("Sign back in and try {product} again.")}
            ]}
        ]}),
        json!({"id": "check-date-time", "title": "Check your date and time settings", "blocks": [
            {"type": "paragraph", "text": t("If the date and time on your {noun} are wrong, {product} can't verify your connection.")},
            {"type": "steps", "items": [
                {"text": "Open the settings menu on your {noun}."},
                {"text": "Set the date and time to update automatically from the network."},
                {"text": t("Try {product} again.")}
            ]}
        ]}),
        json!({"id": "update-software", "title": "Update your device software", "blocks": [
            {"type": "steps", "items": [
                {"text": "Open the system settings of your {noun} and check for updates."},
                {"text": "Install any available update, then restart your {noun}."},
                {"text": t("Try {product} again.")}
            ]},
            {"type": "note", "text": "Some updates can take 15 minutes or more to install."}
        ]}),
        json!({"id": "reinstall-app", "title": t("Reinstall the {product} app"), "blocks": [
            {"type": "steps", "items": [
                {"text": t("Delete the {product} app from your {noun}.")},
                {"text": "Restart your {noun}."},
                {"text": t("Download the {product} app again and sign in.")}
            ]},
            {"type": "paragraph", "text": ["If the app still doesn't open, ", {"link": "contact us", "href": help}, "."]}
        ]}),
        json!({"id": "wired-connection", "title": "Connect directly to your modem", "blocks": [
            {"type": "paragraph", "text": "If you use Wi-Fi, connect your {noun} directly to your modem with an Ethernet cable to rule out a Wi-Fi problem."},
            {"type": "steps", "items": [
                {"text": "Turn off your {noun}."},
                {"text": "Connect your {noun} directly to your modem using an Ethernet cable."},
                {"text": t("Turn on your {noun} and try {product} again.")}
            ]},
            {"type": "note", "text": ["To test your internet speed, go to ", {"link": speed_text, "href": speed}, "."]}
        ]}),
    ]
}

/// Fills `{noun}`/`{name}` in every string of `v`.
fn fill(v: &Value, d: &Device) -> Value {
    match v {
        Value::String(s) => Value::String(s.replace("{noun}", &d.noun).replace("{name}", &d.name)),
        Value::Array(a) => Value::Array(a.iter().map(|x| fill(x, d)).collect()),
        Value::Object(o) => Value::Object(o.iter().map(|(k, x)| (k.clone(), fill(x, d))).collect()),
        other => other.clone(),
    }
}

// ---------------------------------------------------------------- codes ----

const PREFIXES: [&str; 12] = [
    "NW", "NSES", "NSEZ", "UI", "TVQ", "M", "H", "E", "S", "TVP", "AVF", "CM",
];

/// `n` distinct error codes (matching the schema's pattern), the first being
/// the template's.
fn codes(n: usize, seed: u64, first: &str) -> Vec<String> {
    let mut rng = Rng::new(seed ^ 0xc0de);
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(n);
    seen.insert(first.to_string());
    out.push(first.to_string());
    while out.len() < n {
        let p = rng.pick(&PREFIXES);
        let code = match rng.below(4) {
            0 => format!("{p}-{}", 100 + rng.below(900)),
            1 => format!("{p}-{}-{}", 1 + rng.below(99), 100 + rng.below(900)),
            2 => format!("{p}{}-{}", 1 + rng.below(9999), 1 + rng.below(9999)),
            _ => format!("{p}-{}-{}", 100 + rng.below(900), 1000 + rng.below(9000)),
        };
        if seen.insert(code.clone()) {
            out.push(code);
        }
    }
    out.truncate(n);
    out
}

// -------------------------------------------------------------- drifts ----

/// One injected drift (a manifest entry).
#[derive(Debug, Clone)]
pub struct Drift {
    pub article: String,
    pub file: String,
    /// `device`: one device's copy; `article`: every consensus copy of the
    /// section in this article (visible only across articles).
    pub scope: &'static str,
    pub devices: Vec<String>,
    pub section: String,
    pub kind: &'static str,
    /// JSON pointer (in the article file) of the changed text or list, for
    /// the first device.
    pub pointer: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// Where a string sits in a section: path of keys/indices from the section.
type SlotPath = Vec<Step>;

#[derive(Debug, Clone, PartialEq)]
enum Step {
    Key(&'static str),
    Index(usize),
}

fn pointer_of(path: &[Step]) -> String {
    let mut s = String::new();
    for p in path {
        match p {
            Step::Key(k) => write!(s, "/{k}").unwrap(),
            Step::Index(i) => write!(s, "/{i}").unwrap(),
        }
    }
    s
}

fn get_mut<'a>(v: &'a mut Value, path: &[Step]) -> Option<&'a mut Value> {
    let mut cur = v;
    for p in path {
        cur = match p {
            Step::Key(k) => cur.get_mut(*k)?,
            Step::Index(i) => cur.get_mut(*i)?,
        };
    }
    Some(cur)
}

fn get<'a>(v: &'a Value, path: &[Step]) -> Option<&'a Value> {
    let mut cur = v;
    for p in path {
        cur = match p {
            Step::Key(k) => cur.get(*k)?,
            Step::Index(i) => cur.get(*i)?,
        };
    }
    Some(cur)
}

/// Every literal text string (plain text or text run) of a section, and
/// every link and code run, and every steps list.
#[derive(Default)]
struct Slots {
    texts: Vec<SlotPath>,
    links: Vec<SlotPath>,
    codes: Vec<SlotPath>,
    steps: Vec<SlotPath>,
}

fn slots(section: &Value) -> Slots {
    let mut out = Slots::default();
    let inline = |out: &mut Slots, v: &Value, base: SlotPath| match v {
        Value::String(_) => out.texts.push(base),
        Value::Array(runs) => {
            for (i, r) in runs.iter().enumerate() {
                let mut p = base.clone();
                p.push(Step::Index(i));
                match r {
                    Value::String(_) => out.texts.push(p),
                    Value::Object(o) if o.contains_key("href") => out.links.push(p),
                    Value::Object(o) if o.contains_key("code") => out.codes.push(p),
                    _ => {}
                }
            }
        }
        _ => {}
    };
    for (bi, b) in section
        .get("blocks")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        let base = vec![Step::Key("blocks"), Step::Index(bi)];
        match str_of(b, "type") {
            "paragraph" | "note" => {
                let mut p = base.clone();
                p.push(Step::Key("text"));
                inline(&mut out, &b["text"], p);
            }
            "bullets" => {
                for (ii, it) in b["items"].as_array().into_iter().flatten().enumerate() {
                    let mut p = base.clone();
                    p.extend([Step::Key("items"), Step::Index(ii)]);
                    inline(&mut out, it, p);
                }
            }
            "steps" => {
                let mut sp = base.clone();
                sp.push(Step::Key("items"));
                out.steps.push(sp);
                for (ii, it) in b["items"].as_array().into_iter().flatten().enumerate() {
                    let mut p = base.clone();
                    p.extend([Step::Key("items"), Step::Index(ii), Step::Key("text")]);
                    inline(&mut out, &it["text"], p);
                    for (bj, bu) in it
                        .get("bullets")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                        .enumerate()
                    {
                        let mut p = base.clone();
                        p.extend([
                            Step::Key("items"),
                            Step::Index(ii),
                            Step::Key("bullets"),
                            Step::Index(bj),
                        ]);
                        inline(&mut out, bu, p);
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// Word swaps for word-changed drifts (both directions are used).
const SWAPS: [(&str, &str); 12] = [
    ("modem", "router"),
    ("blinking", "flashing"),
    ("computer", "laptop"),
    ("network", "connection"),
    ("problem", "issue"),
    ("click", "tap"),
    ("check", "verify"),
    ("fix", "solve"),
    ("settings", "options"),
    ("outage", "disruption"),
    ("again", "once more"),
    ("turn", "switch"),
];

fn swap_for(word: &str) -> Option<&'static str> {
    SWAPS.iter().find_map(|&(a, b)| {
        if a == word {
            Some(b)
        } else if b == word {
            Some(a)
        } else {
            None
        }
    })
}

/// Byte ranges of the swappable words of `s` (whole words only).
fn swappable_words(s: &str) -> Vec<(usize, usize, &'static str)> {
    let mut out = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_alphabetic()
            && (i == 0 || !b[i - 1].is_ascii_alphanumeric() && b[i - 1] != b'-')
        {
            let mut j = i;
            while j < b.len() && b[j].is_ascii_alphabetic() {
                j += 1;
            }
            let followed_ok = j == b.len() || !(b[j].is_ascii_alphanumeric() || b[j] == b'-');
            // Skip swaps that would double a neighbouring word.
            let next = s[j..]
                .trim_start()
                .split(|c: char| !c.is_ascii_alphabetic())
                .next()
                .unwrap_or("");
            let prev = s[..i]
                .trim_end()
                .rsplit(|c: char| !c.is_ascii_alphabetic())
                .next()
                .unwrap_or("");
            if let Some(to) =
                swap_for(&s[i..j]).filter(|to| followed_ok && *to != next && *to != prev)
            {
                out.push((i, j, to));
            }
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

/// A number followed by a unit of time: its byte range.
fn timed_numbers(s: &str) -> Vec<(usize, usize)> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() && (i == 0 || !b[i - 1].is_ascii_alphanumeric()) {
            let mut j = i;
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            let rest = &s[j..];
            if ["second", "minute", "hour"]
                .iter()
                .any(|u| rest.starts_with(&format!(" {u}")))
            {
                out.push((i, j));
            }
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

fn changed_number(n: &str) -> String {
    match n.parse::<u64>() {
        Ok(30) => "60".into(),
        Ok(1) => "2".into(),
        Ok(x) => (x * 2).to_string(),
        Err(_) => format!("{n}0"),
    }
}

fn changed_code(code: &str) -> String {
    // Bump the last digit of the code (9 wraps to 0 and a digit is appended
    // to keep it different); the result still matches the code pattern.
    let mut chars: Vec<char> = code.chars().collect();
    if let Some(i) = chars.iter().rposition(char::is_ascii_digit) {
        let d = chars[i].to_digit(10).unwrap_or(0);
        chars[i] = char::from_digit((d + 1) % 10, 10).unwrap_or('0');
        let s: String = chars.into_iter().collect();
        if d == 9 { format!("{s}1") } else { s }
    } else {
        format!("{code}-1")
    }
}

/// Text a link shows, if it shows an address (as nwlint's link rule reads it).
fn shows_address(text: &str) -> bool {
    let t = text.trim();
    if t.contains(char::is_whitespace) {
        return false;
    }
    let host = t.split('/').next().unwrap_or("");
    host.contains('.')
        && host
            .rsplit('.')
            .next()
            .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()))
}

fn address_text(url: &str) -> String {
    let t = url
        .trim_start_matches("https://")
        .trim_start_matches("http://");
    t.strip_prefix("www.")
        .unwrap_or(t)
        .trim_end_matches('/')
        .to_string()
}

const NEW_STEPS: [&str; 4] = [
    "Wait 2 minutes.",
    "Make sure your {noun} is connected to the internet.",
    "Check that all cables are firmly connected.",
    "Restart your {noun}.",
];

/// A concrete edit, chosen on one copy and replayable on equal copies.
#[derive(Debug, Clone)]
enum Edit {
    Replace {
        path: SlotPath,
        range: (usize, usize),
        with: String,
    },
    Link {
        path: SlotPath,
        href: String,
    },
    Code {
        path: SlotPath,
        code: String,
    },
    Insert {
        list: SlotPath,
        at: usize,
        text: &'static str,
    },
    Remove {
        list: SlotPath,
        at: usize,
    },
    Swap {
        list: SlotPath,
        at: usize,
    },
}

/// Picks an edit of `kind` on `section`, if one applies.
fn choose_edit(kind: &str, section: &Value, rng: &mut Rng, urls: &[String]) -> Option<Edit> {
    let sl = slots(section);
    let text_at = |p: &SlotPath| {
        get(section, p)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    match kind {
        "word-changed" => {
            let cands: Vec<(SlotPath, (usize, usize, &str))> = sl
                .texts
                .iter()
                .flat_map(|p| {
                    swappable_words(&text_at(p))
                        .into_iter()
                        .map(move |w| (p.clone(), w))
                })
                .collect();
            if cands.is_empty() {
                return None;
            }
            let (path, (s, e, to)) = rng.pick(&cands).clone();
            Some(Edit::Replace {
                path,
                range: (s, e),
                with: to.to_string(),
            })
        }
        "number-changed" => {
            let cands: Vec<(SlotPath, (usize, usize))> = sl
                .texts
                .iter()
                .flat_map(|p| {
                    timed_numbers(&text_at(p))
                        .into_iter()
                        .map(move |r| (p.clone(), r))
                })
                .collect();
            if cands.is_empty() {
                return None;
            }
            let (path, (s, e)) = rng.pick(&cands).clone();
            let with = changed_number(&text_at(&path)[s..e]);
            Some(Edit::Replace {
                path,
                range: (s, e),
                with,
            })
        }
        "url-changed" => {
            if sl.links.is_empty() {
                return None;
            }
            let path = rng.pick(&sl.links).clone();
            let cur = get(section, &path)
                .map(|l| str_of(l, "href").to_string())
                .unwrap_or_default();
            let others: Vec<&String> = urls.iter().filter(|u| **u != cur).collect();
            let href = (*rng.pick(&others)).clone();
            Some(Edit::Link { path, href })
        }
        "error-code-changed" => {
            if sl.codes.is_empty() {
                return None;
            }
            let path = rng.pick(&sl.codes).clone();
            let cur = get(section, &path)
                .map(|c| str_of(c, "code").to_string())
                .unwrap_or_default();
            Some(Edit::Code {
                path,
                code: changed_code(&cur),
            })
        }
        "step-added" => {
            if sl.steps.is_empty() {
                return None;
            }
            let list = rng.pick(&sl.steps).clone();
            let n = get(section, &list)
                .and_then(Value::as_array)
                .map_or(0, Vec::len);
            Some(Edit::Insert {
                list,
                at: rng.below(n + 1),
                text: NEW_STEPS[rng.below(NEW_STEPS.len())],
            })
        }
        "step-removed" => {
            let lists: Vec<&SlotPath> = sl
                .steps
                .iter()
                .filter(|l| {
                    get(section, l)
                        .and_then(Value::as_array)
                        .is_some_and(|a| a.len() >= 2)
                })
                .collect();
            if lists.is_empty() {
                return None;
            }
            let list = (*rng.pick(&lists)).clone();
            let n = get(section, &list)
                .and_then(Value::as_array)
                .map_or(0, Vec::len);
            Some(Edit::Remove {
                list,
                at: rng.below(n),
            })
        }
        "step-reordered" => {
            let mut cands = Vec::new();
            for l in &sl.steps {
                if let Some(a) = get(section, l).and_then(Value::as_array) {
                    for i in 0..a.len().saturating_sub(1) {
                        if a[i] != a[i + 1] {
                            cands.push((l.clone(), i));
                        }
                    }
                }
            }
            if cands.is_empty() {
                return None;
            }
            let (list, at) = rng.pick(&cands).clone();
            Some(Edit::Swap { list, at })
        }
        _ => None,
    }
}

fn step_text(v: &Value) -> String {
    inline_text(v.get("text").unwrap_or(&Value::Null), false)
}

/// Applies `edit` to one copy; returns (pointer within section, before, after).
fn apply(
    edit: &Edit,
    section: &mut Value,
    device: &Device,
) -> Option<(String, Option<String>, Option<String>)> {
    match edit {
        Edit::Replace { path, range, with } => {
            let Value::String(s) = get_mut(section, path)? else {
                return None;
            };
            let (a, b) = *range;
            if b > s.len() || !s.is_char_boundary(a) || !s.is_char_boundary(b) {
                return None;
            }
            let before = s.clone();
            s.replace_range(a..b, with);
            Some((pointer_of(path), Some(before), Some(s.clone())))
        }
        Edit::Link { path, href } => {
            let link = get_mut(section, path)?.as_object_mut()?;
            let before = format!(
                "{} <{}>",
                str_of(&Value::Object(link.clone()), "link"),
                str_of(&Value::Object(link.clone()), "href")
            );
            if link
                .get("link")
                .and_then(Value::as_str)
                .is_some_and(shows_address)
            {
                link.insert("link".into(), Value::String(address_text(href)));
            }
            link.insert("href".into(), Value::String(href.clone()));
            let after = format!(
                "{} <{}>",
                str_of(&Value::Object(link.clone()), "link"),
                href
            );
            let mut p = path.clone();
            p.push(Step::Key("href"));
            Some((pointer_of(&p), Some(before), Some(after)))
        }
        Edit::Code { path, code } => {
            let c = get_mut(section, path)?.as_object_mut()?;
            let before = c
                .get("code")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            c.insert("code".into(), Value::String(code.clone()));
            let mut p = path.clone();
            p.push(Step::Key("code"));
            Some((pointer_of(&p), Some(before), Some(code.clone())))
        }
        Edit::Insert { list, at, text } => {
            let a = get_mut(section, list)?.as_array_mut()?;
            let t = text.replace("{noun}", &device.noun);
            let at = (*at).min(a.len());
            a.insert(at, json!({ "text": t }));
            let mut p = list.clone();
            p.push(Step::Index(at));
            Some((pointer_of(&p), None, Some(t)))
        }
        Edit::Remove { list, at } => {
            let a = get_mut(section, list)?.as_array_mut()?;
            if *at >= a.len() || a.len() < 2 {
                return None;
            }
            let gone = a.remove(*at);
            let mut p = list.clone();
            p.push(Step::Index(*at));
            Some((pointer_of(&p), Some(step_text(&gone)), None))
        }
        Edit::Swap { list, at } => {
            let a = get_mut(section, list)?.as_array_mut()?;
            if at + 1 >= a.len() {
                return None;
            }
            let before = format!("{} / {}", step_text(&a[*at]), step_text(&a[at + 1]));
            a.swap(*at, at + 1);
            let after = format!("{} / {}", step_text(&a[*at]), step_text(&a[at + 1]));
            let mut p = list.clone();
            p.push(Step::Index(*at));
            Some((pointer_of(&p), Some(before), Some(after)))
        }
    }
}

// ------------------------------------------------------------- article ----

const MESSAGES: [&str; 5] = [
    "{product} has encountered an error.",
    "Sorry, we could not reach the {product} service. Please try again later.",
    "There is a problem connecting to {product}. Please try again later.",
    "Sorry, something went wrong.",
    "{product} is not available right now.",
];

const SUMMARIES: [&str; 4] = [
    "It usually means there is a network connectivity issue that is stopping your device from reaching {product}.",
    "This usually means your device needs to be refreshed, or there is a problem with the information stored on it.",
    "It usually points to information on your device that needs to be refreshed, or a network issue.",
    "It usually means a problem with your home network is stopping your device from reaching {product}. Follow the steps for your device below.",
];

struct Generated {
    file: String,
    json: Vec<u8>,
    markdown: Vec<u8>,
    drift: Option<Drift>,
}

fn generate_article(t: &Template, codes: &[String], i: usize, opts: &Options) -> Generated {
    let code = &codes[i];
    let file = format!("content/articles/{code}.json");
    if i == 0 {
        let v = Value::Object(t.article.clone());
        return Generated {
            file,
            json: t.template_text.clone(),
            markdown: markdown(&v, t).into_bytes(),
            drift: None,
        };
    }
    let mut rng =
        Rng::new(opts.seed.wrapping_mul(0x100_0000_01b3) ^ (i as u64).wrapping_mul(0x9e37_79b9));

    // Devices: a subset of 2..=all, registry order (sometimes shuffled).
    let n = t.devices.len();
    let k = 2 + rng.below(n - 1);
    let mut idx: Vec<usize> = (0..n).collect();
    rng.shuffle(&mut idx);
    idx.truncate(k);
    let inject = opts.drift_every > 0 && i % opts.drift_every == opts.drift_every / 2;
    let group = (i / opts.drift_every.max(1)) / opts.repeat.max(1);
    let kind = KINDS[group % KINDS.len()];
    // With `repeat`, the drift's choices come from the run's own stream.
    let mut group_rng = Rng::new(opts.seed ^ (group as u64).wrapping_mul(0x2545_f491_4f6c_dd1d));
    if inject {
        // Make sure the article has at least 3 devices sharing the consensus
        // copy of a template section where this kind of edit applies.
        let mut fit: Vec<&String> = t
            .consensus
            .iter()
            .filter(|(id, ds)| {
                ds.len() >= 3
                    && t.sections[&ds[0]]
                        .iter()
                        .find(|s| str_of(s, "id") == id.as_str())
                        .is_some_and(|s| choose_edit(kind, s, &mut Rng::new(0), &t.urls).is_some())
            })
            .map(|(id, _)| id)
            .collect();
        fit.sort();
        if !fit.is_empty() {
            let id = *rng.pick(&fit);
            let mut have = t.consensus[id]
                .iter()
                .filter(|d| idx.iter().any(|&j| &t.devices[j].id == *d))
                .count();
            for d in &t.consensus[id] {
                if have >= 3 {
                    break;
                }
                if let Some(j) = t.devices.iter().position(|x| &x.id == d)
                    && !idx.contains(&j)
                {
                    idx.push(j);
                    have += 1;
                }
            }
        }
    }
    if rng.chance(9, 10) {
        idx.sort_unstable();
    }
    let devices: Vec<&Device> = idx.iter().map(|&j| &t.devices[j]).collect();

    // Sections: the template's, plus up to two extra families; one order
    // for the whole article.
    let mut extra: Vec<&Value> = Vec::new();
    if rng.chance(1, 2) {
        let mut fam: Vec<&Value> = t.families.iter().collect();
        rng.shuffle(&mut fam);
        extra.extend(fam.into_iter().take(1 + rng.below(2)));
    }
    let mut ids: Vec<String> = Vec::new();
    for d in &devices {
        for s in &t.sections[&d.id] {
            let id = str_of(s, "id").to_string();
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    for f in &extra {
        ids.push(str_of(f, "id").to_string());
    }
    if rng.chance(1, 3) {
        rng.shuffle(&mut ids);
    }
    let rank = |id: &str| ids.iter().position(|x| x == id).unwrap_or(usize::MAX);
    let mut entries: Vec<(String, Vec<Value>)> = devices
        .iter()
        .map(|d| {
            let mut list: Vec<Value> = t.sections[&d.id].clone();
            list.extend(extra.iter().map(|f| fill(f, d)));
            list.sort_by_key(|s| rank(str_of(s, "id")));
            (d.id.clone(), list)
        })
        .collect();

    // Drift injection.
    let mut drift = None;
    if inject {
        let rng = if opts.repeat > 1 {
            &mut group_rng
        } else {
            &mut rng
        };
        let scope = if rng.chance(1, 4) {
            "article"
        } else {
            "device"
        };
        // Candidates: (section id, device index) where the device's copy is
        // a consensus copy shared by at least 3 of this article's devices.
        let mut cands = Vec::new();
        for id in &ids {
            let cons: Vec<usize> = (0..entries.len())
                .filter(|&e| {
                    let is_extra = extra.iter().any(|f| str_of(f, "id") == id);
                    let in_cons = t
                        .consensus
                        .get(id)
                        .is_some_and(|c| c.contains(&entries[e].0));
                    (is_extra || in_cons) && entries[e].1.iter().any(|s| str_of(s, "id") == id)
                })
                .collect();
            if cons.len() >= 3 {
                for &e in &cons {
                    cands.push((id.clone(), e, cons.clone()));
                }
            }
        }
        rng.shuffle(&mut cands);
        let group_seed = opts.seed ^ (group as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        if opts.repeat > 1 {
            // The run's section first, so every article of the run edits it.
            let mut all: Vec<&String> = t.consensus.keys().collect();
            all.sort();
            let want = all[Rng::new(group_seed).below(all.len())].clone();
            cands.sort_by_key(|(id, _, _)| *id != want);
        }
        for (id, e, cons) in cands {
            let si = entries[e]
                .1
                .iter()
                .position(|s| str_of(s, "id") == id)
                .unwrap_or(0);
            // In a run, the same stream for the edit: the same change.
            let mut same = Rng::new(group_seed ^ 1);
            let edit_rng = if opts.repeat > 1 {
                &mut same
            } else {
                &mut *rng
            };
            let Some(edit) = choose_edit(kind, &entries[e].1[si], edit_rng, &t.urls) else {
                continue;
            };
            let targets: Vec<usize> = if scope == "article" {
                cons.clone()
            } else {
                vec![e]
            };
            let mut first = None;
            let mut names = Vec::new();
            for &te in &targets {
                let dev = t
                    .devices
                    .iter()
                    .find(|d| d.id == entries[te].0)
                    .expect("known device");
                let tsi = entries[te]
                    .1
                    .iter()
                    .position(|s| str_of(s, "id") == id)
                    .unwrap_or(0);
                if let Some((p, before, after)) = apply(&edit, &mut entries[te].1[tsi], dev) {
                    names.push(entries[te].0.clone());
                    if first.is_none() {
                        first = Some((format!("/devices/{te}/sections/{tsi}{p}"), before, after));
                    }
                }
            }
            if let Some((pointer, before, after)) = first {
                drift = Some(Drift {
                    article: code.clone(),
                    file: file.clone(),
                    scope,
                    devices: names,
                    section: id.clone(),
                    kind,
                    pointer,
                    before,
                    after,
                });
                break;
            }
        }
    }

    // The article object.
    let mut a = Map::new();
    let p = |s: &str| s.replace("{product}", &t.product);
    a.insert(
        "$schema".into(),
        t.article.get("$schema").cloned().unwrap_or(Value::Null),
    );
    a.insert("code".into(), Value::String(code.clone()));
    if let Some(l) = t.article.get("locale") {
        a.insert("locale".into(), l.clone());
    }
    let title = str_of(&Value::Object(t.article.clone()), "title").replace(&t.code, code);
    a.insert("title".into(), Value::String(title));
    let intro = match t.article.get("intro") {
        Some(Value::Array(runs)) => Value::Array(
            runs.iter()
                .map(|r| match r.get("code") {
                    Some(Value::String(c)) if *c == t.code => json!({ "code": code }),
                    _ => r.clone(),
                })
                .collect(),
        ),
        Some(other) => other.clone(),
        None => json!(["If you see the error code ", {"code": code}, ":"]),
    };
    a.insert("intro".into(), intro);
    let messages = if rng.chance(1, 3) {
        t.article
            .get("messages")
            .cloned()
            .unwrap_or_else(|| json!([p(MESSAGES[0])]))
    } else {
        json!([p(MESSAGES[rng.below(MESSAGES.len())])])
    };
    a.insert("messages".into(), messages);
    let summary = if rng.chance(1, 3) {
        t.article
            .get("summary")
            .cloned()
            .unwrap_or_else(|| json!(p(SUMMARIES[0])))
    } else {
        json!(p(SUMMARIES[rng.below(SUMMARIES.len())]))
    };
    a.insert("summary".into(), summary);
    a.insert(
        "devices".into(),
        Value::Array(
            entries
                .into_iter()
                .map(|(d, s)| json!({"device": d, "sections": s}))
                .collect(),
        ),
    );
    if rng.chance(3, 4)
        && let Some(f) = t.article.get("fallback")
    {
        a.insert("fallback".into(), f.clone());
    }
    if let Some(Value::Object(rel)) = t.article.get("related") {
        let mut rel = rel.clone();
        let mut list = Vec::new();
        for _ in 0..rng.below(4) {
            let j = rng.below(codes.len());
            if j != i && !list.contains(&codes[j]) {
                list.push(codes[j].clone());
            }
        }
        rel.insert("articles".into(), json!(list));
        a.insert("related".into(), Value::Object(rel));
    }
    let v = Value::Object(a);
    let mut json = String::with_capacity(32 << 10);
    write_pretty(&v, 0, &mut json);
    json.push('\n');
    Generated {
        file,
        json: json.into_bytes(),
        markdown: markdown(&v, t).into_bytes(),
        drift,
    }
}

// -------------------------------------------------------------- output ----

/// Key order of the content files (others sort after, by name).
const KEY_ORDER: [&str; 24] = [
    "$schema", "code", "locale", "title", "intro", "messages", "summary", "devices", "fallback",
    "related", "device", "sections", "id", "snippet", "type", "text", "items", "bullets", "link",
    "href", "blocks", "intended", "articles", "rule",
];

/// Pretty JSON like the hand-written files: two-space indent, keys in
/// content order (titles before blocks).
fn write_pretty(v: &Value, indent: usize, out: &mut String) {
    let pad = |out: &mut String, n: usize| out.extend(std::iter::repeat_n(' ', n));
    match v {
        Value::Array(a) if a.is_empty() => out.push_str("[]"),
        Value::Array(a) => {
            out.push_str("[\n");
            for (i, x) in a.iter().enumerate() {
                pad(out, indent + 2);
                write_pretty(x, indent + 2, out);
                out.push_str(if i + 1 < a.len() { ",\n" } else { "\n" });
            }
            pad(out, indent);
            out.push(']');
        }
        Value::Object(o) if o.is_empty() => out.push_str("{}"),
        Value::Object(o) => {
            let mut keys: Vec<&String> = o.keys().collect();
            keys.sort_by_key(|k| {
                (
                    KEY_ORDER.iter().position(|x| x == k).unwrap_or(usize::MAX),
                    k.as_str(),
                )
            });
            // "title" comes before "blocks" but after "id" in sections.
            if o.contains_key("id") && o.contains_key("title") {
                keys.retain(|k| *k != "title");
                let at = keys.iter().position(|k| *k == "id").map_or(0, |p| p + 1);
                let (title, _) = o.get_key_value("title").expect("has title");
                keys.insert(at, title);
            }
            out.push_str("{\n");
            for (i, k) in keys.iter().enumerate() {
                pad(out, indent + 2);
                out.push_str(&Value::String((*k).clone()).to_string());
                out.push_str(": ");
                write_pretty(&o[k.as_str()], indent + 2, out);
                out.push_str(if i + 1 < keys.len() { ",\n" } else { "\n" });
            }
            pad(out, indent);
            out.push('}');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// Reader-visible text of rich text; with `md`, links as Markdown links.
fn inline_text(v: &Value, md: bool) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(runs) => {
            let mut out = String::new();
            for r in runs {
                match r {
                    Value::String(s) => out.push_str(s),
                    Value::Object(o) if o.contains_key("href") => {
                        let (l, h) = (str_of(r, "link"), str_of(r, "href"));
                        if md {
                            write!(out, "[{l}]({h})").unwrap();
                        } else {
                            out.push_str(l);
                        }
                    }
                    Value::Object(_) => out.push_str(str_of(r, "code")),
                    _ => {}
                }
            }
            out
        }
        _ => String::new(),
    }
}

fn markdown_blocks(blocks: &Value, out: &mut String) {
    for b in blocks.as_array().into_iter().flatten() {
        match str_of(b, "type") {
            "paragraph" => writeln!(out, "{}\n", inline_text(&b["text"], true)).unwrap(),
            "note" => writeln!(out, "> **Note:** {}\n", inline_text(&b["text"], true)).unwrap(),
            "bullets" => {
                for it in b["items"].as_array().into_iter().flatten() {
                    writeln!(out, "- {}", inline_text(it, true)).unwrap();
                }
                out.push('\n');
            }
            "steps" => {
                for (n, it) in b["items"].as_array().into_iter().flatten().enumerate() {
                    writeln!(out, "{}. {}", n + 1, inline_text(&it["text"], true)).unwrap();
                    for bu in it
                        .get("bullets")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                    {
                        writeln!(out, "   - {}", inline_text(bu, true)).unwrap();
                    }
                }
                out.push('\n');
            }
            _ => {}
        }
    }
}

/// The article as Markdown, as the help center shows it.
fn markdown(a: &Value, t: &Template) -> String {
    let mut out = String::with_capacity(16 << 10);
    writeln!(out, "# {}\n", str_of(a, "title")).unwrap();
    writeln!(out, "{}\n", inline_text(&a["intro"], true)).unwrap();
    for m in a["messages"].as_array().into_iter().flatten() {
        writeln!(out, "> {}\n", m.as_str().unwrap_or("")).unwrap();
    }
    writeln!(out, "{}\n", inline_text(&a["summary"], true)).unwrap();
    for e in a["devices"].as_array().into_iter().flatten() {
        let id = str_of(e, "device");
        let name = t
            .devices
            .iter()
            .find(|d| d.id == id)
            .map_or(id, |d| d.name.as_str());
        writeln!(out, "## {name}\n").unwrap();
        for s in e["sections"].as_array().into_iter().flatten() {
            writeln!(out, "### {}\n", str_of(s, "title")).unwrap();
            markdown_blocks(&s["blocks"], &mut out);
        }
    }
    if let Some(f) = a.get("fallback") {
        writeln!(out, "## {}\n", str_of(f, "title")).unwrap();
        markdown_blocks(&f["blocks"], &mut out);
    }
    if let Some(r) = a.get("related") {
        let list = r["articles"].as_array().cloned().unwrap_or_default();
        if !list.is_empty() {
            writeln!(out, "## {}\n", str_of(r, "title")).unwrap();
            for c in list {
                writeln!(out, "- {}", c.as_str().unwrap_or("")).unwrap();
            }
        }
    }
    out
}

fn write_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    std::fs::write(path, bytes)
        .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))
}

/// Generates the corpus into `opts.out`.
pub fn generate(opts: &Options) -> io::Result<Summary> {
    if opts.articles == 0 {
        return Err(bad("--articles must be at least 1"));
    }
    let t = Template::load(opts)?;
    let out = &opts.out;
    let articles_dir = out.join("content").join("articles");
    // Start from a clean article folder so a smaller corpus never keeps
    // files of a larger one.
    for dir in [articles_dir.clone(), out.join("markdown")] {
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
    }
    std::fs::create_dir_all(&articles_dir)?;
    std::fs::create_dir_all(out.join("schema"))?;
    if opts.markdown {
        std::fs::create_dir_all(out.join("markdown"))?;
    }
    write_file(&out.join("content/helpcenter.json"), &t.helpcenter_text)?;
    write_file(&out.join("content/devices.json"), &t.devices_text)?;
    for (name, text) in &t.schemas {
        write_file(&out.join("schema").join(name), text)?;
    }
    write_file(
        &out.join("nwlint.toml"),
        b"# Generated benchmark corpus (examples/gen-corpus.rs).\ncontent = \"content\"\nschema = \"schema\"\n",
    )?;

    let codes = codes(opts.articles, opts.seed, &t.code);
    let results: Vec<io::Result<(u64, u64, Option<Drift>)>> = (0..opts.articles)
        .into_par_iter()
        .map(|i| {
            let g = generate_article(&t, &codes, i, opts);
            write_file(&out.join(&g.file), &g.json)?;
            let mut md = 0;
            if opts.markdown {
                write_file(
                    &out.join("markdown").join(format!("{}.md", codes[i])),
                    &g.markdown,
                )?;
                md = g.markdown.len() as u64;
            }
            Ok((g.json.len() as u64, md, g.drift))
        })
        .collect();

    let mut summary = Summary {
        articles: opts.articles,
        json_bytes: 0,
        markdown_bytes: 0,
        drifts: KINDS.iter().map(|k| (*k, 0)).collect(),
    };
    let mut drifts = Vec::new();
    for r in results {
        let (j, m, d) = r?;
        summary.json_bytes += j;
        summary.markdown_bytes += m;
        if let Some(d) = d {
            *summary.drifts.entry(d.kind).or_default() += 1;
            drifts.push(d);
        }
    }
    write_manifest(opts, &t, &summary, &drifts)?;
    Ok(summary)
}

fn write_manifest(opts: &Options, t: &Template, s: &Summary, drifts: &[Drift]) -> io::Result<()> {
    let entries: Vec<Value> = drifts
        .iter()
        .map(|d| {
            json!({
                "article": d.article,
                "file": d.file,
                "device": if d.scope == "device" { json!(d.devices[0]) } else { Value::Null },
                "devices": d.devices,
                "section": d.section,
                "kind": d.kind,
                "scope": d.scope,
                "pointer": d.pointer,
                "before": d.before,
                "after": d.after,
            })
        })
        .collect();
    let outliers: Vec<Value> = t
        .outliers
        .iter()
        .map(|(s, ds)| json!({"section": s, "devices": ds}))
        .collect();
    let manifest = json!({
        "generator": "examples/gen-corpus.rs",
        "seed": opts.seed,
        "articles": s.articles,
        "template": format!("content/articles/{}", t.template_file),
        "drift_every": opts.drift_every,
        "json_bytes": s.json_bytes,
        "markdown_bytes": s.markdown_bytes,
        "counts": s.drifts,
        "total": drifts.len(),
        "notes": "Article 0 is the template, unchanged. Every generated article keeps the template's per-device sections, so its own outliers (template_outliers) and missing sections recur wherever those devices appear; they are not injected drifts. Scope `device`: one device's copy differs from the article's consensus. Scope `article`: every consensus copy of the section in the article carries the edit (visible only across articles).",
        "template_outliers": outliers,
        "drifts": entries,
    });
    let mut text = String::new();
    write_pretty(&manifest, 0, &mut text);
    text.push('\n');
    write_file(&opts.out.join("manifest.json"), text.as_bytes())
}
