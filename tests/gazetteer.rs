//! `data/gazetteer.tsv` is exactly what the official lists in `../shared/gazetteer` give.

mod common;

#[test]
fn shipped_gazetteer_matches_the_official_lists() {
    let Some(provinces) = common::shared_file("gazetteer/provinces.csv") else {
        return;
    };
    let Some(regencies) = common::shared_file("gazetteer/regencies.csv") else {
        return;
    };
    let derived = arsip::rules::gazetteer::derive_tsv(
        &std::fs::read_to_string(provinces).unwrap(),
        &std::fs::read_to_string(regencies).unwrap(),
    );
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/gazetteer.tsv");
    if std::env::var("ARSIP_BLESS").is_ok_and(|v| v == "1") {
        std::fs::write(&path, &derived).unwrap();
    }
    let shipped = std::fs::read_to_string(&path).unwrap();
    assert!(
        shipped == derived,
        "data/gazetteer.tsv differs from ../shared/gazetteer; run `ARSIP_BLESS=1 cargo test --test gazetteer`"
    );
    assert_eq!(
        shipped.lines().filter(|l| !l.starts_with('#')).count(),
        38 + 514
    );
}
