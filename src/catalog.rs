//! The catalog: every rule nwlint knows, the file rules and drift's, in
//! the order `nwlint rules` lists them. Commands hand it to what needs to
//! know rules by id (the config, intended marks), so rules and drift need
//! not know each other.

use crate::diag::RuleDef;
use crate::{drift, rules};

/// Every rule nwlint knows, in the order `nwlint rules` lists them.
pub fn all() -> &'static [&'static RuleDef] {
    static ALL: &[&RuleDef] = &[
        &rules::json_syntax::RULE,
        &rules::encoding::RULE,
        &rules::duplicate_key::RULE,
        &rules::schema::RULE,
        &rules::unknown_file::RULE,
        &rules::skipped_file::RULE,
        &rules::code_filename::RULE,
        &rules::unknown_device::RULE,
        &rules::repeated_device::RULE,
        &rules::repeated_section::RULE,
        &rules::unknown_snippet::RULE,
        &rules::error_code::RULE,
        &rules::disallowed_link::RULE,
        &rules::locale::structure::RULE,
        &rules::locale::references::RULE,
        &rules::locale::untranslated::RULE,
        &drift::identical::RULE,
        &drift::drifted::RULE,
        &drift::divergent::RULE,
        &drift::missing::RULE,
        &drift::mixed_nouns::RULE,
        &drift::stale_intended::RULE,
    ];
    ALL
}

/// Looks a rule up by id.
pub fn find(id: &str) -> Option<&'static RuleDef> {
    all().iter().copied().find(|r| r.id == id)
}

/// Ids close to `id` (for "did you mean" hints).
pub fn suggest(id: &str) -> Option<&'static str> {
    crate::text::closest(id, all().iter().map(|r| r.id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_are_unique_and_kebab_case() {
        let mut seen = HashSet::new();
        for rule in all() {
            assert!(seen.insert(rule.id), "duplicate rule id {}", rule.id);
            assert!(
                rule.id
                    .split('-')
                    .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase())),
                "rule id {} is not kebab-case",
                rule.id
            );
        }
    }

    #[test]
    fn every_rule_is_documented() {
        for rule in all() {
            let docs = rule.docs();
            for heading in ["## What it does", "## Why", "## Example", "## How to fix"] {
                assert!(docs.contains(heading), "{} docs lack {heading}", rule.id);
            }
            assert!(
                !rule.summary.ends_with('.'),
                "{} summary ends with '.'",
                rule.id
            );
        }
    }

    #[test]
    fn find_and_suggest() {
        assert_eq!(find("unknown-device").unwrap().id, "unknown-device");
        assert!(find("nope").is_none());
        assert_eq!(suggest("unknown-devic"), Some("unknown-device"));
    }
}
