//! `exclude` in nwlint.toml: paths under the content root that are not
//! checked, as globs (`*` and `?` within a folder, `**` across folders,
//! `[]`, `{a,b}`); a pattern also excludes everything below what it
//! names.

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

/// The compiled `exclude` patterns.
#[derive(Debug, Clone)]
pub struct Exclude {
    set: GlobSet,
}

impl Default for Exclude {
    fn default() -> Self {
        Exclude {
            set: GlobSet::empty(),
        }
    }
}

impl Exclude {
    /// Compiles `patterns`; the first invalid one is returned with why.
    pub fn new(patterns: &[String]) -> Result<Exclude, (String, globset::Error)> {
        let mut set = GlobSetBuilder::new();
        for pattern in patterns {
            let p = pattern.trim_start_matches("./").trim_end_matches('/');
            for glob in [p.to_string(), format!("{p}/**")] {
                let glob = GlobBuilder::new(&glob)
                    .literal_separator(true)
                    .build()
                    .map_err(|e| (pattern.clone(), e))?;
                set.add(glob);
            }
        }
        let set = set.build().map_err(|e| (String::new(), e))?;
        Ok(Exclude { set })
    }

    /// `true` if `rel` (relative to the content root, `/`-separated) or a
    /// folder above it is excluded.
    pub fn matches(&self, rel: &str) -> bool {
        self.set.is_match(rel)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ex(patterns: &[&str]) -> Exclude {
        Exclude::new(&patterns.iter().map(|p| p.to_string()).collect::<Vec<_>>()).unwrap()
    }

    #[test]
    fn globs_prefixes_classes_and_alternatives() {
        let e = ex(&["articles/*.json"]);
        assert!(e.matches("articles/A-1.json"));
        assert!(!e.matches("articles/x/A-1.json"));
        let e = ex(&["**/draft-*.json", "a?c"]);
        assert!(e.matches("articles/x/draft-1.json"));
        assert!(e.matches("draft-1.json"));
        assert!(e.matches("abc"));
        assert!(!e.matches("a/c"));
        let e = ex(&["./articles/drafts/", "snippets"]);
        assert!(e.matches("articles/drafts/NW-1.json"));
        assert!(e.matches("articles/drafts"));
        assert!(e.matches("snippets/a.json"));
        assert!(!e.matches("articles/NW-6-403.json"));
        let e = ex(&["articles/NW-[0-9]-*.json", "{snippets,drafts}/**"]);
        assert!(e.matches("articles/NW-6-403.json"));
        assert!(!e.matches("articles/NW-66-403.json"));
        assert!(e.matches("drafts/x.json"));
        assert!(Exclude::new(&["articles/[".to_string()]).is_err());
    }
}
