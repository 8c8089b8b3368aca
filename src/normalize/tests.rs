//! Unit tests of normalization.
use super::*;
use crate::model::Device;

fn norm() -> Normalizer {
    let reg = DeviceRegistry {
        schema: String::new(),
        devices: vec![
            Device {
                id: "blu-ray".into(),
                name: "Blu-ray player".into(),
                nouns: vec!["Blu-ray player".into()],
                ..Default::default()
            },
            Device {
                id: "smart-tv".into(),
                name: "Smart TV".into(),
                nouns: vec!["smart TV".into()],
                ..Default::default()
            },
            Device {
                id: "ps4".into(),
                name: "PlayStation 4".into(),
                nouns: vec!["video game console".into(), "game console".into()],
                ..Default::default()
            },
        ],
    };
    Normalizer::new(&reg, &BTreeMap::new())
}

#[test]
fn device_words_normalize_away() {
    let n = norm();
    let a = n.text(Some("blu-ray"), "Turn off or unplug your Blu-ray player.");
    let b = n.text(Some("smart-tv"), "Turn off or unplug your smart TV.");
    assert_eq!(a, "Turn off or unplug your {device}.");
    assert_eq!(a, b);
    // Longest first: "video game console" is one word, not "video {device}".
    assert_eq!(
        n.text(Some("ps4"), "your video game console"),
        "your {device}"
    );
    // Another device's words are left alone.
    assert_eq!(n.text(Some("ps4"), "your smart TV"), "your smart TV");
    // Whole words only.
    assert_eq!(n.text(Some("smart-tv"), "smart TVs"), "smart TVs");
}

#[test]
fn words_match_as_registered_unless_the_device_says_any_case() {
    let mac = |any_case| DeviceRegistry {
        devices: vec![Device {
            id: "mac".into(),
            name: "Mac".into(),
            nouns: vec!["Mac".into()],
            nouns_any_case: any_case,
        }],
        schema: String::new(),
    };
    let n = Normalizer::new(&mac(false), &BTreeMap::new());
    assert_eq!(
        n.text(Some("mac"), "your Mac's MAC address"),
        "your {device}'s MAC address"
    );
    assert_eq!(n.text(Some("mac"), "mac first"), "{device} first");
    let n = Normalizer::new(&mac(true), &BTreeMap::new());
    assert_eq!(n.text(Some("mac"), "your MAC"), "your {device}");
}

#[test]
fn folding() {
    assert_eq!(fold("  It\u{2019}s\u{a0}\u{a0}fine \n"), "It's fine");
    assert_eq!(fold("1. Plug in"), "Plug in");
    assert_eq!(fold("• Check"), "Check");
    assert_eq!(fold("\u{201C}x\u{201D}"), "\"x\"");
    assert_eq!(fold("30 seconds"), "30 seconds");
}

#[test]
fn words_used_prefers_longest() {
    let n = norm();
    let used = words_used(
        "Turn off your video game console. Turn your game console on.",
        n.words("ps4"),
    );
    let words: Vec<_> = used.iter().map(|u| u.2.as_str()).collect();
    assert_eq!(words, ["video game console", "game console"]);
    assert_eq!(used[1].0, 44);
}

fn runs(json: &str) -> Inline {
    serde_json::from_str(json).unwrap()
}

#[test]
fn mapped_text_equals_plain_normalization() {
    let n = norm();
    let cases = [
        (
            Some("ps4"),
            runs(r#""1.  Turn your  Video game console back on""#),
        ),
        (
            Some("smart-tv"),
            runs(r#""• It’s your smart TV, “the” TV.""#),
        ),
        (
            Some("blu-ray"),
            runs(
                r#"["Open ", {"link": "netflix.com/x", "href": "https://n/x"}, " on your Blu-ray player."]"#,
            ),
        ),
        (
            None,
            runs(r#"["If you get ", {"code": "NSEZ-403"}, ", use your ", {"var": "noun"}, "."]"#),
        ),
        (Some("ps4"), runs(r#"["  ", "- game console", "  "]"#)),
        (Some("ps4"), runs(r#""""#)),
    ];
    for (device, text) in &cases {
        let m = n.inline_mapped(*device, text);
        assert_eq!(m.text, n.inline(*device, text), "{text:?}");
        assert_eq!(m.origins.len(), m.text.len());
    }
}

#[test]
fn mapped_ranges_point_into_the_source_strings() {
    let n = norm();
    let raw = "1.  Turn your  Video game console\u{a0}back on for 30 seconds";
    let m = n.inline_mapped(Some("ps4"), &Inline::Plain(raw.into()));
    assert_eq!(m.text, "Turn your {device} back on for 30 seconds");
    let d = m.text.find("{device}").unwrap();
    let (suffix, s, e) = m.locate(d, d + DEVICE.len()).unwrap();
    assert_eq!((suffix, &raw[s..e]), ("", "Video game console"));
    let t = m.text.find("30").unwrap();
    let (_, s, e) = m.locate(t, t + 2).unwrap();
    assert_eq!(&raw[s..e], "30");

    let text = runs(r#"["Open ", {"link": "netflix.com/x", "href": "https://n/x"}, "."]"#);
    let m = n.inline_mapped(None, &text);
    assert_eq!(m.text, "Open netflix.com/x <https://n/x>.");
    let h = m.text.find("https").unwrap();
    assert_eq!(m.locate(h, h + 11), Some(("/1/href", 0, 11)));
    let l = m.text.find("netflix").unwrap();
    assert_eq!(m.locate(l, l + 13), Some(("/1/link", 0, 13)));
    // Bytes nwlint added map nowhere.
    let lt = m.text.find('<').unwrap();
    assert_eq!(m.locate(lt, lt + 1), None);
}

#[test]
fn unit_texts_match_units() {
    let blocks: Vec<Block> = serde_json::from_str(
        r#"[{"type": "paragraph", "text": "Intro"},
            {"type": "steps", "items": [{"text": "One", "bullets": ["a", "b"]}, {"text": "Two"}]},
            {"type": "bullets", "items": ["x"]},
            {"type": "note", "text": "N"}]"#,
    )
    .unwrap();
    let n = norm();
    let units = n.units(None, &blocks);
    let texts = unit_texts(&blocks);
    assert_eq!(units.len(), texts.len());
    let got: Vec<(String, &str)> = units
        .iter()
        .map(|u| (u.kind.marker(), u.pointer.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("¶".to_string(), "/0/text"),
            ("1.".into(), "/1/items/0/text"),
            ("  •".into(), "/1/items/0/bullets/0"),
            ("  •".into(), "/1/items/0/bullets/1"),
            ("2.".into(), "/1/items/1/text"),
            ("•".into(), "/2/items/0"),
            ("note:".into(), "/3/text"),
        ]
    );
    for (u, t) in units.iter().zip(&texts) {
        assert_eq!(u.pointer, t.pointer);
    }
    let mut visited = Vec::new();
    visit_units(&blocks, |kind, block, _| visited.push((kind, block)));
    let listed: Vec<_> = texts.iter().map(|t| (t.kind, t.block)).collect();
    assert_eq!(visited, listed);
}
