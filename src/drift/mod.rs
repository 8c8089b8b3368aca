//! Duplicate and drift detection across devices and articles.

pub mod divergent;
pub mod drifted;
pub mod identical;
pub mod missing;
pub mod mixed_nouns;
pub mod stale_intended;

use crate::diag::Diagnostic;
use crate::rules::Ctx;

/// Compares sections across devices and articles. (Being built.)
pub fn check(_ctx: &Ctx) -> Vec<Diagnostic> {
    Vec::new()
}
