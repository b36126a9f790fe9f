//! One module per subcommand that does more than print.

pub mod convert;
