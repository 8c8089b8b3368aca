//! Duplicate and drift detection across devices and articles.

pub mod divergent;
pub mod drifted;
pub mod identical;
pub mod missing;
pub mod mixed_nouns;
pub mod stale_intended;
