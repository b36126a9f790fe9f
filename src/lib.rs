//! arsip turns old news-portal archives into clean, typed, validated data.
//!
//! Readers ([`read`]) turn input bytes into one [`Article`] model; analyzers ([`analyze`])
//! find dates, datelines, quotations and credits for every reader alike; writers
//! ([`write`]) turn articles into JSON, YAML and more.
//!
//! ```
//! use arsip::read::{read, Input, InputFormat};
//! use arsip::write::{to_string, OutputFormat};
//!
//! let text = "Jalan Baru Dibuka\n\nSenin, 1 April 2019 10.15 WIB\n\n\
//!             BANYUWANGI – “Jalan ini untuk warga,” ujar Anas. (*)\n";
//! let article = read(&Input::from_bytes(text, Some("jalan.txt")), InputFormat::Auto)?.article;
//! assert_eq!(article.published.as_ref().unwrap().offset.as_deref(), Some("+07:00"));
//! assert_eq!(article.quotes[0].speaker.as_deref(), Some("Anas"));
//! let json = to_string(&article, OutputFormat::Json);
//! assert!(json.contains("\"place\": \"Banyuwangi\""));
//! # Ok::<(), arsip::read::ReadError>(())
//! ```

pub mod analyze;
pub mod batch;
pub mod config;
pub mod model;
pub mod output;
pub mod read;
pub mod report;
pub mod rules;
pub mod schema;
pub mod source;
pub mod write;

pub use model::Article;
