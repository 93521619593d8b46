//! The hand-over between a cursor's network reader (async, on the core's runtime) and the
//! thread reading rows (blocking).
//!
//! The buffer is bounded, so a large result is not read faster than it is consumed. When the
//! connection needs its stream back while rows are still unread, the buffer stops bounding and
//! the rest of the result is read in (a stream serves one request at a time). When the rows are
//! dropped early, what is left is read and thrown away, so the server finishes the request and
//! the stream stays usable.

use std::collections::VecDeque;
use std::sync::{Condvar, Mutex};

use tokio::sync::Notify;

use crate::error::{Error, Result};
use crate::hrana::proto::CursorEntry;

/// Entries held before the reader waits for the consumer.
const CAPACITY: usize = 4096;

#[derive(Default)]
struct Inner {
    entries: VecDeque<CursorEntry>,
    done: bool,
    error: Option<Error>,
    consumer_gone: bool,
    unbounded: bool,
    /// Inside the probe step's entries (which the consumer never sees).
    in_probe: bool,
    probe_ran: bool,
}

/// Called once the cursor has ended: whether the probe step ran, or `None` if the cursor broke
/// off (then the state of the stream is unknown).
type OnFinish = Box<dyn FnOnce(Option<bool>) + Send>;

#[derive(Default)]
pub(crate) struct CursorBuffer {
    inner: Mutex<Inner>,
    ready: Condvar,
    space: Notify,
    /// The index of a step appended to learn the autocommit state (it runs only in autocommit).
    probe: Option<u32>,
    on_finish: Mutex<Option<OnFinish>>,
}

impl CursorBuffer {
    /// A buffer that hides the entries of step `probe` and reports whether it ran.
    pub(crate) fn with_probe(probe: Option<u32>, on_finish: OnFinish) -> CursorBuffer {
        CursorBuffer { probe, on_finish: Mutex::new(Some(on_finish)), ..Default::default() }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Producer: adds an entry, waiting while the buffer is full.
    pub(crate) async fn push(&self, entry: CursorEntry) {
        if self.probe.is_some() {
            let mut inner = self.lock();
            let probe = self.probe;
            match &entry {
                CursorEntry::StepBegin { step, .. } if Some(*step) == probe => {
                    inner.in_probe = true;
                    inner.probe_ran = true;
                    return;
                }
                CursorEntry::StepError { step, .. } if Some(*step) == probe => return,
                CursorEntry::Row { .. } if inner.in_probe => return,
                CursorEntry::StepEnd { .. } if inner.in_probe => {
                    inner.in_probe = false;
                    return;
                }
                _ => {}
            }
        }
        loop {
            let notified = self.space.notified();
            {
                let mut inner = self.lock();
                if inner.consumer_gone {
                    return;
                }
                if inner.unbounded || inner.entries.len() < CAPACITY {
                    inner.entries.push_back(entry);
                    self.ready.notify_one();
                    return;
                }
            }
            notified.await;
        }
    }

    /// Producer: no more entries (with the error that ended them, if any).
    pub(crate) fn finish(&self, error: Option<Error>) {
        let outcome = if error.is_some() { None } else { Some(self.lock().probe_ran) };
        // Report the outcome (the connection's autocommit state) before the consumer can see
        // the end, so a consumer that read to the end reads the state after the statement.
        if let Some(on_finish) = self.on_finish.lock().unwrap_or_else(|e| e.into_inner()).take() {
            on_finish(outcome);
        }
        let mut inner = self.lock();
        inner.done = true;
        inner.error = error;
        self.ready.notify_all();
    }

    /// The connection needs the stream: read the rest in without waiting for the consumer.
    pub(crate) fn stop_bounding(&self) {
        self.lock().unbounded = true;
        self.space.notify_waiters();
    }

    /// Consumer: the next entry, waiting for it; `None` at the end.
    pub(crate) fn pop(&self) -> Result<Option<CursorEntry>> {
        let mut inner = self.lock();
        loop {
            if let Some(entry) = inner.entries.pop_front() {
                if inner.entries.len() < CAPACITY / 2 {
                    self.space.notify_waiters();
                }
                return Ok(Some(entry));
            }
            if inner.done {
                return match inner.error.take() {
                    Some(err) => Err(err),
                    None => Ok(None),
                };
            }
            inner = self.ready.wait(inner).unwrap_or_else(|e| e.into_inner());
        }
    }

    /// Consumer: the rows were dropped; discard the rest.
    pub(crate) fn abandon(&self) {
        let mut inner = self.lock();
        inner.consumer_gone = true;
        inner.entries.clear();
        self.space.notify_waiters();
    }
}
