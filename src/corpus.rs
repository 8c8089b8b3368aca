//! The corpus: everything of a content tree that loaded cleanly enough to
//! be checked further, typed, each value with the file it came from.

use crate::diag::FileId;
use crate::model::{Article, DeviceRegistry, HelpCenter, Snippet};

/// A typed value and the file it came from.
#[derive(Debug, Clone)]
pub struct Loaded<T> {
    pub file: FileId,
    pub value: T,
}

/// Everything that loaded cleanly enough to be checked further.
#[derive(Debug, Default)]
pub struct Corpus {
    pub helpcenter: Option<Loaded<HelpCenter>>,
    pub registry: Option<Loaded<DeviceRegistry>>,
    pub articles: Vec<Loaded<Article>>,
    pub snippets: Vec<Loaded<Snippet>>,
    /// `helpcenter.json` is there but did not load (its findings say why).
    pub helpcenter_unloaded: bool,
}
