//! Site profiles: chosen by flag, by host, or by CMS; checked when loaded; and a command
//! that shows what each selector matched.

use assert_cmd::Command;
use predicates::prelude::*;
use tempfile::TempDir;

const PAGE: &str = "fixtures/html/festival-gandrung.html";

fn profile_file(dir: &TempDir, name: &str, text: &str) -> String {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

fn convert(args: &[&str]) -> serde_json::Value {
    let out = Command::cargo_bin("arsip")
        .unwrap()
        .args(["convert", "--quiet", "--no-config"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn a_user_profile_decides_title_date_and_body() {
    let dir = TempDir::new().unwrap();
    let profile = profile_file(
        &dir,
        "portal.yaml",
        "name: Portal\ntitle: .tanggal\ndate: .tanggal\ndate_format: '%A, %d %B %Y'\nbody: .isi-berita\n",
    );
    // A deliberately odd title selector shows the profile wins over the page's <h1>.
    let article = convert(&["--profile", &profile, PAGE]);
    assert_eq!(article["title"], "Senin, 8 April 2019");
    assert_eq!(article["published"]["source"], "profile");
    assert_eq!(article["body"].as_array().unwrap().len(), 5);
}

#[test]
fn a_profile_selector_that_matches_nothing_says_so() {
    let dir = TempDir::new().unwrap();
    let profile = profile_file(&dir, "p.yaml", "name: Portal\nbody: .no-such-class\n");
    Command::cargo_bin("arsip")
        .unwrap()
        .args(["convert", "--no-config", "--profile", &profile, PAGE])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "profile `Portal`: body selector `.no-such-class` matched nothing; read without it",
        ));
    Command::cargo_bin("arsip")
        .unwrap()
        .args(["profile", "--profile", &profile, PAGE])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "body     .no-such-class  matched nothing",
        ));
}

#[test]
fn profiles_are_chosen_by_host_from_a_folder() {
    let dir = TempDir::new().unwrap();
    profile_file(
        &dir,
        "a-other.yaml",
        "name: Other\nhosts: [other.example]\nbody: .x\n",
    );
    profile_file(
        &dir,
        "b-portal.yaml",
        "name: Portal\nhosts: ['*.example.go.id']\ndate: .tanggal\ndate_format: '%A, %d %B %Y'\n",
    );
    let article = convert(&["--profile-dir", &dir.path().display().to_string(), PAGE]);
    assert_eq!(
        article["published"]["source"], "profile",
        "the canonical link's host picks b-portal"
    );
}

#[test]
fn bad_profiles_are_refused_up_front() {
    let dir = TempDir::new().unwrap();
    let profile = profile_file(&dir, "p.yaml", "name: Portal\nbody: 'div[['\n");
    Command::cargo_bin("arsip")
        .unwrap()
        .args(["convert", "--profile", &profile, PAGE])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "body: `div[[` is not a valid CSS selector",
        ));
}

#[test]
fn a_broken_profile_in_the_folder_is_refused_before_any_page() {
    // The folder is loaded once, before any input is read: a broken profile stops the run
    // with one line naming its file, even when no page would have been matched against it
    // (these pages carry no URL, so no profile of the folder applies to them).
    let profiles = TempDir::new().unwrap();
    profile_file(&profiles, "a-good.yaml", "name: Good\nhosts: [a.example]\n");
    let broken = profile_file(&profiles, "b-broken.yaml", "name: Broken\nbody: 'div[['\n");
    let out_dir = TempDir::new().unwrap();
    let out = Command::cargo_bin("arsip")
        .unwrap()
        .args(["convert", "--no-config", "--profile-dir"])
        .arg(profiles.path())
        .arg("--out-dir")
        .arg(out_dir.path())
        .args([
            "fixtures/html/genteng-tabel-1252.html",
            "fixtures/html/modern-baca-juga.html",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr.lines().count(),
        1,
        "one line for the run, not one per page: {stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "{broken}: body: `div[[` is not a valid CSS selector"
        )),
        "{stderr}"
    );
    assert_eq!(std::fs::read_dir(out_dir.path()).unwrap().count(), 0);
}

#[test]
fn built_in_profiles_fit_cms_pages() {
    Command::cargo_bin("arsip")
        .unwrap()
        .args(["profile", "fixtures/html/wordpress-vaksinasi.html"])
        .assert()
        .stdout(predicate::str::contains("profile `WordPress`"))
        .stdout(predicate::str::contains(
            "byline   .entry-meta .author, .byline .author  1 match(es): Humas Dinkes",
        ));
    let article = convert(&["fixtures/html/joomla-bibit-padi.html"]);
    assert_eq!(article["published"]["source"], "profile");
    assert_eq!(article["byline"], "Bagian Humas");
}
