//! `nwlint check --fix`: the fixes rules attach to their findings (only
//! those that need no judgement), applied; what remains is reported as
//! `check` reports it.

use super::Session;
use crate::check;
use crate::diag::{Diagnostic, Fatal, Loc, Notice};
use crate::edit::{Edit, Mode, Plan};
use crate::span::Span;
use std::collections::BTreeMap;

/// Runs `check --fix` (or, with [`Mode::Diff`], prints the fixes as a
/// diff): the exit code is then `check`'s on the fixed tree (or 1 when a
/// fix would change something, for a diff). What was fixed goes to `log`
/// (standard error), so `out` holds the report alone in its format.
pub fn run(
    args: &check::Options,
    mode: Mode,
    out: &mut dyn std::io::Write,
    log: &mut dyn std::io::Write,
    notices: &mut Vec<Notice>,
) -> Result<u8, Fatal> {
    let session = Session::checking(args, &mut Vec::new())?;
    let (plan, fixed) = plan(&session)?;
    if mode == Mode::Diff {
        return super::finish(&session, &plan, &args.workspace, (mode, None), out);
    }
    let s = if fixed == 1 { "" } else { "s" };
    let done = (fixed > 0).then(|| format!("fixed {fixed} finding{s}"));
    super::finish(&session, &plan, &args.workspace, (mode, done), log)?;
    check::run(args, out, notices)
}

/// The edits of every finding's fix, and how many findings they fix. A
/// fix whose edits overlap one already taken waits for the next run.
pub fn plan(session: &Session) -> Result<(Plan, usize), Fatal> {
    let mut taken: BTreeMap<usize, Vec<Span>> = BTreeMap::new();
    let mut plan = Plan::default();
    let mut fixed = 0;
    for d in session.diagnostics() {
        let Some(edits) = resolve(session, d) else {
            continue;
        };
        let overlaps = |file: &usize, span: &Span| {
            (taken.get(file).into_iter().flatten())
                .any(|t| span.start < t.end && t.start < span.end || span == t)
        };
        if edits.iter().any(|(file, span, _)| overlaps(file, span)) {
            continue;
        }
        for (file, span, text) in edits {
            let source = session.file(file)?;
            plan.edit(
                source.path,
                source.display,
                &source.text,
                Edit::replace(span, text),
            );
            taken.entry(file).or_default().push(span);
        }
        fixed += 1;
    }
    Ok((plan, fixed))
}

/// Where a finding's fix edits and what it writes there, if it has a fix
/// and every edit's place exists.
fn resolve(session: &Session, d: &Diagnostic) -> Option<Vec<(usize, Span, String)>> {
    let fix = d.fix.as_ref()?;
    (fix.edits.iter())
        .map(|e| span_of(session, e.file, &e.loc).map(|s| (e.file, s, e.text.clone())))
        .collect()
}

/// The exact span of `loc` (a pointer that does not exist is no place for
/// an edit).
fn span_of(session: &Session, file: usize, loc: &Loc) -> Option<Span> {
    let source = session.workspace().loading.sources.get(file);
    match loc {
        Loc::Value(p) => source.spans()?.value(p),
        Loc::InString { .. } => source.span_of(loc),
        _ => None,
    }
}
