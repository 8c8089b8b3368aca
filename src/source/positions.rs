//! Positions of one file's findings as bytes, for the persisted index: a
//! later run that loads the same bytes takes them instead of reading the
//! file again for line:col.

use super::Position;
use crate::diag::Loc;
use crate::span::Span;
use std::collections::HashMap;

/// Positions in one file as bytes: a count, then per location its kind,
/// pointer and offsets, and its position if it has one; every number a
/// `u32` (content files are at most [`super::MAX_FILE_BYTES`]).
/// None if a number does not fit.
pub(super) fn encode(map: &HashMap<Loc, Option<Position>>) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(16 + map.len() * 64);
    let num = |out: &mut Vec<u8>, n: usize| -> Option<()> {
        out.extend_from_slice(&u32::try_from(n).ok()?.to_le_bytes());
        Some(())
    };
    num(&mut out, map.len())?;
    let mut entries: Vec<(&Loc, &Option<Position>)> = map.iter().collect();
    entries.sort_by(|a, b| a.0.cmp(b.0));
    for (loc, pos) in entries {
        match loc {
            Loc::Value(p) | Loc::Key(p) => {
                out.push(u8::from(matches!(loc, Loc::Key(_))));
                crate::wire::put(&mut out, p.as_bytes());
            }
            Loc::InString {
                pointer,
                start,
                end,
            } => {
                out.push(2);
                crate::wire::put(&mut out, pointer.as_bytes());
                num(&mut out, *start)?;
                num(&mut out, *end)?;
            }
            Loc::Bytes { start, end } => {
                out.push(3);
                num(&mut out, *start)?;
                num(&mut out, *end)?;
            }
            Loc::File => out.push(4),
        }
        match pos {
            None => out.push(0),
            Some(p) => {
                out.push(1);
                for n in [
                    p.span.start,
                    p.span.end,
                    p.line,
                    p.column,
                    p.end_line,
                    p.end_column,
                ] {
                    num(&mut out, n)?;
                }
            }
        }
    }
    Some(out)
}

/// The positions `encode` wrote (None if the bytes are not
/// such an encoding).
pub fn decode_positions(bytes: &[u8]) -> Option<HashMap<Loc, Option<Position>>> {
    let mut r = crate::wire::Reader::new(bytes);
    let num = |r: &mut crate::wire::Reader| r.u32().map(|n| n as usize);
    // Never trust a count to size an allocation: an entry is at least 2 bytes.
    let count = num(&mut r)?;
    let mut map = HashMap::with_capacity(count.min(bytes.len() / 2));
    for _ in 0..count {
        let loc = match r.u8()? {
            0 => Loc::Value(r.str()?.to_string()),
            1 => Loc::Key(r.str()?.to_string()),
            2 => Loc::InString {
                pointer: r.str()?.to_string(),
                start: num(&mut r)?,
                end: num(&mut r)?,
            },
            3 => Loc::Bytes {
                start: num(&mut r)?,
                end: num(&mut r)?,
            },
            4 => Loc::File,
            _ => return None,
        };
        let pos = match r.u8()? {
            0 => None,
            1 => {
                let mut n = [0usize; 6];
                for x in &mut n {
                    *x = num(&mut r)?;
                }
                Some(Position {
                    span: Span {
                        start: n[0],
                        end: n[1],
                    },
                    line: n[2],
                    column: n[3],
                    end_line: n[4],
                    end_column: n[5],
                })
            }
            _ => return None,
        };
        map.insert(loc, pos);
    }
    r.at_end().then_some(map)
}
