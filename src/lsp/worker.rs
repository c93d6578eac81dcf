//! The analysis worker: one analysis at a time, of the generations requests wait for
//! first ([`super::receipt`]), then of the newest; a change marks a new generation and
//! wakes it (`Inner::changed`). What it builds is published when the analysis of the
//! newest text is ready (held as long as an analysis takes lately, see
//! [`super::pace`]), never stale (a snapshot older than the last published one is
//! dropped), pushed as pre-serialised messages.

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::Ordering;
use std::sync::{Arc, PoisonError};
use std::time::{Duration, Instant};

use tower_lsp_server::ls_types::{Diagnostic, Uri};

use super::documents::Reach;
use super::memory;
use super::publish::{self, FileDiagnostics};
use super::server::Inner;
use super::state::{self, Snapshot};
use super::transport::Out;

/// How long the documents must go unchanged before they give up their ropes: longer
/// than a pause in typing, so that a burst of keystrokes in a large document does not
/// copy its text into a new rope at each one.
const SETTLE_AFTER: Duration = Duration::from_secs(2);

/// What was published last.
#[derive(Default)]
pub struct Published {
    generation: u64,
    /// Each file's last published list, with the version it was published for.
    diagnostics: HashMap<Uri, (Option<i32>, Arc<Vec<Diagnostic>>)>,
}

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

    /// Publishes the analysis of the change made at `changed` once it is ready and held
    /// (see [`super::pace::Pace::hold`]), unless a newer change came meanwhile: that one
    /// publishes.
    pub(super) async fn publish_later(self: &Arc<Self>, changed: Instant) {
        let snapshot = self.snapshot().await;
        tokio::time::sleep_until(self.pace.publish_at(changed).into()).await;
        if snapshot.generation != self.lock().generation {
            return; // a newer change will publish
        }
        self.publish(snapshot).await;
    }

    /// The protocol's diagnostics of every file of a snapshot (converted off the runtime).
    pub(super) async fn converted(&self, snapshot: Arc<Snapshot>) -> Arc<Vec<FileDiagnostics>> {
        let converter = self.converter.clone();
        let converted = tokio::task::spawn_blocking(move || {
            catch_unwind(AssertUnwindSafe(|| {
                converter.lock().unwrap_or_else(PoisonError::into_inner).convert(&snapshot)
            }))
        })
        .await;
        match converted {
            Ok(Ok(files)) => files,
            _ => {
                self.log("evn: internal error while converting diagnostics".into());
                Arc::default()
            }
        }
    }

    async fn publish(&self, snapshot: Arc<Snapshot>) {
        let mut published = self.published.lock().await;
        if snapshot.generation < published.generation {
            return; // never let an older analysis overwrite a newer one
        }
        published.generation = snapshot.generation;
        if self.pull.load(Ordering::Relaxed) {
            // The client asks when it wants them; tell it they changed.
            let client = self.client.clone();
            tokio::spawn(async move { client.workspace_diagnostic_refresh().await });
            return;
        }
        let fresh = self.converted(snapshot).await;
        let mut sends: Vec<&FileDiagnostics> = Vec::new();
        // A list is sent when it changed, or for a new version of an open document
        // (each version gets its list, also when it is the same): not again for the
        // same version, as when the workspace's files finish reading after the open.
        for file in fresh.iter() {
            let same = published.diagnostics.get(&file.uri).is_some_and(|(version, old)| {
                *version == file.version
                    && (Arc::ptr_eq(old, &file.diagnostics) || old == &file.diagnostics)
            });
            if !same {
                sends.push(file);
            }
        }
        let present: std::collections::HashSet<&Uri> = fresh.iter().map(|f| &f.uri).collect();
        let gone: Vec<Uri> =
            published.diagnostics.keys().filter(|u| !present.contains(u)).cloned().collect();
        for uri in &gone {
            published.diagnostics.remove(uri);
        }
        for file in &sends {
            published
                .diagnostics
                .insert(file.uri.clone(), (file.version, file.diagnostics.clone()));
        }
        if !sends.is_empty() || !gone.is_empty() {
            // The lists replaced here were the last holders of the previous conversion.
            tokio::task::spawn_blocking(memory::release);
        }
        match &self.output {
            Some(output) => {
                // Serialised by the worker already, for the lists that changed.
                for file in sends {
                    let _ = output.send(Out::Shared(file.message()));
                }
                for uri in gone {
                    let _ = output.send(Out::Message(publish::message(&uri, &[], None)));
                }
            }
            None => {
                for file in sends {
                    self.client
                        .publish_diagnostics(
                            file.uri.clone(),
                            file.diagnostics.to_vec(),
                            file.version,
                        )
                        .await;
                }
                for uri in gone {
                    self.client.publish_diagnostics(uri, Vec::new(), None).await;
                }
            }
        }
    }
}
