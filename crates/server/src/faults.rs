//! Fault injection for exercising client retries: server errors, 429s with
//! `Retry-After`, latency, and dropped connections. Off unless configured.
//!
//! Errors and 429s are returned before the handler runs, so nothing is
//! written. A dropped connection happens after the handler ran: the edit
//! persisted but the client sees a network error, the ambiguous failure a
//! real network produces.

use std::sync::Mutex;
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// Fault settings at start; [`FaultConfig::default`] injects nothing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FaultConfig {
    /// Share of `/api` requests that fail with `fail_status` (0–1).
    pub error_rate: f64,
    /// Share of `/api` requests rejected with 429 (0–1).
    pub rate_limit_rate: f64,
    /// `Retry-After` seconds sent with a 429.
    pub retry_after_secs: u64,
    /// Delay added to every `/api` request, in milliseconds.
    pub latency_ms: u64,
    /// Share of `/api` requests whose connection is dropped after the
    /// handler ran (0–1).
    pub drop_rate: f64,
    /// Seed of the random source, for reproducible fault sequences.
    pub seed: Option<u64>,
}

impl Default for FaultConfig {
    fn default() -> Self {
        FaultConfig {
            error_rate: 0.0,
            rate_limit_rate: 0.0,
            retry_after_secs: 1,
            latency_ms: 0,
            drop_rate: 0.0,
            seed: None,
        }
    }
}

/// The live settings as `POST /__test/faults` returns them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FaultSettings {
    pub fail_next: u32,
    pub fail_status: u16,
    pub error_rate: f64,
    pub rate_limit_rate: f64,
    pub retry_after_secs: u64,
    pub latency_ms: u64,
    pub drop_rate: f64,
    pub seed: Option<u64>,
}

/// Body of `POST /__test/faults`: every field optional, merged into the
/// live settings.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultUpdate {
    pub fail_next: Option<u32>,
    pub fail_status: Option<u16>,
    pub error_rate: Option<f64>,
    pub rate_limit_rate: Option<f64>,
    pub retry_after_secs: Option<u64>,
    pub latency_ms: Option<u64>,
    pub drop_rate: Option<f64>,
    pub seed: Option<u64>,
}

/// The fault decision for one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FaultDecision {
    pub latency: Duration,
    /// Status to return instead of running the handler.
    pub fail_status: Option<u16>,
    pub retry_after_secs: u64,
    /// Run the handler, then drop the connection.
    pub drop: bool,
}

/// Shared fault state.
#[derive(Debug)]
pub struct Faults {
    state: Mutex<State>,
}

#[derive(Debug)]
struct State {
    settings: FaultSettings,
    random: u64,
}

const DEFAULT_FAIL_STATUS: u16 = 500;

impl Faults {
    /// Live state from the start-up configuration.
    pub fn new(config: &FaultConfig) -> Self {
        let settings = FaultSettings {
            fail_next: 0,
            fail_status: DEFAULT_FAIL_STATUS,
            error_rate: config.error_rate,
            rate_limit_rate: config.rate_limit_rate,
            retry_after_secs: config.retry_after_secs,
            latency_ms: config.latency_ms,
            drop_rate: config.drop_rate,
            seed: config.seed,
        };
        let random = seed_state(config.seed);
        Faults {
            state: Mutex::new(State { settings, random }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic while holding this lock cannot leave the settings half
        // written, so a poisoned lock is still usable.
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Returns the current settings.
    pub fn settings(&self) -> FaultSettings {
        self.lock().settings.clone()
    }

    /// Merges an update; rates are clamped to 0–1.
    pub fn update(&self, update: FaultUpdate) -> FaultSettings {
        let clamp_rate = |value: f64| {
            if value.is_finite() {
                value.clamp(0.0, 1.0)
            } else {
                0.0
            }
        };
        let mut state = self.lock();

        let settings = &mut state.settings;
        settings.fail_next = update.fail_next.unwrap_or(settings.fail_next);
        settings.fail_status = update.fail_status.unwrap_or(settings.fail_status);
        settings.error_rate = update.error_rate.map_or(settings.error_rate, clamp_rate);
        settings.rate_limit_rate = update
            .rate_limit_rate
            .map_or(settings.rate_limit_rate, clamp_rate);
        settings.retry_after_secs = update.retry_after_secs.unwrap_or(settings.retry_after_secs);
        settings.latency_ms = update.latency_ms.unwrap_or(settings.latency_ms);
        settings.drop_rate = update.drop_rate.map_or(settings.drop_rate, clamp_rate);

        if let Some(seed) = update.seed {
            state.settings.seed = Some(seed);
            state.random = seed_state(Some(seed));
        }
        state.settings.clone()
    }

    /// Turns every fault off.
    pub fn clear(&self) -> FaultSettings {
        let mut state = self.lock();
        let seed = state.settings.seed;
        state.settings = Faults::new(&FaultConfig {
            seed,
            retry_after_secs: 1,
            ..FaultConfig::default()
        })
        .settings();
        state.settings.clone()
    }

    /// Decides the fate of one `/api` request.
    pub fn decide(&self) -> FaultDecision {
        let mut state = self.lock();
        let settings = state.settings.clone();
        let mut decision = FaultDecision {
            latency: Duration::from_millis(settings.latency_ms),
            retry_after_secs: settings.retry_after_secs,
            ..FaultDecision::default()
        };

        if settings.fail_next > 0 {
            state.settings.fail_next -= 1;
            decision.fail_status = Some(settings.fail_status);
            return decision;
        }
        if settings.rate_limit_rate > 0.0 && next_unit(&mut state.random) < settings.rate_limit_rate
        {
            decision.fail_status = Some(429);
            return decision;
        }
        if settings.error_rate > 0.0 && next_unit(&mut state.random) < settings.error_rate {
            decision.fail_status = Some(settings.fail_status);
            return decision;
        }
        decision.drop =
            settings.drop_rate > 0.0 && next_unit(&mut state.random) < settings.drop_rate;
        decision
    }
}

fn seed_state(seed: Option<u64>) -> u64 {
    seed.unwrap_or_else(|| crate::ids::random_u128() as u64)
}

/// SplitMix64, mapped to [0, 1). Enough for fault rates; not for secrets.
fn next_unit(state: &mut u64) -> f64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut value = *state;
    value = (value ^ (value >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    value = (value ^ (value >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    value ^= value >> 31;
    (value >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fail_next_counts_down() {
        let faults = Faults::new(&FaultConfig::default());
        faults.update(FaultUpdate {
            fail_next: Some(2),
            fail_status: Some(503),
            ..FaultUpdate::default()
        });
        assert_eq!(faults.decide().fail_status, Some(503));
        assert_eq!(faults.decide().fail_status, Some(503));
        assert_eq!(faults.decide().fail_status, None);
    }

    #[test]
    fn seeded_rates_are_reproducible() {
        let config = FaultConfig {
            error_rate: 0.5,
            seed: Some(7),
            ..FaultConfig::default()
        };
        let first: Vec<_> = (0..32)
            .map({
                let faults = Faults::new(&config);
                move |_| faults.decide().fail_status
            })
            .collect();
        let second: Vec<_> = (0..32)
            .map({
                let faults = Faults::new(&config);
                move |_| faults.decide().fail_status
            })
            .collect();
        assert_eq!(first, second);
        assert!(first.iter().any(Option::is_some));
        assert!(first.iter().any(Option::is_none));
    }

    #[test]
    fn default_injects_nothing() {
        let faults = Faults::new(&FaultConfig::default());
        for _ in 0..100 {
            assert_eq!(
                faults.decide(),
                FaultDecision {
                    retry_after_secs: 1,
                    ..FaultDecision::default()
                }
            );
        }
    }
}
