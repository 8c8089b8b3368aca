use super::indexed::index_key;
use super::*;
use crate::strict_json::DUP_MARKER;

/// A project with the shipped content plus `extra` copies of the
/// article under other codes.
fn project(extra: usize) -> (tempfile::TempDir, Roots) {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let content = dir.path().join("content");
    std::fs::create_dir_all(content.join("articles")).unwrap();
    for f in ["helpcenter.json", "devices.json"] {
        std::fs::copy(root.join("content").join(f), content.join(f)).unwrap();
    }
    let article = std::fs::read_to_string(root.join("content/articles/NW-6-403.json")).unwrap();
    std::fs::write(content.join("articles/NW-6-403.json"), &article).unwrap();
    for i in 0..extra {
        let code = format!("NW-7-{i}");
        std::fs::write(
            content.join(format!("articles/{code}.json")),
            article.replace("NW-6-403", &code),
        )
        .unwrap();
    }
    let roots = Roots {
        base: dir.path().to_path_buf(),
        content,
        schema: None,
        exclude: Exclude::default(),
        overlay: Overlay::new(),
    };
    (dir, roots)
}

#[test]
fn a_file_read_long_after_its_last_write_has_a_settled_stat() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.json");
    std::fs::write(&path, "{}").unwrap();
    let taken = |path: &Path| read_limited(path).ok().unwrap().1.unwrap();
    let recent = taken(&path);
    assert_eq!(recent.stat.size, 2);
    assert!(!recent.settled, "written just now");
    crate::fingerprint::set_mtime_ago(&path, 60);
    assert!(taken(&path).settled);
}

#[test]
fn check_releases_clean_article_texts_and_other_commands_keep_them() {
    let (_dir, roots) = project(1);
    let schemas = SchemaSet::load(None).unwrap();
    let kept = load(&roots, &schemas).unwrap();
    assert!(kept.sources.iter().all(|(_, f)| f.hash == 0));
    let released = load_with(&roots, &schemas, Texts::Release, None).unwrap();
    for (id, f) in released.sources.iter() {
        let article = released.corpus.articles.iter().any(|a| a.file == id);
        // Released files carry the hash their re-read is checked against.
        assert_eq!(f.hash != 0, article, "{}", f.display);
        assert_eq!(*f.text(), *kept.sources.get(id).text(), "{}", f.display);
    }
    assert_eq!(released.sources.changed().count(), 0);
}

#[test]
fn full_load_trusts_the_index_only_for_the_same_bytes_under_the_same_key() {
    let (dir, roots) = project(1);
    let schemas = SchemaSet::load(None).unwrap();
    let cache = dir.path().join("cache");
    // Fits the model, fails the schema (error codes are upper case).
    let path = roots.content.join("articles/NW-7-0.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let broken = text.replacen("\"code\": \"NW-7-0\"", "\"code\": \"nw-7-0\"", 1);
    assert_ne!(broken, text);
    std::fs::write(&path, &broken).unwrap();
    let schema_errors = |context: &[u8]| {
        let l = load_with(&roots, &schemas, Texts::Release, Some((&cache, context))).unwrap();
        let file = l.sources.iter().find(|(_, f)| f.path == path).unwrap().0;
        l.diagnostics
            .iter()
            .filter(|d| d.primary.file == file && d.rule.id == "schema")
            .count()
    };
    // An index that records the broken file with `hash` and `stat`.
    let record_with = |stat: crate::fingerprint::Stat, hash: u128, clean: bool| {
        let l = load(&roots, &schemas).unwrap();
        let mut index = crate::cache::Index::new(index_key(&roots, &schemas, &l.sources, b"t"));
        let record = crate::cache::Record {
            stat,
            hash,
            clean,
            code: "NW-7-0".into(),
            locale: None,
            payload: Vec::new().into(),
            positions: Vec::new().into(),
        };
        index.put("articles/NW-7-0.json", record);
        index.save(&cache).unwrap();
    };
    // With a stat that never matches: only the hash decides.
    let no_stat = crate::fingerprint::Stat::default();
    let record = |hash: u128, clean: bool| record_with(no_stat, hash, clean);
    let set_mtime = |ago: u64| crate::fingerprint::set_mtime_ago(&path, ago);
    assert_eq!(schema_errors(b"t"), 1, "no index yet");
    record(crate::fingerprint::hash_bytes(text.as_bytes()), true);
    assert_eq!(schema_errors(b"t"), 1, "the index knows other bytes");
    record(crate::fingerprint::hash_bytes(broken.as_bytes()), false);
    assert_eq!(schema_errors(b"t"), 1, "the index knows the file as broken");
    record(crate::fingerprint::hash_bytes(broken.as_bytes()), true);
    assert_eq!(
        schema_errors(b"u"),
        1,
        "the index was written for another context"
    );
    // The same bytes under the same key: not validated again.
    assert_eq!(schema_errors(b"t"), 0);
    // Same size and an old mtime the record holds: the record stands
    // for the bytes without hashing them (as git trusts its index);
    // a newer mtime sends the file back to its hash.
    set_mtime(3600);
    let stat = crate::fingerprint::Stat::of(&std::fs::metadata(&path).unwrap());
    record_with(stat, crate::fingerprint::hash_bytes(text.as_bytes()), true);
    assert_eq!(schema_errors(b"t"), 0, "trusted by its stat");
    set_mtime(60);
    assert_eq!(schema_errors(b"t"), 1, "another mtime: hashed");
    // A changed registry changes the key.
    let devices = roots.content.join("devices.json");
    let registry = std::fs::read_to_string(&devices).unwrap();
    std::fs::write(&devices, format!("{registry}\n")).unwrap();
    assert_eq!(schema_errors(b"t"), 1, "the registry changed");
}

#[test]
fn indexed_load_matches_full_load_and_reuses_the_index() {
    let (dir, roots) = project(3);
    let schemas = SchemaSet::load(None).unwrap();
    let target = roots.content.join("articles/NW-7-1.json");
    let only: HashSet<PathBuf> = [target.clone()].into();
    let cache = dir.path().join("cache");
    // One shared value (key 7), computed only when the index lacks it.
    let computed = std::sync::atomic::AtomicUsize::new(0);
    let summarize = |_: &Corpus, a: &Article, known: &Known| {
        let mut shared = Vec::new();
        if !known(7) {
            computed.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            shared.push((7, b"seven".to_vec()));
        }
        crate::cache::Computed {
            payload: a.devices.len().to_le_bytes().to_vec(),
            shared,
        }
    };

    let (loading, others, shared, stats) =
        load_indexed(&roots, &schemas, &only, Some(&cache), b"t", &summarize).unwrap();
    assert_eq!(shared.get(&7).map(|p| &**p), Some(&b"seven"[..]));
    assert_eq!(
        stats,
        IndexStats {
            fresh: 0,
            verified: 0,
            loaded: 3
        }
    );
    assert_eq!(loading.corpus.articles.len(), 1);
    assert_eq!(loading.corpus.articles[0].value.code, "NW-7-1");
    assert!(loading.corpus.registry.is_some() && loading.corpus.helpcenter.is_some());
    let mut codes: Vec<&str> = others.iter().map(|o| o.code.as_str()).collect();
    codes.sort();
    assert_eq!(codes, ["NW-6-403", "NW-7-0", "NW-7-2"]);
    assert!(others.iter().all(|o| *o.payload == 10usize.to_le_bytes()));

    // The explicit file's own findings are those of a full load.
    let full = load(&roots, &schemas).unwrap();
    let full_file = full
        .sources
        .iter()
        .find(|(_, f)| f.path == target)
        .map(|(id, _)| id)
        .unwrap();
    let n = |l: &Loading, id| {
        l.diagnostics
            .iter()
            .filter(|d| d.primary.file == id)
            .count()
    };
    assert_eq!(
        n(&loading, loading.corpus.articles[0].file),
        n(&full, full_file)
    );

    // Second run: nothing is loaded again (files this new are verified
    // by hash rather than trusted by their stat).
    let (_, others2, shared2, stats2) =
        load_indexed(&roots, &schemas, &only, Some(&cache), b"t", &summarize).unwrap();
    assert_eq!(shared2.get(&7).map(|p| &**p), Some(&b"seven"[..]));
    assert_eq!(stats2.loaded, 0);
    assert_eq!(stats2.fresh + stats2.verified, 3);
    assert_eq!(others2.len(), 3);

    // A changed file is loaded again; a broken one drops out.
    let other = roots.content.join("articles/NW-7-2.json");
    let text = std::fs::read_to_string(&other).unwrap();
    std::fs::write(&other, text.replacen("\"ps3\"", "\"nope\"", 1)).unwrap();
    std::fs::write(roots.content.join("articles/NW-7-0.json"), "{").unwrap();
    let (_, others3, _, stats3) =
        load_indexed(&roots, &schemas, &only, Some(&cache), b"t", &summarize).unwrap();
    assert_eq!(stats3.loaded, 2);
    // Stored once, in the first run: later summaries were told it is known.
    assert_eq!(computed.load(std::sync::atomic::Ordering::Relaxed), 3);
    let codes: Vec<&str> = others3.iter().map(|o| o.code.as_str()).collect();
    assert!(
        codes.contains(&"NW-7-2") && !codes.contains(&"NW-7-0"),
        "{codes:?}"
    );

    // Another context (e.g. a new summarizer) starts from scratch.
    let (_, _, _, stats4) =
        load_indexed(&roots, &schemas, &only, Some(&cache), b"u", &summarize).unwrap();
    assert_eq!(stats4.loaded, 3);
}

#[test]
fn strict_parse_rejects_duplicates_only() {
    assert!(parse_strict(r#"{"a": 1, "b": {"a": 2}}"#).is_ok());
    let e = parse_strict(r#"{"a": 1, "a": 2}"#).unwrap_err();
    assert!(e.to_string().contains(DUP_MARKER));
}

#[test]
fn classify_by_place() {
    assert_eq!(classify("devices.json"), Some(Kind::Devices));
    assert_eq!(classify("articles/NW-6-403.json"), Some(Kind::Article));
    assert_eq!(classify("snippets/x.json"), Some(Kind::Snippet));
    assert_eq!(classify("other.json"), None);
}
