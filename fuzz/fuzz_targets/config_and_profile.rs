//! `arsip.yaml` and site profiles, as users write them: typed errors, never a panic.
#![no_main]

use arsip::read::html::profile::Profile;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = arsip::config::parse(text, "arsip.yaml");
    if let Ok(profile) = Profile::parse(text, "profile.yaml") {
        let _ = profile.selectors();
        let _ = profile.matches_host("www.banyuwangikab.go.id");
    }
});
