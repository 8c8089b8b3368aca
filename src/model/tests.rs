use super::*;
use serde_json::json;

fn inline(v: serde_json::Value) -> Result<Inline, String> {
    serde_json::from_value(v).map_err(|e| e.to_string())
}

fn block(v: serde_json::Value) -> Result<Block, String> {
    serde_json::from_value(v).map_err(|e| e.to_string())
}

#[test]
fn inlines_dispatch_on_the_json_type() {
    assert_eq!(inline(json!("hi")), Ok(Inline::Plain("hi".into())));
    let runs = json!(["a ", {"link": "l", "href": "h"}, {"code": "C-1"}, {"var": "noun"}]);
    let expected = Inline::Runs(vec![
        Run::Text("a ".into()),
        Run::Link(Link {
            link: "l".into(),
            href: "h".into(),
        }),
        Run::Code(CodeRef { code: "C-1".into() }),
        Run::Var(VarRef {
            var: "noun".into(),
            index: None,
        }),
    ]);
    assert_eq!(inline(runs.clone()), Ok(expected.clone()));
    // From text too (the bench's "model straight from text").
    let from_text: Inline = serde_json::from_str(&runs.to_string()).unwrap();
    assert_eq!(from_text, expected);
}

#[test]
fn misfits_fail_like_the_derived_untagged_enums() {
    let no_inline = "data did not match any variant of untagged enum Inline";
    for bad in [
        json!(1),
        json!(null),
        json!({"code": "X"}),
        json!([{"link": "only"}]),
        json!([{"code": "X", "var": "noun"}]),
        json!([{"code": 1}]),
        json!([{"code": "X", "extra": 1}]),
        json!([["a", "b", "c"]]),
    ] {
        assert_eq!(inline(bad.clone()), Err(no_inline.to_string()), "{bad}");
    }
    // Serde reads structs from arrays of their fields too.
    assert_eq!(
        inline(json!([["nested"], ["l", "h"]])),
        Ok(Inline::Runs(vec![
            Run::Code(CodeRef {
                code: "nested".into()
            }),
            Run::Link(Link {
                link: "l".into(),
                href: "h".into()
            }),
        ]))
    );
    let run: Result<Run, _> = serde_json::from_value(json!({"var": "x", "href": "h"}));
    assert_eq!(
        run.unwrap_err().to_string(),
        "data did not match any variant of untagged enum Run"
    );
}

#[test]
fn blocks_are_tagged_by_type() {
    assert_eq!(
        block(json!({"text": "x", "type": "note"})),
        Ok(Block::Note {
            text: Inline::Plain("x".into())
        })
    );
    assert_eq!(
        block(json!({"type": "steps", "items": [{"text": "a", "bullets": ["b"]}]})),
        Ok(Block::Steps {
            items: vec![Step {
                text: Inline::Plain("a".into()),
                bullets: vec![Inline::Plain("b".into())],
            }]
        })
    );
    assert_eq!(
        block(json!({"type": "bullets", "items": ["a", ["b"]]})),
        Ok(Block::Bullets {
            items: vec![
                Inline::Plain("a".into()),
                Inline::Runs(vec![Run::Text("b".into())])
            ]
        })
    );
    assert_eq!(
        block(json!({"type": "table", "text": "x"})),
        Err(
            "unknown variant `table`, expected one of `paragraph`, `steps`, `bullets`, `note`"
                .into()
        )
    );
    assert_eq!(
        block(json!({"type": "paragraph", "items": []})),
        Err("unknown field `items`, expected `text`".into())
    );
    assert_eq!(
        block(json!({"type": "paragraph"})),
        Err("missing field `text`".into())
    );
    assert_eq!(
        block(json!({"text": "x"})),
        Err("missing field `type`".into())
    );
}
