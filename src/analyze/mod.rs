//! Analysis shared by every reader: dates, datelines, quotations, end markers and language.
//! Readers find where things are; these modules say what they mean.

pub mod chrome;
pub mod confidence;
pub mod credit;
pub mod date;
pub mod dateline;
pub mod language;
pub mod meta_date;
pub mod quote;
pub mod text;
