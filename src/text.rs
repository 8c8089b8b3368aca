//! Small text utilities: suggestions, clipping and escaping untrusted
//! content for terminals.

/// The candidate closest to `word`, if close enough to be a plausible typo.
///
/// Distance is the smaller of the plain edit distance and the distance
/// between canonical forms (lower-case, letters and digits only, English
/// number words as digits), so `xbox1` finds `xbox-one`. Accepted when the
/// distance is at most max(2, len/3).
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(2);
    let cw = canonical(word);
    candidates
        .into_iter()
        .map(|c| {
            let d = strsim::levenshtein(word, c).min(strsim::levenshtein(&cw, &canonical(c)));
            (d, c)
        })
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}

fn canonical(s: &str) -> String {
    const NUMBERS: [(&str, &str); 10] = [
        ("one", "1"),
        ("two", "2"),
        ("three", "3"),
        ("four", "4"),
        ("five", "5"),
        ("six", "6"),
        ("seven", "7"),
        ("eight", "8"),
        ("nine", "9"),
        ("ten", "10"),
    ];
    s.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|p| !p.is_empty())
        .map(|p| NUMBERS.iter().find(|(w, _)| *w == p).map_or(p, |(_, d)| d))
        .collect()
}

/// Clips `s` to at most `max` characters, adding `…` when cut.
pub fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max).collect();
        t.push('…');
        t
    }
}

/// Makes untrusted text safe to print on a terminal: control characters
/// (ESC, CR, BEL, C1 controls, bidi overrides…) become visible `\u{..}`
/// escapes, so content can never move the cursor, recolour the screen or
/// fake a line of output. Newlines are kept only if `keep_newlines`.
pub fn escape_terminal(s: &str, keep_newlines: bool) -> String {
    // Printable ASCII (most text) needs no look at characters.
    let printable = s.bytes().all(|b| (0x20..0x7f).contains(&b));
    let needs = !printable
        && s.chars()
            .any(|c| is_dangerous(c) && !(keep_newlines && c == '\n'));
    if !needs {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if c == '\n' && keep_newlines {
            out.push('\n');
        } else if is_dangerous(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

fn is_dangerous(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        assert_eq!(
            closest("xbox1", ["xbox-one", "xbox-360", "ps4"]),
            Some("xbox-one")
        );
        assert_eq!(closest("zzzzzz", ["xbox-one", "ps4"]), None);
    }

    #[test]
    fn terminal_escaping() {
        assert_eq!(escape_terminal("a\u{1b}[31mb", false), "a\\u{1b}[31mb");
        assert_eq!(escape_terminal("a\nb", true), "a\nb");
        assert_eq!(escape_terminal("a\r\nb", false), "a\\u{d}\\u{a}b");
        assert_eq!(escape_terminal("x\u{202e}y", false), "x\\u{202e}y");
        assert_eq!(clip("abcdef", 3), "abc…");
    }
}
