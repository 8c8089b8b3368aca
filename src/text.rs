//! Small text utilities: suggestions, clipping, glob matching and escaping
//! untrusted content for terminals.

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
        .map(|c| (levenshtein(word, c).min(levenshtein(&cw, &canonical(c))), c))
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

/// Edit distance (insert, delete, substitute), by characters.
pub fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
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

/// Matches `/`-separated paths against a pattern with `*` (any run of
/// characters except `/`), `**` (any run, including `/`) and `?`.
pub fn glob_match(pattern: &str, path: &str) -> bool {
    fn go(p: &[u8], s: &[u8]) -> bool {
        // Iterative with backtracking points for `*` and `**`.
        let (mut pi, mut si) = (0, 0);
        let mut star: Option<(usize, usize, bool)> = None;
        while si < s.len() {
            if pi < p.len() && p[pi] == b'*' {
                let double = pi + 1 < p.len() && p[pi + 1] == b'*';
                pi += if double { 2 } else { 1 };
                if double && pi < p.len() && p[pi] == b'/' {
                    // `**/` also matches zero directories.
                    if go(&p[pi + 1..], &s[si..]) {
                        return true;
                    }
                }
                star = Some((pi, si, double));
            } else if pi < p.len() && (p[pi] == b'?' && s[si] != b'/' || p[pi] == s[si]) {
                pi += 1;
                si += 1;
            } else if let Some((sp, ss, double)) = star {
                if !double && s[ss] == b'/' {
                    return false;
                }
                pi = sp;
                si = ss + 1;
                star = Some((sp, ss + 1, double));
            } else {
                return false;
            }
        }
        while pi < p.len() && p[pi] == b'*' {
            pi += 1;
        }
        pi == p.len()
    }
    go(pattern.as_bytes(), path.as_bytes())
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
        assert_eq!(levenshtein("kitten", "sitting"), 3);
    }

    #[test]
    fn globs() {
        assert!(glob_match("articles/*.json", "articles/A-1.json"));
        assert!(!glob_match("articles/*.json", "articles/x/A-1.json"));
        assert!(glob_match("**/draft-*.json", "articles/x/draft-1.json"));
        assert!(glob_match("**/draft-*.json", "draft-1.json"));
        assert!(glob_match("a?c", "abc"));
        assert!(!glob_match("a?c", "a/c"));
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
