//! `nwlint add-device ID --like DEVICE`: a new device entry in every
//! article that has DEVICE (or those named), a copy of DEVICE's with
//! DEVICE's name and nouns replaced by ID's; and ID in the registry when
//! `--name` gives what it needs there.

use super::{FileText, Session, is_text};
use crate::diag::{Fatal, Notice};
use crate::edit::json::{self, Style, item_indent, line_indent, reindent};
use crate::edit::words::substitute;
use crate::edit::{Mode, Plan};
use crate::model::{Article, Device, DeviceRegistry};
use crate::text::escape_terminal;
use crate::workspace;

/// What `add-device` adds, like what.
#[derive(Debug, Clone)]
pub struct Options {
    /// The new device's id.
    pub id: String,
    /// The device whose sections it gets.
    pub like: String,
    /// Only these articles (codes); none: every article that has `like`.
    pub articles: Vec<String>,
    /// Its display name (adds it to the registry when it is not there).
    pub name: Option<String>,
    /// Its nouns (default: its name).
    pub nouns: Vec<String>,
    pub mode: Mode,
    pub workspace: workspace::Options,
}

/// Runs `add-device`; the exit code as [`crate::edit::commit`] gives it.
pub fn run(
    opts: &Options,
    out: &mut dyn std::io::Write,
    notices: &mut Vec<Notice>,
) -> Result<u8, Fatal> {
    let session = Session::open(&opts.workspace, notices)?;
    let like = session.device(&opts.like)?;
    let registry = session.registry()?;
    let mut plan = Plan::default();
    let new = match registry.devices.iter().find(|d| d.id == opts.id) {
        Some(known) => known.clone(),
        None => {
            let Some(name) = &opts.name else {
                return Err(Fatal::new(format!(
                    "`{}` is not in devices.json",
                    escape_terminal(&opts.id, false)
                ))
                .with_help(
                    "give its name (and nouns) to add it: --name \"Apple TV\" --noun \"Apple TV\"",
                ));
            };
            let nouns = match opts.nouns.is_empty() {
                true => vec![name.clone()],
                false => opts.nouns.clone(),
            };
            let device = Device {
                id: opts.id.clone(),
                name: name.clone(),
                nouns,
                ..Default::default()
            };
            register(&session, registry, &device, &mut plan)?;
            device
        }
    };
    let order = registry_order(registry, &new.id);
    let corpus = &session.workspace().loading.corpus;
    let mut added = Vec::new();
    for code in &opts.articles {
        let art = session.article(code)?;
        if !art.value.devices.iter().any(|d| d.device == like.id) {
            return Err(Fatal::new(format!(
                "{} has no entry for `{}` to copy",
                escape_terminal(code, false),
                like.id
            )));
        }
    }
    for art in &corpus.articles {
        let named = opts.articles.is_empty() || opts.articles.contains(&art.value.code);
        let Some(di) = art.value.devices.iter().position(|d| d.device == like.id) else {
            continue;
        };
        if !named {
            continue;
        }
        if art.value.devices.iter().any(|d| d.device == new.id) {
            notices.push(Notice::Warning(format!(
                "{} already has `{}`: left as it is",
                escape_terminal(&art.value.code, false),
                new.id
            )));
            continue;
        }
        let file = session.file(art.file)?;
        let edit = entry_edit(&file, &art.value, di, like, &new, &order)?;
        plan.edit(file.path, file.display, &file.text, edit);
        added.push(art.value.code.clone());
    }
    let done = (!added.is_empty()).then(|| {
        format!(
            "added `{}` like `{}` to {}",
            new.id,
            like.id,
            added.join(", ")
        )
    });
    super::finish(&session, &plan, &opts.workspace, (opts.mode, done), out)
}

/// Plans `device`'s registry entry: in id order if the registry is in
/// id order, else last.
fn register(
    session: &Session,
    registry: &DeviceRegistry,
    device: &Device,
    plan: &mut Plan,
) -> Result<(), Fatal> {
    let loaded = (session.workspace().loading.corpus.registry.as_ref())
        .ok_or_else(|| Fatal::new("the device registry did not load"))?;
    let file = session.file(loaded.file)?;
    let style = Style::of(&file.text);
    let failed = || Fatal::new(format!("cannot place `{}` in devices.json", device.id));
    let indent = item_indent(&file.text, file.spans, "/devices", &style).ok_or_else(failed)?;
    let (inner, nl, unit) = (
        format!("{indent}{}", style.unit),
        style.newline,
        &style.unit,
    );
    let nouns: Vec<String> = (device.nouns.iter())
        .map(|n| format!("{inner}{unit}{}", json::string(n)))
        .collect();
    let entry = format!(
        "{{{nl}{inner}\"id\": {},{nl}{inner}\"name\": {},{nl}{inner}\"nouns\": [{nl}{}{nl}{inner}]{nl}{indent}}}",
        json::string(&device.id),
        json::string(&device.name),
        nouns.join(&format!(",{nl}"))
    );
    let ids: Vec<&str> = registry.devices.iter().map(|d| d.id.as_str()).collect();
    let index = match ids.is_sorted() {
        true => ids.partition_point(|id| *id < device.id.as_str()),
        false => ids.len(),
    };
    let edit = json::insert_item(&file.text, file.spans, "/devices", index, &entry, &style)
        .ok_or_else(failed)?;
    plan.edit(file.path, file.display, &file.text, edit);
    Ok(())
}

/// The registry's ids with `id` where it will stand.
fn registry_order(registry: &DeviceRegistry, id: &str) -> Vec<String> {
    let mut ids: Vec<String> = registry.devices.iter().map(|d| d.id.clone()).collect();
    if !ids.iter().any(|i| i == id) {
        let at = match ids.is_sorted() {
            true => ids.partition_point(|i| i.as_str() < id),
            false => ids.len(),
        };
        ids.insert(at, id.to_string());
    }
    ids
}

/// The edit that adds `new`'s entry, a copy of entry `di` (`like`'s):
/// where the registry order puts it if the article follows that order,
/// else right after `like`'s.
fn entry_edit(
    file: &FileText,
    article: &Article,
    di: usize,
    like: &Device,
    new: &Device,
    order: &[String],
) -> Result<crate::edit::Edit, Fatal> {
    let failed = || Fatal::new(format!("cannot place `{}` in `{}`", new.id, file.display));
    let pointer = format!("/devices/{di}");
    let raw = json::map_strings(&file.text, file.spans, &pointer, &mut |key, s| match key {
        "device" => Some(new.id.clone()),
        _ => is_text(key).then(|| substitute(s, like, new)),
    })
    .ok_or_else(failed)?;
    let at = file.spans.value(&pointer).ok_or_else(failed)?.start;
    let indent = line_indent(&file.text, at);
    let style = Style::of(&file.text);
    let entry = reindent(&raw, indent, indent, style.newline);
    let rank = |id: &str| order.iter().position(|o| o == id);
    let ranks: Vec<Option<usize>> = article.devices.iter().map(|d| rank(&d.device)).collect();
    let follows = ranks.iter().all(Option::is_some) && ranks.is_sorted();
    let index = match (follows, rank(&new.id)) {
        (true, Some(r)) => ranks.partition_point(|x| x.is_some_and(|x| x < r)),
        _ => di + 1,
    };
    json::insert_item(&file.text, file.spans, "/devices", index, &entry, &style).ok_or_else(failed)
}
