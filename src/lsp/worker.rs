//! The analysis worker: one analysis at a time, of the generations requests wait for
//! first ([`super::receipt`]), then of the newest; a change marks a new generation and
//! wakes it (`Inner::changed`). What it builds is published by [`super::diagnostics`].

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::documents::Reach;
use super::memory;
use super::server::Inner;
use super::state::{self, Snapshot};

/// How long the documents must go unchanged before they give up their ropes: longer
/// than a pause in typing, so that a burst of keystrokes in a large document does not
/// copy its text into a new rope at each one.
const SETTLE_AFTER: Duration = Duration::from_secs(2);

impl Inner {
    pub(super) fn start_worker(self: &Arc<Self>) {
        if !self.worker.swap(true, Ordering::SeqCst) {
            let this = self.clone();
            tokio::spawn(async move { this.analyse().await });
        }
    }

    /// The analysis worker: one analysis at a time, started as soon as a change arrives
    /// (the debounce only delays publishing): first the generations that requests were
    /// received at and wait for, oldest first (see [`super::receipt`]), then the newest.
    async fn analyse(self: Arc<Self>) {
        loop {
            let pinned = self.lock().next_build();
            let Some(pinned) = pinned else {
                self.wake.notified().await;
                continue;
            };
            let (generation, encoding) = (pinned.generation, pinned.plan.encoding);
            let previous = self.lock().snapshot.clone();
            let job = pinned.clone();
            let started = Instant::now();
            let built = tokio::task::spawn_blocking(move || {
                catch_unwind(AssertUnwindSafe(|| state::build(&job.plan, previous.as_deref())))
            })
            .await
            .ok()
            .and_then(|r| r.ok());
            if built.is_none() {
                self.log(format!("evn: internal error while analysing generation {generation}"));
            }
            let snapshot = Arc::new(built.unwrap_or_else(|| Snapshot::empty(generation, encoding)));
            // The requests received at this generation go on now.
            pinned.fulfil(snapshot.clone());
            drop(pinned);
            let current = self.lock().generation == generation;
            if current && !self.pull.load(Ordering::Relaxed) {
                // Convert and serialise now, while the debounce runs: publishing is
                // then only writing.
                let files = self.converted(snapshot.clone()).await;
                let _ = tokio::task::spawn_blocking(move || {
                    for file in files.iter().filter(|f| f.converted || f.version.is_some()) {
                        file.message();
                    }
                })
                .await;
            }
            self.pace.record(started.elapsed());
            let replaced = {
                let mut state = self.lock();
                match state.snapshot.as_ref().is_none_or(|s| s.generation < generation) {
                    true => state.snapshot.replace(snapshot),
                    false => Some(snapshot),
                }
            };
            self.built.send_modify(|built| *built = (*built).max(generation));
            // The previous analysis is freed off the lock and its pages given back,
            // beside the next analysis rather than before it.
            tokio::task::spawn_blocking(move || {
                drop(replaced);
                memory::release();
            });
        }
    }

    /// Marks a change: analysis starts now, diagnostics are published when it is ready
    /// (see [`super::pace`]).
    pub(super) fn changed(self: &Arc<Self>, reach: Reach) {
        self.lock().bump(reach == Reach::Local);
        self.start_worker();
        self.wake.notify_one();
        let this = self.clone();
        let at = Instant::now();
        tokio::spawn(async move { this.publish_later(at).await });
        let this = self.clone();
        let generation = self.lock().generation;
        tokio::spawn(async move { this.settle_later(generation).await });
    }

    /// When no change has come for [`SETTLE_AFTER`] since the one of `generation`, the
    /// open documents whose text as one string is made give up their ropes (see
    /// [`super::documents::Document::settle`]): a document not being typed in holds its
    /// text once, and the next edit makes the rope again.
    async fn settle_later(self: Arc<Self>, generation: u64) {
        tokio::time::sleep(SETTLE_AFTER).await;
        let ropes: Vec<ropey::Rope> = {
            let mut state = self.lock();
            if state.generation != generation {
                return; // a later change settles
            }
            state.open.values_mut().filter_map(|document| document.settle()).collect()
        };
        if !ropes.is_empty() {
            tokio::task::spawn_blocking(move || {
                drop(ropes);
                memory::release();
            });
        }
    }
}
