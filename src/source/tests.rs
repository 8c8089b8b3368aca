use super::*;

#[test]
fn string_ranges_map_through_escapes() {
    let text = r#"{"a": "x\"y\u00e9 z"}"#;
    let lit = Span { start: 6, end: 20 };
    assert_eq!(&text[lit.start..lit.end], r#""x\"y\u00e9 z""#);
    // decoded: x " y é ␠ z  (é is 2 bytes)
    let z = map_string_range(text, lit, 6, 7);
    assert_eq!(&text[z.start..z.end], "z");
    let quote = map_string_range(text, lit, 1, 2);
    assert_eq!(&text[quote.start..quote.end], "\\\"");
    let e = map_string_range(text, lit, 3, 5);
    assert_eq!(&text[e.start..e.end], "\\u00e9");
}

#[test]
fn one_pass_line_cols_match_the_line_index() {
    for text in [
        "{\n  \"é\": 1,\n  \"b\": [true]\n}",
        "\u{feff}{\r\n\"a\": \"x😀y\"\r\n}\n",
        "\u{feff}\r\n",
        "",
        "\n\n\u{e9}\u{e9}\n\r",
    ] {
        let idx = LineIndex::new(text);
        let offsets: Vec<usize> = (0..=text.len() + 2).collect();
        let fast = line_cols(text, &offsets);
        for (o, got) in offsets.iter().zip(fast) {
            assert_eq!(got, idx.line_col(text, *o), "{text:?} at {o}");
        }
    }
}

/// A small file and a location of every kind in it (one missing).
fn sample() -> (&'static str, [Loc; 6]) {
    let text = "{\n  \"é\": 1,\n  \"b\": [true, \"a\\\"b c\"]\n}";
    let locs = [
        Loc::Value("/b/0".into()),
        Loc::Key("/é".into()),
        Loc::Value("/nope".into()),
        Loc::InString {
            pointer: "/b/1".into(),
            start: 2,
            end: 5,
        },
        Loc::Bytes { start: 3, end: 99 },
        Loc::File,
    ];
    (text, locs)
}

#[test]
fn prepared_positions_match_lazy_ones() {
    let (text, locs) = sample();
    let mut map = SourceMap::default();
    map.add(SourceFile::new(
        "a.json".into(),
        "a.json".into(),
        text.into(),
    ));
    let lazy = SourceFile::new("a.json".into(), "a.json".into(), text.into());
    map.prepare_locs(locs.iter().map(|l| (0, l)), &|_, _| None);
    for loc in &locs {
        assert_eq!(map.get(0).position(loc), lazy.position(loc), "{loc:?}");
        assert_eq!(map.get(0).span_of(loc), lazy.span_of(loc), "{loc:?}");
    }
    assert!(map.get(0).spans.get().is_none(), "the index was not kept");
}

/// A map with `text` written to `path` as its one released file.
fn released_map(path: &Path, text: &str) -> SourceMap {
    let mut map = SourceMap::default();
    map.add(SourceFile::released(
        "a.json".into(),
        path.to_path_buf(),
        text.len(),
        crate::fingerprint::hash_bytes(text.as_bytes()),
        None,
    ));
    map
}

#[test]
fn a_settled_stat_found_again_stands_for_the_loaded_bytes() {
    use crate::fingerprint::Stat;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.json");
    let text = "{\"b\": 1}";
    std::fs::write(&path, text).unwrap();
    crate::fingerprint::set_mtime_ago(&path, 60);
    let stat = || Stat::of(&std::fs::metadata(&path).unwrap());
    // A hash that cannot match: only the stat can vouch for the bytes.
    let released = |settled: Option<Stat>| {
        SourceFile::released("a.json".into(), path.clone(), text.len(), 1, settled)
    };
    let loaded = stat();
    let settled = released(Some(loaded));
    assert_eq!(&*settled.text(), text);
    assert!(!settled.changed(), "same stat, settled: not hashed");
    // Without a settled stat, the hash decides.
    let unsettled = released(None);
    assert_eq!(&*unsettled.text(), text);
    assert!(unsettled.changed());
    // Modified since (same length): another mtime, so hashed, and flagged.
    std::fs::write(&path, "{\"b\": 2}").unwrap();
    assert_ne!(stat(), loaded);
    let modified = released(Some(loaded));
    assert_eq!(&*modified.text(), "{\"b\": 2}");
    assert!(modified.changed());
}

#[test]
fn known_positions_round_trip_and_spare_reading_the_file_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.json");
    let (text, locs) = sample();
    std::fs::write(&path, text).unwrap();
    let released = || released_map(&path, text);
    let first = released();
    first.prepare_locs(locs.iter().map(|l| (0, l)), &|_, _| None);
    let encoded = first.get(0).encoded_positions().unwrap();
    assert_eq!(
        decode_positions(&encoded).as_ref(),
        first.get(0).resolved.get()
    );
    assert_eq!(decode_positions(&encoded[..encoded.len() - 1]), None);
    let expected: Vec<_> = locs.iter().map(|l| first.get(0).position(l)).collect();
    assert_eq!(expected[0].map(|p| (p.line, p.column)), Some((3, 9)));

    // Every position known: the file is not read again (it is gone).
    std::fs::remove_file(&path).unwrap();
    let second = released();
    second.prepare_locs(locs.iter().map(|l| (0, l)), &|_, _| Some(&encoded));
    let got: Vec<_> = locs.iter().map(|l| second.get(0).position(l)).collect();
    assert_eq!(got, expected);
    assert_eq!(second.changed().count(), 0);
    // Nothing new to persist.
    assert_eq!(second.get(0).encoded_positions(), None);

    // One position unknown: the file is read again for it.
    std::fs::write(&path, text).unwrap();
    let mut fewer = first.get(0).resolved.get().unwrap().clone();
    fewer.remove(&locs[3]);
    let partial = positions::encode(&fewer).unwrap();
    let third = released();
    third.prepare_locs(locs.iter().map(|l| (0, l)), &|_, _| Some(&partial));
    let got: Vec<_> = locs.iter().map(|l| third.get(0).position(l)).collect();
    assert_eq!(got, expected);
    assert_eq!(third.changed().count(), 0);
    assert_eq!(third.get(0).encoded_positions(), Some(encoded));
}

#[test]
fn released_texts_are_read_again_and_edits_are_flagged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.json");
    let text = "{\n  \"b\": [true]\n}";
    std::fs::write(&path, text).unwrap();
    let map = released_map(&path, text);
    let f = map.get(0);
    assert_eq!(&*f.text(), text);
    let p = f.position(&Loc::Value("/b/0".into())).unwrap();
    assert_eq!((p.line, p.column), (2, 9));
    assert_eq!(map.changed().count(), 0);
    // Same length, other bytes: flagged, and the new text is what
    // positions are computed from.
    std::fs::write(&path, text.replace("true", "null")).unwrap();
    assert_eq!(&*map.get(0).text(), text.replace("true", "null"));
    assert_eq!(map.changed().count(), 1);
}

#[test]
fn positions_are_one_based_chars() {
    let f = SourceFile::new(
        "a.json".into(),
        "a.json".into(),
        "{\n  \"é\": 1,\n  \"b\": [true]\n}".into(),
    );
    let p = f.position(&Loc::Value("/b/0".into())).unwrap();
    assert_eq!((p.line, p.column, p.end_line, p.end_column), (3, 9, 3, 13));
    let k = f.position(&Loc::Key("/é".into())).unwrap();
    assert_eq!((k.line, k.column), (2, 3));
}
