//! When diagnostics are published: as soon as the analysis of the newest text is ready,
//! held after the change that asked for them only as long as an analysis takes lately
//! (at most [`MAX_HOLD`]). A fast analysis (a few milliseconds on a 10,000-claim
//! document) is therefore published at once; on a large set, a change that arrives
//! while an analysis runs or during the hold makes that result stale, and stale results
//! are never published, so a burst of typing coalesces into one publication after it.
//! (A fixed 150 ms debounce made every keystroke wait 150 ms for a 6 ms analysis.)

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The longest a ready result waits for typing to pause.
pub const MAX_HOLD: Duration = Duration::from_millis(150);

/// How many recent analyses the estimate looks at.
const RECENT: usize = 3;

/// The durations of the last analyses, and what they say about the next one.
#[derive(Default)]
pub struct Pace {
    recent: Mutex<[Option<Duration>; RECENT]>,
}

impl Pace {
    /// Records how long an analysis of a generation took (with its diagnostics
    /// converted and serialised).
    pub fn record(&self, took: Duration) {
        let mut recent = self.recent.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        recent.rotate_right(1);
        recent[0] = Some(took);
    }

    /// How long a result is held after the change it answers: the shortest of the last
    /// analyses (a change that comes sooner than that is the start of a burst, and a
    /// single slow analysis, such as the first of a workspace, does not hold the fast
    /// ones after it), at most [`MAX_HOLD`]; nothing before any analysis.
    pub fn hold(&self) -> Duration {
        let recent = self.recent.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        recent.iter().flatten().min().copied().unwrap_or_default().min(MAX_HOLD)
    }

    /// When the result of a change made at `changed` may be published (it is also never
    /// published before it is ready).
    pub fn publish_at(&self, changed: Instant) -> Instant {
        changed + self.hold()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn the_hold_follows_the_shortest_recent_analysis_and_is_capped() {
        let pace = Pace::default();
        assert_eq!(pace.hold(), Duration::ZERO, "nothing to wait for before any analysis");
        pace.record(ms(3000)); // the first analysis of a large workspace
        assert_eq!(pace.hold(), MAX_HOLD);
        pace.record(ms(6));
        assert_eq!(pace.hold(), ms(6), "one fast analysis is enough to publish at once");
        pace.record(ms(80));
        pace.record(ms(90));
        assert_eq!(pace.hold(), ms(6));
        pace.record(ms(70));
        assert_eq!(pace.hold(), ms(70), "only the last three count");
        let now = Instant::now();
        assert_eq!(pace.publish_at(now), now + ms(70));
    }
}
