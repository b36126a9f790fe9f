//! One module per subcommand that does more than print, and what they share: turning the
//! arguments into units of work, reading a unit into articles, and loading the rule
//! configuration.

pub mod batch;
pub mod check;
pub mod convert;
pub mod profile;
pub mod rules;

use std::path::Path;
use std::sync::Arc;

use anyhow::Context;

use arsip::config::{self, Loaded};
use arsip::read::{Input, InputFormat, Parsed, ReadError, ReadOptions};
use arsip::source::expand::{expand, Filter, ListingFailure, Located};
use arsip::source::units::{Archives, Identity, Plan, Units};
use arsip::source::Work;

use crate::cli::{InputOptions, Inputs, RuleOptions};

/// The inputs the arguments name, and what could not be listed; `written` (what the run
/// itself writes) is never taken from a folder.
pub fn locate(
    inputs: &Inputs,
    written: &[&std::path::Path],
) -> anyhow::Result<(Vec<Located>, Vec<ListingFailure>)> {
    locate_honouring(inputs, written, false, false)
}

/// [`locate`], for `check`: folders' ignore files (`.gitignore`, `.ignore`, `.arsipignore`)
/// honoured when `ignore_files` is set, and a site's resources (images, styles, …) left out
/// of the folders walked when `skip_site_resources` is.
pub fn locate_honouring(
    inputs: &Inputs,
    written: &[&std::path::Path],
    ignore_files: bool,
    skip_site_resources: bool,
) -> anyhow::Result<(Vec<Located>, Vec<ListingFailure>)> {
    let filter = Filter::new(&inputs.include, &inputs.exclude)
        .map_err(|e| anyhow::anyhow!("--include/--exclude: {e}"))?
        .leaving_out(written)
        .honouring_ignore_files(ignore_files)
        .skipping_site_resources(skip_site_resources);
    Ok(expand(&inputs.paths, &filter))
}

/// The list files the arguments name (`@list`), which are inputs too.
pub fn list_files(inputs: &Inputs) -> Vec<std::path::PathBuf> {
    inputs
        .paths
        .iter()
        .filter_map(|p| {
            p.to_str()?
                .strip_prefix('@')
                .filter(|l| *l != "-")
                .map(Into::into)
        })
        .collect()
}

/// The units of the located inputs. `split` reads streams of documents (JSON Lines, YAML
/// streams, NewsML messages) a document at a time; without it each file is one unit.
pub fn units(located: Vec<Located>, format: InputFormat, max_size: u64, split: bool) -> Units {
    units_of_shard(located, format, max_size, split, None)
}

/// [`units`] of one shard: the archive records that are not pages are counted only
/// where they fall in it, as the pages are taken.
pub fn units_of_shard(
    located: Vec<Located>,
    format: InputFormat,
    max_size: u64,
    split: bool,
    shard: Option<(u64, u64)>,
) -> Units {
    let archives = match format {
        InputFormat::Auto => Archives::Detect,
        other => other.archive().map_or(Archives::Never, Archives::Require),
    };
    let split = split.then(|| {
        Box::new(move |head: &[u8]| arsip::read::splitter_for(format, head))
            as arsip::source::units::SplitChoice
    });
    let counts = shard.map(|shard| {
        std::sync::Arc::new(move |archive: &str, url: Option<&str>, offset: u64| {
            let identity = Identity::Page {
                archive: Some(archive.into()),
                url: url.map(str::to_string),
                offset,
            };
            arsip::batch::in_shard(&arsip::batch::shard_key(&identity), shard)
        }) as std::sync::Arc<dyn Fn(&str, Option<&str>, u64) -> bool + Send + Sync>
    });
    Units::new(
        located,
        Plan {
            max_size,
            archives,
            split,
            counts,
        },
    )
}

/// Reads one unit into its articles; the command line's input options apply. A page of
/// an archive is HTML whatever `--from` said of the archive.
pub fn read_unit(
    work: Work,
    identity: &Identity,
    options: &ReadOptions,
    input_options: &InputOptions,
) -> Result<Vec<Parsed>, ReadError> {
    let mut input = work.load(input_options.max_size)?;
    // A page's HTTP header beats `--encoding`, as it would in a browser.
    if input.charset.is_none() {
        input.charset = input_options.encoding.clone();
    }
    input.base_url = input_options.base_url.clone();
    match identity {
        Identity::Page { .. } => read_page(&input, options),
        Identity::Document { .. } => arsip::read::read_document(&input, options),
        Identity::File { .. } | Identity::Stdin => arsip::read::read_all(&input, options),
    }
}

/// A page of an archive: HTML, whatever `--from` said of the archive.
pub fn read_page(input: &Input, options: &ReadOptions) -> Result<Vec<Parsed>, ReadError> {
    let page = ReadOptions {
        format: InputFormat::Html,
        ..options.clone()
    };
    arsip::read::read_all(input, &page)
}

/// The configuration in force: `--config`, else `arsip.yaml` found upwards from the current
/// folder, else the defaults; then the command line's own choices on top.
pub fn load_rules(options: &RuleOptions) -> anyhow::Result<Loaded> {
    let found = match (&options.config, options.no_config) {
        (Some(path), _) => Some(path.clone()),
        (None, false) => std::env::current_dir()
            .ok()
            .and_then(|cwd| config::discover(&cwd)),
        (None, true) => None,
    };
    let mut loaded = match found {
        Some(path) => config::load(&path)?,
        None => Loaded::defaults(),
    };
    config::apply_selection(
        &mut loaded.settings.selection,
        options.select.as_deref(),
        &options.ignore,
        &Default::default(),
    )
    .map_err(|(key, reason)| anyhow::anyhow!("--{key}: {reason}"))
    .context("bad rule selection")?;
    if let Some(now) = options.now {
        loaded.settings.now = now;
    }
    if let Some(language) = &options.message_language {
        if !arsip::rules::messages::is_supported(language) {
            anyhow::bail!(
                "--message-language: no messages in `{language}` (there are: {})",
                arsip::rules::messages::LANGUAGES
                    .iter()
                    .map(|(l, _)| *l)
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        loaded.settings.message_language = Some(language.clone());
    }
    Ok(loaded)
}

/// The read options the command line gives, with the profile loaded and checked once, and
/// the configured earliest plausible year (`min_year`) for dates read from a page's text.
pub fn read_options(
    format: InputFormat,
    options: &InputOptions,
    earliest_year: i16,
) -> anyhow::Result<ReadOptions> {
    check_input_options(options)?;
    use arsip::read::html::profile::{CompiledProfile, ProfileDir};
    let profile = options
        .profile
        .as_deref()
        .map(CompiledProfile::load)
        .transpose()?
        .map(Arc::new);
    let profile_dir = match &options.profile_dir {
        Some(dir) if !dir.is_dir() => {
            anyhow::bail!("{}: not a folder of profiles", dir.display())
        }
        Some(dir) => Some(Arc::new(ProfileDir::load(dir)?)),
        None => None,
    };
    Ok(ReadOptions {
        format,
        profile,
        profile_dir,
        earliest_year: Some(earliest_year),
    })
}

/// Input options that are wrong for every input are refused once, up front.
fn check_input_options(options: &InputOptions) -> anyhow::Result<()> {
    if let Some(label) = &options.encoding {
        if encoding_rs::Encoding::for_label(label.trim().as_bytes()).is_none() {
            anyhow::bail!("--encoding: `{label}` is not an encoding label (try utf-8, windows-1252, iso-8859-1)");
        }
    }
    if let Some(url) = &options.base_url {
        if url::Url::parse(url).is_err() {
            anyhow::bail!("--base-url: `{url}` is not an absolute URL");
        }
    }
    Ok(())
}

/// The line that says an input failed: `arsip: NAME: reason`, safe for a terminal.
pub fn failure_line(name: &dyn std::fmt::Display, reason: &str) -> String {
    use arsip::report::printable;
    format!(
        "arsip: {}: {}",
        printable(&name.to_string()),
        printable(reason)
    )
}

/// Prints a line on standard error, above a progress bar when one is shown.
pub fn say(progress: Option<&indicatif::ProgressBar>, line: String) {
    match progress {
        Some(bar) => bar.println(line),
        None => say!("{line}"),
    }
}

/// Refuses a file to write (`-o`, `--report`, `--write-baseline`) that would destroy an input or a list of
/// inputs, or cannot be a file.
pub fn refuse_inputs(
    path: &Path,
    flag: &str,
    inputs: &[Located],
    lists: &[std::path::PathBuf],
) -> anyhow::Result<()> {
    if path.is_dir() {
        anyhow::bail!(
            "{}: is a directory; {flag} takes a file name",
            path.display()
        );
    }
    // A pipe or device is written to, not replaced: it can be an input's name too.
    if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return Ok(());
    }
    let is_input = inputs.iter().any(|input| match input {
        Located::File(file) => same_file(&file.path, path),
        Located::Stdin => false,
    });
    if is_input || lists.iter().any(|list| same_file(list, path)) {
        anyhow::bail!(
            "{}: is also an input; arsip never overwrites its input ({flag})",
            path.display()
        );
    }
    Ok(())
}

/// Whether two paths name one file (through links, `..` and hard links alike).
pub fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(a), Ok(b)) = (std::fs::metadata(a), std::fs::metadata(b)) {
            return a.dev() == b.dev() && a.ino() == b.ino();
        }
    }
    matches!((a.canonicalize(), b.canonicalize()), (Ok(a), Ok(b)) if a == b)
}
