//! One large file checked in pieces on several threads, the merge overlapping the checks: a
//! reader cuts the file into pieces as it reads, `threads` checkers check them, and this thread
//! merges each piece's report as soon as it and the pieces before it are checked. Memory stays
//! bounded by the pieces in flight (read and not merged yet), at most [`IN_FLIGHT`] per thread.

use rayon::prelude::*;
use recordlint_core::pieces::{check_piece, Merger, Piece, PieceReport, ReplayJob, Splitter};
use recordlint_core::{CrossRecordIndex, Format, Profile, Report, Tables};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::sync::mpsc::{channel, sync_channel, Receiver};
use std::sync::{Arc, Mutex};

/// Bytes read from a file at a time.
const CHUNK: usize = 1 << 20;

/// Pieces read and not merged yet, per checking thread.
const IN_FLIGHT: usize = 2;

/// Checks one file in pieces of about `piece` bytes on `threads` threads: the same report as
/// checking it whole, the cross-record index carried in (`index`) and out (when `hand_on`).
/// Without either, the merge replays the cross-record checks in `threads` MRN partitions at once
/// (see `recordlint_core::pieces::Merger::in_parallel`).
pub(super) fn check_in_pieces(
    path: &Path,
    name: &str,
    (profile, format): (&Profile, Option<Format>),
    (index, hand_on): (Option<CrossRecordIndex>, bool),
    (threads, piece): (usize, usize),
) -> std::io::Result<(Report, Option<CrossRecordIndex>)> {
    let mut file = std::fs::File::open(path)?;
    let total = file.metadata()?.len();
    let count = usize::try_from(total).unwrap_or(usize::MAX).div_ceil(piece).max(1);
    let today = recordlint_core::today();
    let threads = threads.max(1);
    let tables = Tables::builtin();
    let mut merger = Merger::new(profile, today, Arc::clone(&tables));
    match index {
        Some(index) => merger.set_index(index),
        None if !hand_on && threads > 1 => merger = merger.in_parallel(partitions(threads)),
        None => {}
    }
    merger.set_source(name);
    // A token per piece in flight: the reader takes one before handing a piece out, the merge
    // gives it back once the piece is merged.
    let (give_back, tokens) = sync_channel::<()>(threads * IN_FLIGHT);
    for _ in 0..threads * IN_FLIGHT {
        give_back.send(()).map_err(|_| std::io::Error::other("no tokens"))?;
    }
    let (to_check, pieces) = sync_channel::<(Piece, Vec<u8>)>(threads);
    let pieces = Mutex::new(pieces);
    let (to_merge, checked) = channel::<(usize, PieceReport)>();
    // Checked pieces' buffers go back to the reader, to hold later pieces.
    let (give_buffer, buffers) = channel::<Vec<u8>>();
    std::thread::scope(|s| {
        let reader = s.spawn(move || {
            let hand = |p| to_check.send(p).is_ok();
            read_pieces(&mut file, (format, total, count), (&tokens, &buffers), hand)
        });
        for _ in 0..threads {
            let (pieces, to_merge, give_buffer, tables) =
                (&pieces, to_merge.clone(), give_buffer.clone(), &tables);
            s.spawn(move || loop {
                let next = pieces.lock().map(|p| p.recv());
                let Ok(Ok((piece, bytes))) = next else { return };
                let report = check_piece(&bytes, &piece.context, profile, today, tables);
                let _ = give_buffer.send(bytes);
                if to_merge.send((piece.context.number, report)).is_err() {
                    return;
                }
            });
        }
        drop((to_merge, give_buffer));
        merge_in_order(&mut merger, &checked, &give_back);
        drop(give_back);
        reader.join().unwrap_or_else(|_| Err(std::io::Error::other("the reader stopped")))
    })?;
    Ok(merger.finish_with_index())
}

/// MRN partitions (and duplicate-patient stages) of a merge in parallel: one a thread, or
/// `RECORDLINT_PARTITIONS` (for tuning).
fn partitions(threads: usize) -> usize {
    let set = std::env::var("RECORDLINT_PARTITIONS").ok().and_then(|v| v.parse().ok());
    set.filter(|&n: &usize| n > 0).unwrap_or(threads)
}

/// Reads `file` (of `format` and `total` bytes, cut into `count` pieces) and hands each piece
/// with its bytes (in a buffer of a piece checked, when there is one) to `hand` once a token
/// is free; stops early when `hand` says no.
fn read_pieces(
    file: &mut std::fs::File,
    (format, total, count): (Option<Format>, u64, usize),
    (tokens, buffers): (&Receiver<()>, &Receiver<Vec<u8>>),
    mut hand: impl FnMut((Piece, Vec<u8>)) -> bool,
) -> std::io::Result<()> {
    let mut splitter = Splitter::new(format, total, count);
    // The input from byte `base` on, not handed out yet.
    let (mut held, mut base) = (Vec::new(), 0usize);
    let mut chunk = vec![0; CHUNK];
    loop {
        let n = file.read(&mut chunk)?;
        let ready = if n == 0 {
            std::mem::replace(&mut splitter, Splitter::new(format, 0, 1)).finish()
        } else {
            held.extend_from_slice(&chunk[..n]);
            splitter.feed(&chunk[..n]);
            splitter.ready()
        };
        for piece in ready {
            if tokens.recv().is_err() {
                return Ok(());
            }
            let (start, end) = (piece.range.start - base, piece.range.end - base);
            let part =
                held.get(start..end).ok_or_else(|| std::io::Error::other("a piece's bytes were not read"))?;
            let mut bytes = buffers.try_recv().unwrap_or_default();
            bytes.clear();
            // Room for this piece and a little more, not twice the last piece's (as a vector
            // grows): a buffer held per piece in flight.
            if bytes.capacity() < part.len() {
                bytes.reserve_exact(part.len() + part.len() / 16);
            }
            bytes.extend_from_slice(part);
            held.drain(..end);
            base += end;
            if !hand((piece, bytes)) {
                return Ok(());
            }
        }
        if n == 0 {
            return Ok(());
        }
    }
}

/// Merges the checked pieces in input order as they come, giving a token back for each.
fn merge_in_order(
    merger: &mut Merger,
    checked: &Receiver<(usize, PieceReport)>,
    give_back: &std::sync::mpsc::SyncSender<()>,
) {
    let mut waiting = BTreeMap::new();
    let mut next = 0;
    for (number, report) in checked {
        waiting.insert(number, report);
        while let Some(report) = waiting.remove(&next) {
            merger.push_with(report, |jobs| jobs.par_iter_mut().for_each(ReplayJob::run));
            next += 1;
            // The reader may have ended: then no token is wanted.
            let _ = give_back.try_send(());
        }
    }
    merger.flush_with(|jobs| jobs.par_iter_mut().for_each(ReplayJob::run));
}
