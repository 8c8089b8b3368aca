//! A device's own words (its display name and nouns) found in text as
//! written, so a copy of a section can be given to another device with
//! that device's words put back.
//!
//! A word matches as registered, whole, or with its first letter's case
//! flipped (a noun at the start of a sentence); a word as registered wins
//! over a flipped one, the longer word over a shorter one, and a noun over
//! an equal name.

use crate::model::Device;
pub use crate::text::flip_first;

/// Which of a device's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Word {
    Name,
    /// The noun at this index of the device's `nouns`.
    Noun(usize),
}

/// One occurrence of a device word in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub word: Word,
    /// The first letter's case differs from the registered word's.
    pub flipped: bool,
}

/// The registered text of `word` for `device`: a noun index the device
/// does not have falls back to its first noun, then to its name (as a
/// snippet's `{"var": "noun", "index": …}` is filled in).
pub fn text_of(device: &Device, word: Word) -> &str {
    match word {
        Word::Name => &device.name,
        Word::Noun(k) => device
            .nouns
            .get(k)
            .or(device.nouns.first())
            .unwrap_or(&device.name),
    }
}

/// Every occurrence of `device`'s words in `s`, left to right.
pub fn find(device: &Device, s: &str) -> Vec<Hit> {
    let mut words: Vec<(&str, Word)> = (device.nouns.iter().enumerate())
        .map(|(k, n)| (n.as_str(), Word::Noun(k)))
        .chain(std::iter::once((device.name.as_str(), Word::Name)))
        .filter(|(w, _)| !w.trim().is_empty())
        .collect();
    // Longest first; at equal length nouns (listed first) stay first.
    words.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let boundary = i == 0 || !is_word_byte(bytes[i - 1]);
        let at = |flip: bool| {
            (words.iter()).find_map(|&(w, word)| {
                matches(s, i, w, word, device.nouns_any_case).filter(|h| h.flipped == flip)
            })
        };
        let found = boundary.then(|| at(false).or_else(|| at(true))).flatten();
        match found {
            Some(hit) => {
                i = hit.end;
                out.push(hit);
            }
            None => i += s[i..].chars().next().map_or(1, char::len_utf8),
        }
    }
    out
}

fn matches(s: &str, at: usize, w: &str, word: Word, any_case: bool) -> Option<Hit> {
    let end = at + w.len();
    let cand = s.get(at..end)?;
    if s.as_bytes().get(end).is_some_and(|&b| is_word_byte(b)) {
        return None;
    }
    let flipped = if cand == w || any_case && cand.eq_ignore_ascii_case(w) {
        false
    } else if cand.get(1..) == w.get(1..) && flip_first(w) == cand {
        true
    } else {
        return None;
    };
    Some(Hit {
        start: at,
        end,
        word,
        flipped,
    })
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

/// `s` as written for `from`, with `to`'s words in place of `from`'s
/// (name for name, noun for noun of the same index).
pub fn substitute(s: &str, from: &Device, to: &Device) -> String {
    let mut out = String::with_capacity(s.len());
    let mut copied = 0;
    for hit in find(from, s) {
        out.push_str(&s[copied..hit.start]);
        let new = text_of(to, hit.word);
        if hit.flipped {
            out.push_str(&flip_first(new));
        } else {
            out.push_str(new);
        }
        copied = hit.end;
    }
    out.push_str(&s[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn device(id: &str, name: &str, nouns: &[&str]) -> Device {
        Device {
            id: id.into(),
            name: name.into(),
            nouns: nouns.iter().map(|n| n.to_string()).collect(),
            ..Default::default()
        }
    }

    #[test]
    fn words_are_put_back_noun_for_noun_and_case_as_written() {
        let ps4 = device(
            "ps4",
            "PlayStation 4",
            &["video game console", "game console"],
        );
        let blu = device("blu-ray", "Blu-ray player", &["Blu-ray player"]);
        let tv = device("smart-tv", "Smart TV", &["smart TV"]);
        let s = "Turn off your video game console. Turn your game console on. PlayStation 4 rocks.";
        assert_eq!(
            substitute(s, &ps4, &tv),
            "Turn off your smart TV. Turn your smart TV on. Smart TV rocks."
        );
        assert_eq!(
            substitute("Unplug your Blu-ray player.", &blu, &ps4),
            "Unplug your video game console."
        );
        assert_eq!(
            substitute("Smart TV: restart your smart TV.", &tv, &blu),
            "Blu-ray player: restart your Blu-ray player."
        );
        let mac = device("mac", "Mac", &["Mac"]);
        assert!(find(&mac, "Check the MAC address of your Mac.").len() == 1);
        assert!(find(&tv, "smart TVs").is_empty());
    }
}
