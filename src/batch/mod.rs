//! Batches: the parallel engine ([`engine`]), output names ([`naming`]) and the report
//! ([`report`]). Where inputs come from is [`crate::source`]'s; what a unit is converted
//! to, the commands'.

pub mod engine;
pub mod journal;
pub mod naming;
pub mod report;

pub use engine::{jobs_or_cores, run_ordered, run_ordered_accounting};
pub use naming::{in_shard, shard_key, stable_hash, Naming};
pub use report::{
    BatchReport, Confidence, DuplicateId, InputOutcome, LowConfidence, Outcome, Tally,
};
