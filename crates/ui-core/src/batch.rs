//! A bounded-concurrency plan for bulk requests, such as moving many faces to
//! one person: it hands out item indexes to start, never more than a fixed
//! number at once, and keeps each item's result.
//!
//! The plan performs no requests itself. The caller starts one request per
//! index from [`BatchPlan::next_to_start`] and reports back through
//! [`BatchPlan::complete`], which keeps the plan pure and deterministic.

use thiserror::Error;

/// Suggested number of requests in flight for bulk face moves: enough to
/// hide latency, few enough not to trip the server's rate limit.
pub const DEFAULT_MAX_IN_FLIGHT: usize = 4;

/// A misuse of the batch plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum BatchError {
    /// A plan must allow at least one request in flight.
    #[error("max in flight must be at least 1")]
    ZeroConcurrency,
    /// The index is not an item of this batch.
    #[error("item {index} is out of range: the batch has {len} items")]
    OutOfRange {
        /// The rejected index.
        index: usize,
        /// Number of items in the batch.
        len: usize,
    },
    /// A result arrived for an item that was not started, or already finished.
    #[error("item {index} is not in flight, so its result cannot be recorded")]
    NotInFlight {
        /// The rejected index.
        index: usize,
    },
}

/// State of one item of the batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemState<E> {
    /// Waiting to be started.
    Queued,
    /// Started and not yet completed.
    InFlight,
    /// Completed successfully.
    Succeeded,
    /// Completed with this error.
    Failed(E),
}

/// The state machine of one batch. `E` is the error kept for failed items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchPlan<E> {
    items: Vec<ItemState<E>>,
    max_in_flight: usize,
    in_flight: usize,
}

impl<E> BatchPlan<E> {
    /// Plans `item_count` items with at most `max_in_flight` running at once.
    pub fn new(item_count: usize, max_in_flight: usize) -> Result<Self, BatchError> {
        if max_in_flight == 0 {
            return Err(BatchError::ZeroConcurrency);
        }
        let items = (0..item_count).map(|_| ItemState::Queued).collect();
        Ok(Self {
            items,
            max_in_flight,
            in_flight: 0,
        })
    }

    /// Marks the lowest queued item as in flight and returns its index, or
    /// `None` when the limit is reached or nothing is queued.
    pub fn next_to_start(&mut self) -> Option<usize> {
        if self.in_flight >= self.max_in_flight {
            return None;
        }
        let index = self
            .items
            .iter()
            .position(|state| matches!(state, ItemState::Queued))?;
        self.items[index] = ItemState::InFlight;
        self.in_flight += 1;
        Some(index)
    }

    /// Starts as many items as the limit allows and returns their indexes.
    pub fn start_available(&mut self) -> Vec<usize> {
        std::iter::from_fn(|| self.next_to_start()).collect()
    }

    /// Records the result of an in-flight item.
    pub fn complete(&mut self, index: usize, result: Result<(), E>) -> Result<(), BatchError> {
        let len = self.items.len();
        let state = self
            .items
            .get_mut(index)
            .ok_or(BatchError::OutOfRange { index, len })?;
        if !matches!(state, ItemState::InFlight) {
            return Err(BatchError::NotInFlight { index });
        }

        *state = match result {
            Ok(()) => ItemState::Succeeded,
            Err(error) => ItemState::Failed(error),
        };
        self.in_flight -= 1;
        Ok(())
    }

    /// Puts every failed item back in the queue and returns how many.
    pub fn retry_failed(&mut self) -> usize {
        let mut requeued = 0;
        for state in &mut self.items {
            if matches!(state, ItemState::Failed(_)) {
                *state = ItemState::Queued;
                requeued += 1;
            }
        }
        requeued
    }

    /// Returns the state of one item.
    pub fn state(&self, index: usize) -> Option<&ItemState<E>> {
        self.items.get(index)
    }

    /// Returns the number of items in the batch.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Returns whether the batch has no items.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Counts the items started and not yet completed.
    pub fn in_flight_count(&self) -> usize {
        self.in_flight
    }

    /// Counts the items that succeeded.
    pub fn succeeded_count(&self) -> usize {
        self.items
            .iter()
            .filter(|state| matches!(state, ItemState::Succeeded))
            .count()
    }

    /// Lists the failed items with their errors, by index.
    pub fn failures(&self) -> Vec<(usize, &E)> {
        self.items
            .iter()
            .enumerate()
            .filter_map(|(index, state)| match state {
                ItemState::Failed(error) => Some((index, error)),
                _ => None,
            })
            .collect()
    }

    /// Computes the share of items that completed (succeeded or failed), 0–1. An empty
    /// batch is complete.
    pub fn progress(&self) -> f64 {
        if self.items.is_empty() {
            return 1.0;
        }
        let finished = self
            .items
            .iter()
            .filter(|state| matches!(state, ItemState::Succeeded | ItemState::Failed(_)))
            .count();
        finished as f64 / self.items.len() as f64
    }

    /// Returns whether every item completed, successfully or not.
    pub fn is_finished(&self) -> bool {
        self.items
            .iter()
            .all(|state| matches!(state, ItemState::Succeeded | ItemState::Failed(_)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_concurrency_is_rejected() {
        assert_eq!(
            BatchPlan::<String>::new(3, 0),
            Err(BatchError::ZeroConcurrency)
        );
    }

    #[test]
    fn empty_batch_is_finished() {
        let mut plan = BatchPlan::<String>::new(0, 4).unwrap();
        assert!(plan.is_finished());
        assert_eq!(plan.progress(), 1.0);
        assert_eq!(plan.next_to_start(), None);
    }

    #[test]
    fn starts_up_to_limit() {
        let mut plan = BatchPlan::<String>::new(10, 4).unwrap();
        assert_eq!(plan.start_available(), vec![0, 1, 2, 3]);
        assert_eq!(plan.next_to_start(), None);
        assert_eq!(plan.in_flight_count(), 4);
    }

    #[test]
    fn completion_frees_a_slot() {
        let mut plan = BatchPlan::<String>::new(10, 4).unwrap();
        plan.start_available();
        plan.complete(2, Ok(())).unwrap();
        assert_eq!(plan.next_to_start(), Some(4));
        assert_eq!(plan.next_to_start(), None);
    }

    #[test]
    fn fewer_items_than_limit() {
        let mut plan = BatchPlan::<String>::new(2, 4).unwrap();
        assert_eq!(plan.start_available(), vec![0, 1]);
        assert_eq!(plan.next_to_start(), None);
    }

    #[test]
    fn in_flight_never_exceeds_limit() {
        let mut plan = BatchPlan::<String>::new(50, 4).unwrap();
        let mut running = plan.start_available();
        let mut finished = 0;
        while let Some(index) = running.pop() {
            // Fail every seventh item to mix outcomes.
            let result = if index % 7 == 0 {
                Err(format!("item {index}"))
            } else {
                Ok(())
            };
            plan.complete(index, result).unwrap();
            finished += 1;
            running.extend(plan.start_available());
            assert!(plan.in_flight_count() <= 4);
            assert_eq!(plan.in_flight_count(), running.len());
        }
        assert_eq!(finished, 50);
        assert!(plan.is_finished());
        assert_eq!(plan.failures().len(), 8);
        assert_eq!(plan.succeeded_count(), 42);
    }

    #[test]
    fn progress_counts_finished_items() {
        let mut plan = BatchPlan::new(4, 2).unwrap();
        plan.start_available();
        assert_eq!(plan.progress(), 0.0);
        plan.complete(0, Ok(())).unwrap();
        plan.complete(1, Err("offline")).unwrap();
        assert_eq!(plan.progress(), 0.5);
        assert!(!plan.is_finished());
    }

    #[test]
    fn failures_keep_errors() {
        let mut plan = BatchPlan::new(3, 3).unwrap();
        plan.start_available();
        plan.complete(0, Err("not found")).unwrap();
        plan.complete(1, Ok(())).unwrap();
        plan.complete(2, Err("rate limited")).unwrap();
        assert_eq!(
            plan.failures(),
            vec![(0, &"not found"), (2, &"rate limited")]
        );
        assert_eq!(plan.state(1), Some(&ItemState::Succeeded));
    }

    #[test]
    fn retry_failed_requeues_only_failures() {
        let mut plan = BatchPlan::new(4, 4).unwrap();
        plan.start_available();
        plan.complete(0, Ok(())).unwrap();
        plan.complete(1, Err("timed out")).unwrap();
        plan.complete(3, Err("timed out")).unwrap();

        assert_eq!(plan.retry_failed(), 2);
        assert_eq!(plan.state(2), Some(&ItemState::InFlight));
        assert_eq!(plan.progress(), 0.25);
        assert!(plan.failures().is_empty());

        // Item 2 is still running, so the two requeued items join it.
        assert_eq!(plan.start_available(), vec![1, 3]);
        assert_eq!(plan.in_flight_count(), 3);
    }

    #[test]
    fn retry_with_nothing_failed() {
        let mut plan = BatchPlan::<String>::new(2, 1).unwrap();
        assert_eq!(plan.retry_failed(), 0);
        assert_eq!(plan.next_to_start(), Some(0));
    }

    #[test]
    fn completing_unstarted_item_fails() {
        let mut plan = BatchPlan::<String>::new(3, 1).unwrap();
        plan.next_to_start();
        assert_eq!(
            plan.complete(2, Ok(())),
            Err(BatchError::NotInFlight { index: 2 })
        );
        assert_eq!(plan.in_flight_count(), 1);
    }

    #[test]
    fn double_completion_fails() {
        let mut plan = BatchPlan::<String>::new(3, 2).unwrap();
        plan.start_available();
        plan.complete(0, Ok(())).unwrap();
        assert_eq!(
            plan.complete(0, Ok(())),
            Err(BatchError::NotInFlight { index: 0 })
        );
        assert_eq!(plan.in_flight_count(), 1);
    }

    #[test]
    fn out_of_range_index_fails() {
        let mut plan = BatchPlan::<String>::new(3, 2).unwrap();
        assert_eq!(
            plan.complete(3, Ok(())),
            Err(BatchError::OutOfRange { index: 3, len: 3 })
        );
        assert_eq!(plan.state(3), None);
    }
}
