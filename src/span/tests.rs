use super::*;

/// `locate_pointers` against the span index, for every value's pointer and for
/// pointers that name nothing (deeper, out of range, non-canonical,
/// badly escaped, without a leading slash).
fn walk_agrees_with_the_index(text: &str) {
    let idx = SpanIndex::build(text).unwrap();
    let mut pointers: Vec<String> = Vec::new();
    for e in idx.entries() {
        let p = &e.pointer;
        pointers.push(p.clone());
        pointers.push(format!("{p}/nope"));
        pointers.push(format!("{p}/0"));
        pointers.push(format!("{p}/01"));
        pointers.push(format!("{p}/99"));
        pointers.push(format!("{p}/~2x"));
    }
    pointers.extend(["nope".into(), "/".into(), "//".into(), "/~1".into()]);
    let refs: Vec<&str> = pointers.iter().map(String::as_str).collect();
    let found = locate_pointers(text, &refs).expect("valid JSON");
    for (p, f) in refs.iter().zip(found) {
        let want = Found {
            value: idx.value(p),
            key: idx.key(p),
            nearest: idx.nearest(p).1,
        };
        assert_eq!(f, want, "{p:?} in {text:?}");
    }
    // One pointer at a time gives the same as all at once.
    for p in refs.iter().step_by(7) {
        let one = locate_pointers(text, &[p]).unwrap()[0];
        assert_eq!(one.value, idx.value(p), "{p:?}");
    }
}

/// Containers with more children than a lookup walks (see `Wide`):
/// every pointer finds what the full walk of `entries` recorded (the
/// last occurrence of a repeated key), and the pointer walk agrees.
#[test]
fn wide_containers_give_the_same_answers() {
    let items: Vec<String> = (0..40).map(|i| format!("[{i}, {{\"k\": {i}}}]")).collect();
    let members: Vec<String> = (0..40).map(|i| format!("\"m{i}\": {i}")).collect();
    let text = format!(
        "{{\"a\": [{}], \"o\": {{{}, \"m3\": \"last\"}}}}",
        items.join(", "),
        members.join(", ")
    );
    let idx = SpanIndex::build(&text).unwrap();
    let mut last: HashMap<&str, Span> = HashMap::new();
    for e in idx.entries() {
        last.insert(&e.pointer, e.value);
    }
    assert!(last.len() > 200);
    for (p, span) in &last {
        assert_eq!(idx.value(p), Some(*span), "{p}");
    }
    let m3 = idx.value("/o/m3").unwrap();
    assert_eq!(&text[m3.start..m3.end], "\"last\"");
    assert_eq!(
        idx.value("/a/39/1/k").map(|s| &text[s.start..s.end]),
        Some("39")
    );
    assert_eq!(idx.value("/a/40"), None);
    assert_eq!(idx.value("/o/m40"), None);
    walk_agrees_with_the_index(&text);
}

#[test]
fn locate_pointers_finds_what_the_index_finds() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for f in [
        "content/articles/NW-6-403.json",
        "content/devices.json",
        "content/helpcenter.json",
    ] {
        walk_agrees_with_the_index(&std::fs::read_to_string(root.join(f)).unwrap());
    }
    for text in [
        r#"{"a~b": {"c/d": [1, {"e": "x\"y"}]}, "\u00e9t\u00e9": [[], {}, ""], "": 0}"#,
        "\u{feff} [ true , null , -1.5e3 , \"\\\\\" , {\"k\" : [ ] } ] ",
        "\"just a string\"",
        "3",
        r#"{"x": [[[0, 1], [2]], {"y": {"z": "\u00e9\ud83d\ude00"}}]}"#,
    ] {
        walk_agrees_with_the_index(text);
    }
    assert_eq!(locate_pointers("{\"a\": [1, 2", &["/a/0"]), None);
}

fn sp(start: usize, end: usize) -> Span {
    Span { start, end }
}

fn index(text: &str) -> SpanIndex {
    match SpanIndex::build(text) {
        Ok(idx) => idx,
        Err(e) => panic!("{text:?}: {e}"),
    }
}

/// The text a span covers.
fn at(text: &str, span: Option<Span>) -> &str {
    let s = span.expect("span");
    &text[s.start..s.end]
}

fn syntax(text: &str) -> (usize, String) {
    match SpanIndex::build(text) {
        Ok(_) => panic!("{text:?} should not parse"),
        Err(e) => (e.offset, e.message),
    }
}

#[test]
fn nested_objects_and_arrays() {
    let t =
        r#"{"devices": [{"id": "ps4", "nouns": ["console", "PS"]}, {"id": "tv"}], "n": {"m": {}}}"#;
    let idx = index(t);
    assert_eq!(idx.value(""), Some(sp(0, t.len())));
    assert_eq!(idx.value("/devices"), Some(sp(12, 69)));
    assert!(at(t, idx.value("/devices")).starts_with("[{\"id\""));
    assert!(at(t, idx.value("/devices")).ends_with("\"tv\"}]"));
    assert_eq!(idx.value("/devices/0/id"), Some(sp(20, 25)));
    assert_eq!(idx.key("/devices/0/id"), Some(sp(14, 18)));
    assert_eq!(at(t, idx.value("/devices/0/nouns/1")), "\"PS\"");
    assert_eq!(at(t, idx.value("/devices/1")), r#"{"id": "tv"}"#);
    assert_eq!(at(t, idx.value("/n/m")), "{}");
    assert_eq!(at(t, idx.key("/n/m")), "\"m\"");
    assert_eq!(idx.key(""), None);
    assert_eq!(idx.key("/devices/1"), None);
    assert_eq!(idx.value("/devices/2"), None);
    assert_eq!(idx.value("/nope"), None);

    let pointers: Vec<&str> = idx.entries().iter().map(|e| e.pointer.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "",
            "/devices",
            "/devices/0",
            "/devices/0/id",
            "/devices/0/nouns",
            "/devices/0/nouns/0",
            "/devices/0/nouns/1",
            "/devices/1",
            "/devices/1/id",
            "/n",
            "/n/m",
        ]
    );
    assert!(idx.duplicates().is_empty());
}

#[test]
fn lookups_find_every_entry() {
    // Without duplicate keys, every entry is found by its own pointer,
    // with its own key span; and nothing else is found.
    let t = r#"{"a": [1, {"b~/c": [true, {}], "": null}], "d": {"e": "f", "0": [[], [2]]}, "x": "\u00e9"}"#;
    let idx = index(t);
    assert_eq!(idx.entries().len(), 15);
    for e in idx.entries() {
        assert_eq!(idx.value(&e.pointer), Some(e.value), "{}", e.pointer);
        assert_eq!(idx.key(&e.pointer), e.key, "{}", e.pointer);
    }
    assert_eq!(at(t, idx.value("/a/1/b~0~1c/0")), "true");
    assert_eq!(at(t, idx.value("/d/0/1/0")), "2");
    for missing in [
        "/a/01",
        "/a/-1",
        "/a/+1",
        "/a/2",
        "/a/1/b~2c",
        "/a/1/b~",
        "a",
        "/d/e/0",
        "/x/0",
        "/a/1/b~0~1c/1/z",
    ] {
        assert_eq!(idx.value(missing), None, "{missing}");
    }
}

#[test]
fn value_spans_of_every_kind() {
    let t = "[ \"s\\\"x\" , -1.5e+3,0,true , false,null,{ },[ ] ,\"\"]";
    let idx = index(t);
    let got: Vec<&str> = (0..8).map(|i| at(t, idx.value(&format!("/{i}")))).collect();
    assert_eq!(
        got,
        [
            "\"s\\\"x\"",
            "-1.5e+3",
            "0",
            "true",
            "false",
            "null",
            "{ }",
            "[ ]"
        ]
    );
    assert_eq!(idx.value("/0"), Some(sp(2, 8)));
    assert_eq!(idx.value("/1"), Some(sp(11, 18)));
    assert_eq!(idx.value("/8"), Some(sp(48, 50)));
    // A scalar root, surrounded by whitespace.
    let idx = index(" \n 42 \r\n");
    assert_eq!(idx.value(""), Some(sp(3, 5)));
    assert_eq!(idx.entries().len(), 1);
}

#[test]
fn pointer_escaping() {
    let t = r#"{"a/b": 1, "m~n": {"~/": 2}, "": 3}"#;
    let idx = index(t);
    assert_eq!(at(t, idx.value("/a~1b")), "1");
    assert_eq!(at(t, idx.key("/a~1b")), "\"a/b\"");
    assert_eq!(at(t, idx.value("/m~0n/~0~1")), "2");
    assert_eq!(at(t, idx.value("/")), "3");
    assert_eq!(idx.value("/a/b"), None);
}

#[test]
fn escaped_keys_are_decoded() {
    let t = r#"{"\u0061": 1, "\ud83d\ude00": 2, "tab\there": 3, "\/\"\\": 4, "caf\u00E9": 5}"#;
    let idx = index(t);
    assert_eq!(at(t, idx.value("/a")), "1");
    assert_eq!(at(t, idx.key("/a")), r#""\u0061""#);
    assert_eq!(at(t, idx.value("/😀")), "2");
    assert_eq!(at(t, idx.value("/tab\there")), "3");
    assert_eq!(at(t, idx.value("/~1\"\\")), "4");
    assert_eq!(at(t, idx.value("/café")), "5");
}

#[test]
fn nearest_ancestor() {
    let t = r#"{"a": {"b": [10, {"c~d": 1}]}}"#;
    let idx = index(t);
    assert_eq!(
        idx.nearest("/a/b/1/c~0d"),
        ("/a/b/1/c~0d".into(), sp(25, 26))
    );
    assert_eq!(idx.nearest("/a/b/1/missing"), ("/a/b/1".into(), sp(17, 27)));
    assert_eq!(idx.nearest("/a/x/y/z"), ("/a".into(), sp(6, 29)));
    assert_eq!(idx.nearest("/a/b/5"), ("/a/b".into(), sp(12, 28)));
    assert_eq!(idx.nearest("/zzz"), (String::new(), sp(0, 30)));
    assert_eq!(idx.nearest(""), (String::new(), sp(0, 30)));
    assert_eq!(idx.nearest("not a pointer"), (String::new(), sp(0, 30)));
}

#[test]
fn duplicate_keys() {
    // Two occurrences.
    let t = r#"{"a": 1, "b": 2, "a": 3}"#;
    let idx = index(t);
    assert_eq!(
        idx.duplicates(),
        [Duplicate {
            pointer: "/a".into(),
            first: sp(1, 4),
            second: sp(17, 20),
        }]
    );
    // Lookups see the last occurrence, like serde_json's Value.
    assert_eq!(at(t, idx.value("/a")), "3");
    assert_eq!(idx.key("/a"), Some(sp(17, 20)));
    assert_eq!(idx.entries().len(), 4);

    // Three occurrences: both later ones name the first.
    let t = r#"{"k":1,"k":2,"k":3}"#;
    let idx = index(t);
    let d = idx.duplicates();
    assert_eq!(d.len(), 2);
    assert_eq!((d[0].first, d[0].second), (sp(1, 4), sp(7, 10)));
    assert_eq!((d[1].first, d[1].second), (sp(1, 4), sp(13, 16)));
    assert_eq!(at(t, idx.value("/k")), "3");

    // Escapes are decoded before comparing.
    let idx = index(r#"{"a": 1, "\u0061": 2}"#);
    assert_eq!(idx.duplicates().len(), 1);
}

#[test]
fn duplicate_keys_nested() {
    let t = r#"{"x": {"a": {"old": 1}, "b": [{"c": 1, "c": 2}], "a": {"new": 2}}, "y": {"a": 1}}"#;
    let idx = index(t);
    let d = idx.duplicates();
    assert_eq!(d.len(), 2, "{d:?}");
    assert_eq!(d[0].pointer, "/x/b/0/c");
    assert_eq!(at(t, Some(d[0].first)), "\"c\"");
    assert_eq!((d[0].first.start, d[0].second.start), (31, 39));
    assert_eq!(d[1].pointer, "/x/a");
    assert_eq!((d[1].first, d[1].second), (sp(7, 10), sp(49, 52)));
    // The shadowed first occurrence is not found; the last one is.
    assert_eq!(at(t, idx.value("/x/a")), r#"{"new": 2}"#);
    assert_eq!(idx.value("/x/a/old"), None);
    assert_eq!(idx.nearest("/x/a/old").0, "/x/a");
    assert_eq!(at(t, idx.value("/x/a/new")), "2");
    // Still listed among all entries.
    assert!(idx.entries().iter().any(|e| e.pointer == "/x/a/old"));
    // "a" in /x and in /y, and "c" in different array items, are fine.
    assert!(index(r#"[{"c": 1}, {"c": 2}]"#).duplicates().is_empty());
    assert!(index(r#"{"a": {"a": {"a": 1}}}"#).duplicates().is_empty());
}

#[test]
fn syntax_errors() {
    let cases: &[(&str, usize, &str)] = &[
        ("", 0, "expected value"),
        ("  ", 2, "expected value"),
        ("[1,,2]", 3, "expected value"),
        ("{\"a\" 1}", 5, "expected `:` after object key"),
        (
            "{\"a\":1 \"b\":2}",
            7,
            "expected `,` or `}` after object member",
        ),
        ("{\"a\":1", 6, "expected `,` or `}` after object member"),
        ("[1 2]", 3, "expected `,` or `]` after array item"),
        ("[1", 2, "expected `,` or `]` after array item"),
        ("[1,]", 2, "trailing comma in array"),
        ("{\"a\":1 , }", 7, "trailing comma in object"),
        ("{,}", 1, "expected string key or `}`"),
        ("{\"a\":1,2}", 7, "expected string key"),
        ("{1:2}", 1, "expected string key or `}`"),
        ("[\"abc", 1, "unterminated string"),
        ("\"ab\\", 0, "unterminated string"),
        ("\"a\\qb\"", 2, "invalid escape `\\q`"),
        ("\"\\é\"", 1, "invalid escape `\\é`"),
        ("\"a\nb\"", 2, "control character in string"),
        ("\"a\tb\"", 2, "control character in string"),
        (
            "\"\\u12G4\"",
            1,
            "invalid `\\u` escape: expected four hex digits",
        ),
        (
            "\"\\u12\"",
            1,
            "invalid `\\u` escape: expected four hex digits",
        ),
        ("\"x\\ud800\"", 2, "lone surrogate in `\\u` escape"),
        ("\"\\udc00\"", 1, "lone surrogate in `\\u` escape"),
        ("\"\\ud800\\u0041\"", 1, "lone surrogate in `\\u` escape"),
        ("\"\\ud83duude00\"", 1, "lone surrogate in `\\u` escape"),
        ("1 2", 2, "trailing characters after JSON value"),
        ("{} x", 3, "trailing characters after JSON value"),
        ("01", 1, "invalid number: leading zero"),
        ("-01", 2, "invalid number: leading zero"),
        ("1.", 2, "invalid number: expected digit after `.`"),
        ("1.e5", 2, "invalid number: expected digit after `.`"),
        ("1e", 2, "invalid number: expected digit in exponent"),
        ("1e+", 3, "invalid number: expected digit in exponent"),
        ("-", 1, "invalid number: expected digit after `-`"),
        ("-x", 1, "invalid number: expected digit after `-`"),
        (".5", 0, "expected value"),
        ("+1", 0, "expected value"),
        ("NaN", 0, "expected value"),
        ("[Infinity]", 1, "expected value"),
        ("1e400", 0, "number out of range"),
        ("[-1e400]", 1, "number out of range"),
        ("tru", 3, "invalid literal, expected `true`"),
        ("[nul]", 4, "invalid literal, expected `null`"),
        ("fals3", 4, "invalid literal, expected `false`"),
        ("truex", 4, "trailing characters after JSON value"),
        ("\u{c}1", 0, "expected value"),
        ("'a'", 0, "expected value"),
    ];
    for &(text, offset, message) in cases {
        assert_eq!(syntax(text), (offset, message.to_string()), "{text:?}");
    }
    // A 400-digit integer overflows f64 too.
    assert_eq!(syntax(&"9".repeat(400)).1, "number out of range");
}

#[test]
fn depth_limit() {
    let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
    assert_eq!(index(&ok).entries().len(), MAX_DEPTH);
    let too_deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
    assert_eq!(
        syntax(&too_deep),
        (MAX_DEPTH, format!("nesting deeper than {MAX_DEPTH} levels"))
    );
    // Mixed containers count alike.
    let mixed = format!("{}1{}", "{\"a\":[".repeat(64), "]}".repeat(64));
    assert_eq!(syntax(&mixed).0, 6 * 63 + 5);
    // Far deeper input fails fast, without recursion.
    assert_eq!(syntax(&"[".repeat(100_000)).0, MAX_DEPTH);
    assert_eq!(syntax(&"{\"a\":".repeat(100_000)).0, 5 * MAX_DEPTH);
}

#[test]
fn byte_order_mark_is_skipped() {
    let t = "\u{feff}{\"a\": [1]}";
    let idx = index(t);
    assert_eq!(idx.value(""), Some(sp(3, t.len())));
    assert_eq!(idx.value("/a/0"), Some(sp(10, 11)));
    assert_eq!(idx.key("/a"), Some(sp(4, 7)));
    assert_eq!(syntax("\u{feff}"), (3, "expected value".into()));
    assert_eq!(syntax("\u{feff}[1,]").0, 5);
    // Only one leading BOM is skipped.
    assert_eq!(syntax("\u{feff}\u{feff}1").0, 3);
    // The BOM takes no column.
    let lines = LineIndex::new(t);
    assert_eq!(lines.line_col(t, 0), (1, 1));
    assert_eq!(lines.line_col(t, 3), (1, 1));
    assert_eq!(lines.line_col(t, 4), (1, 2));
}

#[test]
fn line_col_crlf() {
    let t = "{\r\n  \"a\": 1,\r\n\r\n  \"b\": 2\r\n}";
    let idx = index(t);
    let lines = LineIndex::new(t);
    let pos = |p: &str| lines.line_col(t, idx.value(p).unwrap().start);
    assert_eq!(pos(""), (1, 1));
    assert_eq!(pos("/a"), (2, 8));
    assert_eq!(pos("/b"), (4, 8));
    assert_eq!(lines.line_col(t, idx.value("").unwrap().end), (5, 2));
    // The CR and the LF of a line break both sit just past the last column.
    assert_eq!(lines.line_col(t, 1), (1, 2));
    assert_eq!(lines.line_col(t, 2), (1, 2));
    assert_eq!(lines.line_col(t, 3), (2, 1));
    // A lone CR is an ordinary character.
    let t = "a\rb\nc";
    let lines = LineIndex::new(t);
    assert_eq!(lines.line_col(t, 2), (1, 3));
    assert_eq!(lines.line_col(t, 4), (2, 1));
}

#[test]
fn line_col_counts_chars() {
    let t = "{\"é\": \"😀x\", \"b\": 1}\n\"née\"";
    let lines = LineIndex::new(t);
    let x = t.find('x').unwrap();
    assert_eq!(lines.line_col(t, x), (1, 9));
    let b = t.find("\"b\"").unwrap();
    assert_eq!(lines.line_col(t, b), (1, 13));
    let e = t.rfind('e').unwrap();
    assert_eq!(lines.line_col(t, e), (2, 4));
    // Inside a multibyte character: moved back to its start.
    assert_eq!(lines.line_col(t, x - 1), (1, 8));
    assert_eq!(lines.line_col(t, x - 4), (1, 8));
    // Clamped to the end of the text.
    assert_eq!(lines.line_col(t, usize::MAX), (2, 6));
    assert_eq!(lines.line_col(t, t.len()), (2, 6));
    // Empty text.
    assert_eq!(LineIndex::new("").line_col("", 7), (1, 1));
}

#[test]
fn large_document_scans() {
    let mut t = String::from("{\"items\": [");
    let mut i = 0;
    while t.len() < 5_000_000 {
        if i > 0 {
            t.push(',');
        }
        writeln!(
            t,
            "{{\"id\": {i}, \"name\": \"item \\u00e9 {i}\", \"tags\": [\"a\", \"b/c\"], \"n\": {{\"x\": -1.5e3, \"y\": [true, false, null]}}}}"
        )
        .unwrap();
        i += 1;
    }
    t.push_str("]}");
    let idx = index(&t);
    let last = i - 1;
    assert_eq!(idx.entries().len(), 2 + 12 * i);
    assert_eq!(
        at(&t, idx.value(&format!("/items/{last}/name"))),
        format!("\"item \\u00e9 {last}\"")
    );
    let lines = LineIndex::new(&t);
    let y = idx.value(&format!("/items/{last}/n/y/2")).unwrap();
    assert_eq!(lines.line_col(&t, y.start).0, i);
    assert!(serde_json::from_str::<serde_json::Value>(&t).is_ok());
}

#[test]
fn agrees_with_serde_json() {
    let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
    let cases: Vec<String> = [
        "{}",
        "[]",
        " [1, 2.5, -0, 1E+2, 0.0e-0] ",
        r#"{"a": {"b": [null, true, false]}, "c": "\u00e9\ud83d\ude00\n"}"#,
        r#"{"a": 1, "a": 2}"#,
        "\"\u{7f}é😀\"",
        "1e-400",
        "123456789012345678901234567890",
        "\t\r\n0\n",
        "",
        "[1,]",
        "{\"a\":1,}",
        "01",
        "1.",
        ".5",
        "+1",
        "NaN",
        "1e400",
        "\"\\ud800\"",
        "\"\\udc00x\"",
        "\"\\ud800\\u0041\"",
        "\"\\x\"",
        "\"a\u{1}\"",
        "[1] [2]",
        "{\"a\" 1}",
        "[\"abc",
        "\u{c}1",
        "nul",
        "[truex]",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain([deep(MAX_DEPTH), deep(MAX_DEPTH + 1), "9".repeat(400)])
    .collect();
    for s in &cases {
        assert_eq!(
            SpanIndex::build(s).is_ok(),
            serde_json::from_str::<serde_json::Value>(s).is_ok(),
            "{s:?}"
        );
    }
}

/// Checks a successfully scanned document against serde_json: every
/// span that lookups can find holds exactly the value serde_json has at
/// that pointer, and every key span holds the (encoded) key.
fn check_spans(t: &str, idx: &SpanIndex) {
    let doc: serde_json::Value = serde_json::from_str(t).expect("serde_json parses it too");
    for e in idx.entries() {
        if idx.value(&e.pointer) != Some(e.value) {
            continue; // shadowed by a later duplicate key
        }
        let here: serde_json::Value = serde_json::from_str(&t[e.value.start..e.value.end])
            .unwrap_or_else(|err| panic!("{t:?} {}: {err}", e.pointer));
        assert_eq!(doc.pointer(&e.pointer), Some(&here), "{t:?} {}", e.pointer);
        if let Some(k) = e.key {
            let key: String = serde_json::from_str(&t[k.start..k.end]).expect("key");
            let mut token = String::new();
            push_token(&mut token, &key);
            assert!(e.pointer.ends_with(&format!("/{token}")), "{t:?}");
        }
    }
}

#[test]
fn random_mutations_agree_with_serde_json() {
    const SEEDS: &[&str] = &[
        r#"{"a": [1, -2.5e3, true, false, null], "b\u00e9": {"c/d": "x\"\\\/\b\f\n\r\t\ud83d\ude00"}}"#,
        r#"[{"k": 1, "k": {"z": [0]}}, [], {}, "", 0.5, 1E-2]"#,
    ];
    const ALPHABET: &[&str] = &[
        "{", "}", "[", "]", ",", ":", "\"", "\\", "u", "d8", "dc", "00", "a", "1", "0", "-", ".",
        "e", "+", "t", "n", "f", " ", "\n", "\r", "\u{1}", "é", "😀", "/", "~",
    ];
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    let (mut valid, mut invalid) = (0, 0);
    for round in 0..4000 {
        let mut t = SEEDS[round % SEEDS.len()].to_string();
        for _ in 0..1 + next(3) {
            let bounds: Vec<usize> = (0..=t.len()).filter(|&i| t.is_char_boundary(i)).collect();
            let i = bounds[next(bounds.len())];
            let j = bounds[bounds.partition_point(|&b| b <= i).min(bounds.len() - 1)];
            let tok = ALPHABET[next(ALPHABET.len())];
            match next(3) {
                0 => t.insert_str(i, tok),
                1 => t.replace_range(i..j, ""),
                _ => t.replace_range(i..j, tok),
            }
        }
        let ours = SpanIndex::build(&t);
        let theirs = serde_json::from_str::<serde_json::Value>(&t);
        assert_eq!(ours.is_ok(), theirs.is_ok(), "{t:?}: {ours:?}");
        match ours {
            Ok(idx) => {
                valid += 1;
                check_spans(&t, &idx);
            }
            Err(e) => {
                invalid += 1;
                assert!(e.offset <= t.len());
            }
        }
    }
    assert!(
        valid > 100 && invalid > 100,
        "{valid} valid, {invalid} invalid"
    );
}

#[test]
fn never_panics_on_truncations() {
    // Every prefix of a document that exercises all token kinds either
    // scans or fails with an offset inside the text.
    let t = "\u{feff}{\"a\\u00e9\\ud83d\\ude00\": [1.5e-3, -0, true, false, null, \"x\\\"y\"], \"b\": {}}";
    for end in (0..=t.len()).filter(|&e| t.is_char_boundary(e)) {
        let s = &t[..end];
        match SpanIndex::build(s) {
            Ok(_) => assert_eq!(end, t.len()),
            Err(e) => assert!(e.offset <= s.len(), "{s:?}: {e:?}"),
        }
    }
}
