//! Comparing two copies of a section: the mechanism `nwlint diff` and the
//! drift checks share.
//!
//! [`align`] lines up the units of two sections (paragraphs, steps,
//! bullets, notes, as [`crate::normalize`] splits them) so that an inserted
//! step is one added unit and a reworded step one changed unit; [`words`]
//! tokenizes texts, measures their similarity, diffs changed units word by
//! word and writes the result as `[-removed-]{+added+}`.
//!
//! Data flows one way: [`crate::normalize`] → here → the commands that
//! report ([`crate::diff`] and [`crate::drift`]), which depend on this
//! module and never on each other. Nothing here reads files or knows about
//! devices, findings or output formats.

pub mod align;
pub mod words;
