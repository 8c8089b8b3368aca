//! Which version to follow: the help of a drifted or divergent copy says
//! what the evidence says about which copy is newer, and the `nwlint sync`
//! commands that make the copies agree either way.
//!
//! The evidence: another device's copy with the outlier's text, in the same
//! article, marked `intended` makes it a deliberate variant; when other
//! articles agree with one side (its text is their consensus for a
//! section) and not the other, that side is the help center's current
//! wording. Otherwise nwlint cannot tell an update from a mistake, and says
//! the writer must choose.

/// What other articles say about an outlier and its reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Evidence {
    /// This many other copies with the outlier's text (same article) are
    /// marked intended.
    Intended(usize),
    /// This many other articles agree with the reference's text.
    Reference(usize),
    /// This many other articles agree with the outlier's text.
    Outlier(usize),
    /// Neither side (or both) is other articles' consensus.
    Unknown,
}

impl Evidence {
    /// From how many other articles have the reference's text as their
    /// consensus, and, for the outlier's text, how many articles have it
    /// as theirs and how many copies with it are marked intended.
    pub fn of(reference: usize, (outlier, intended): (usize, usize)) -> Evidence {
        match (reference, outlier) {
            _ if intended > 0 => Evidence::Intended(intended),
            (n, 0) if n > 0 => Evidence::Reference(n),
            (0, n) if n > 0 => Evidence::Outlier(n),
            _ => Evidence::Unknown,
        }
    }
}

/// The commands of one finding: the article and section, the device whose
/// copy is the reference, the outlier's devices.
pub struct Sync<'s> {
    pub article: &'s str,
    pub section: &'s str,
    pub reference: &'s str,
    pub outliers: &'s [&'s str],
    /// Across articles: the reference is in `article`, the outliers in
    /// another, so the commands run over every article.
    pub across: bool,
}

impl Sync<'_> {
    /// `nwlint sync …` that gives the outliers the reference's version.
    fn undo(&self) -> String {
        let to: Vec<String> = self.outliers.iter().map(|d| format!("--to {d}")).collect();
        let all = if self.across { " --all-articles" } else { "" };
        format!(
            "`nwlint sync {} {} --from {} {}{all}`",
            self.article,
            self.section,
            self.reference,
            to.join(" ")
        )
    }

    /// `nwlint sync …` that gives every other copy the outlier's version.
    fn spread(&self, outlier_article: &str) -> String {
        let all = if self.across { " --all-articles" } else { "" };
        format!(
            "`nwlint sync {outlier_article} {} --from {}{all}`",
            self.section, self.outliers[0]
        )
    }
}

/// The first part of the help: which version to follow, and how. `here`
/// is the outlier's article.
pub fn advice(evidence: Evidence, sync: &Sync, here: &str) -> String {
    let articles = |n: usize| super::plural(n, "other article", "other articles");
    match evidence {
        Evidence::Reference(n) => format!(
            "{} {} with the version compared with, not with this one: {} makes this copy follow it",
            articles(n),
            if n == 1 { "agrees" } else { "agree" },
            sync.undo()
        ),
        Evidence::Outlier(n) => format!(
            "this version is what {} {}, so it may be the update the other copies missed: {} applies it to them ({} undoes it here instead)",
            articles(n),
            if n == 1 { "says" } else { "say" },
            sync.spread(here),
            sync.undo()
        ),
        Evidence::Intended(n) => format!(
            "{} with this text {} marked intended, so it may be a deliberate variant: if it is for this device too, mark it as well; if not, {} makes this copy follow the other version",
            super::plural(n, "copy", "copies"),
            if n == 1 { "is" } else { "are" },
            sync.undo()
        ),
        Evidence::Unknown => format!(
            "nothing says which copy is newer, so choose: {} makes this copy follow the other version, {} applies this one to the others",
            sync.undo(),
            sync.spread(here)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_help_follows_the_evidence_and_names_the_commands() {
        let sync = Sync {
            article: "NW-6-403",
            section: "restart-network",
            reference: "blu-ray",
            outliers: &["set-top-box", "roku"],
            across: false,
        };
        assert_eq!(Evidence::of(2, (0, 0)), Evidence::Reference(2));
        assert_eq!(Evidence::of(0, (1, 0)), Evidence::Outlier(1));
        assert_eq!(Evidence::of(1, (1, 0)), Evidence::Unknown);
        assert_eq!(Evidence::of(2, (0, 1)), Evidence::Intended(1));
        assert_eq!(
            advice(Evidence::Unknown, &sync, "NW-6-403"),
            "nothing says which copy is newer, so choose: `nwlint sync NW-6-403 restart-network --from blu-ray --to set-top-box --to roku` makes this copy follow the other version, `nwlint sync NW-6-403 restart-network --from set-top-box` applies this one to the others"
        );
        let across = Sync {
            article: "NW-6-403",
            across: true,
            ..sync
        };
        assert!(advice(Evidence::Reference(1), &across, "NW-6-400").ends_with(
            "`nwlint sync NW-6-403 restart-network --from blu-ray --to set-top-box --to roku --all-articles` makes this copy follow it"
        ));
    }
}
