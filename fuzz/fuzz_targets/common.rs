//! What the targets share: a small content tree in a temporary folder,
//! built once per process, whose article a target overwrites per input.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub const DEVICES: &str = include_str!("../../content/devices.json");
pub const HELPCENTER: &str = include_str!("../../content/helpcenter.json");
pub const ARTICLE: &str = include_str!("../../content/articles/NW-6-403.json");

/// The project folder (content/ with the shipped registry and help
/// center; schemas built in), made once.
pub fn project() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(content.join("articles")).unwrap();
        std::fs::write(content.join("devices.json"), DEVICES).unwrap();
        std::fs::write(content.join("helpcenter.json"), HELPCENTER).unwrap();
        dir
    })
    .path()
}

/// The article every input is written to.
pub fn article_path() -> PathBuf {
    project().join("content/articles/NW-6-403.json")
}

/// The loaded tree with `article` as its one article.
pub fn load(article: &[u8]) -> (nwlint::config::Config, nwlint::load::Loading) {
    std::fs::write(article_path(), article).unwrap();
    let config = nwlint::config::Config {
        dir: project().to_path_buf(),
        ..Default::default()
    };
    let roots = nwlint::workspace::roots(&config, Some(project().join("content"))).unwrap();
    static SCHEMAS: OnceLock<nwlint::schema::SchemaSet> = OnceLock::new();
    let schemas = SCHEMAS.get_or_init(|| nwlint::schema::SchemaSet::load(None).unwrap());
    let loading = nwlint::load::load(&roots, schemas).unwrap();
    (config, loading)
}

/// Every `check` format, into memory.
pub fn reporters() -> Vec<Box<dyn nwlint::report::Report>> {
    use nwlint::report::*;
    vec![
        Box::new(human::Human {
            color: true,
            width: 100,
            summary: true,
        }),
        Box::new(concise::Concise),
        Box::new(json::Json),
        Box::new(github::Github {
            step_summary: None,
            workspace: None,
            summary: true,
        }),
        Box::new(sarif::Sarif),
        Box::new(junit::Junit {
            fail_at: nwlint::diag::Severity::Error,
        }),
    ]
}
