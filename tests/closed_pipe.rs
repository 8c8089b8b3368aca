//! Every command's output into a pipe whose reader has gone (`nwlint … |
//! head`): a normal end, with no message, no panic and the exit code the
//! command has when its output is read.

mod common;

use std::process::{Command, Stdio};

#[test]
fn closed_stdout_is_a_normal_end() {
    let dir = common::shipped_project();
    let commands: [&[&str]; 7] = [
        &["render", "NW-6-403"],
        &["render", "NW-6-403", "--format", "html"],
        &["diff", "ps4", "xbox-one"],
        &["rules"],
        &["explain", "drifted-copy"],
        &["check"],
        &["check", "--format", "json"],
    ];
    let mut failed = Vec::new();
    for args in commands {
        let read = common::nwlint(dir.path(), args);
        assert!(!read.stdout.is_empty(), "{args:?}");
        // The read end is closed before the command starts.
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let child = Command::new(env!("CARGO_BIN_EXE_nwlint"))
            .args(args)
            .current_dir(dir.path())
            .stdout(writer)
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let closed = child.wait_with_output().unwrap();
        if closed.status.code() != read.status.code() || !closed.stderr.is_empty() {
            failed.push(format!(
                "{args:?}: exit {:?} (read: {:?}), stderr {:?}",
                closed.status.code(),
                read.status.code(),
                String::from_utf8_lossy(&closed.stderr)
                    .lines()
                    .take(3)
                    .collect::<Vec<_>>()
            ));
        }
    }
    assert!(failed.is_empty(), "{failed:#?}");
}
