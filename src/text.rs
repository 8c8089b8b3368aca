//! Small text utilities: suggestions, clipping and escaping untrusted
//! content for terminals.

use std::borrow::Cow;

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

/// The one candidate close to `word` (as [`closest`] judges), or `None`
/// when none is or several are: a choice a fix can make without asking.
pub fn only_close<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(2);
    let cw = canonical(word);
    let mut close = candidates.into_iter().filter(|c| {
        strsim::levenshtein(word, c).min(strsim::levenshtein(&cw, &canonical(c))) <= limit
    });
    match (close.next(), close.next()) {
        (Some(one), None) => Some(one),
        _ => None,
    }
}

/// `w` with its first letter's case flipped ("Game console" for "game
/// console"), as a word at the start of a sentence is written.
pub fn flip_first(w: &str) -> String {
    let mut chars = w.chars();
    match chars.next() {
        Some(c) if c.is_uppercase() => c.to_lowercase().chain(chars).collect(),
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
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

/// For formats with no visible escape for them (Markdown, HTML): drops the
/// characters [`escape_terminal`] would escape, except newlines and tabs.
pub fn strip_terminal(s: &str) -> Cow<'_, str> {
    let keep = |c: char| c == '\n' || c == '\t' || !is_dangerous(c);
    if s.bytes().all(|b| (0x20..0x7f).contains(&b) || b == b'\n') || s.chars().all(keep) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.chars().filter(|&c| keep(c)).collect())
}

/// For serialized JSON, whose serializer escapes only C0 controls: the
/// other characters [`escape_terminal`] escapes (DEL, C1, bidi controls)
/// become `\uXXXX` escapes — the same data, safe on a terminal.
pub fn escape_json_terminal(json: String) -> String {
    if !json.chars().any(|c| c != '\n' && is_dangerous(c)) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if c != '\n' && is_dangerous(c) {
            // All of them are in the Basic Multilingual Plane.
            out.push_str(&format!("\\u{:04x}", c as u32));
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
        let s = "a\u{1b}]0;x\u{7}\r\n\tb\u{202e}\u{85}\u{7f}c";
        assert_eq!(strip_terminal(s), "a]0;x\n\tbc");
        assert!(matches!(strip_terminal("plain\n"), Cow::Borrowed(_)));
        let json = serde_json::to_string_pretty(&["a\u{202e}\u{7f}\u{9b}\u{1b}\n"]).unwrap();
        let safe = escape_json_terminal(json);
        assert_eq!(safe, "[\n  \"a\\u202e\\u007f\\u009b\\u001b\\n\"\n]");
        let back: Vec<String> = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, ["a\u{202e}\u{7f}\u{9b}\u{1b}\n"]);
    }
}
