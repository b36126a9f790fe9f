//! Indonesia's provinces and regencies/cities, for checking dateline places.
//!
//! `data/gazetteer.tsv` is derived from the `idn-area-data` package's lists (ODbL 1.0; see
//! `data/GAZETTEER-LICENSE.md`): the administrative prefixes (`Kabupaten`, `Kota`,
//! `Kota Administrasi`) are dropped, since datelines print bare names. A test regenerates
//! it from `../shared/gazetteer` and fails when it drifts.

use std::collections::BTreeMap;

use crate::analyze::text::fold_letters;

const BUILTIN: &str = include_str!("../../data/gazetteer.tsv");

/// What kind of place a name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PlaceKind {
    Province,
    Regency,
    City,
    /// Added by the user's configuration.
    Configured,
    /// A well-known place outside Indonesia.
    Foreign,
    /// Indonesia itself, as in `JAKARTA, Indonesia —`.
    Country,
}

/// The answer to "is this a place?".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// Known, under this canonical name.
    Known(PlaceKind, String),
    /// Not known; the nearest known name, when one is close enough to be a misspelling.
    Unknown { nearest: Option<String> },
}

/// Place names by their folded form.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    places: BTreeMap<String, (PlaceKind, String)>,
}

/// Names the official list lacks but datelines use: Jakarta (a province of five cities),
/// Jogja, and the provinces' common abbreviations.
const ALIASES: &[(&str, &str)] = &[
    ("Jakarta", "Daerah Khusus Ibukota Jakarta"),
    ("Jogja", "Kota Yogyakarta"),
    ("Yogya", "Kota Yogyakarta"),
    ("Jogjakarta", "Kota Yogyakarta"),
    ("Yogyakarta", "Kota Yogyakarta"),
    ("DIY", "Daerah Istimewa Yogyakarta"),
    ("NAD", "Aceh"),
    ("Sumut", "Sumatera Utara"),
    ("Sumbar", "Sumatera Barat"),
    ("Sumsel", "Sumatera Selatan"),
    ("Babel", "Kepulauan Bangka Belitung"),
    ("Kepri", "Kepulauan Riau"),
    ("DKI", "Daerah Khusus Ibukota Jakarta"),
    ("Jabar", "Jawa Barat"),
    ("Jateng", "Jawa Tengah"),
    ("Jatim", "Jawa Timur"),
    ("NTB", "Nusa Tenggara Barat"),
    ("NTT", "Nusa Tenggara Timur"),
    ("Kalbar", "Kalimantan Barat"),
    ("Kalteng", "Kalimantan Tengah"),
    ("Kalsel", "Kalimantan Selatan"),
    ("Kaltim", "Kalimantan Timur"),
    ("Kaltara", "Kalimantan Utara"),
    ("Sulut", "Sulawesi Utara"),
    ("Sulteng", "Sulawesi Tengah"),
    ("Sulsel", "Sulawesi Selatan"),
    ("Sultra", "Sulawesi Tenggara"),
    ("Sulbar", "Sulawesi Barat"),
    ("Malut", "Maluku Utara"),
    ("Pabar", "Papua Barat"),
];

/// Foreign datelines common in Indonesian national media, in both spellings.
const FOREIGN: &[&str] = &[
    "Abu Dhabi",
    "Amsterdam",
    "Ankara",
    "Bangkok",
    "Beijing",
    "Berlin",
    "Brussel",
    "Brussels",
    "Kairo",
    "Cairo",
    "Canberra",
    "Davos",
    "Den Haag",
    "The Hague",
    "Dili",
    "Doha",
    "Dubai",
    "Jenewa",
    "Geneva",
    "Hanoi",
    "Hong Kong",
    "Islamabad",
    "Istanbul",
    "Jeddah",
    "Kuala Lumpur",
    "London",
    "Los Angeles",
    "Madinah",
    "Makkah",
    "Mekkah",
    "Manila",
    "Melbourne",
    "Moskow",
    "Moscow",
    "New Delhi",
    "New York",
    "Paris",
    "Phnom Penh",
    "Riyadh",
    "Roma",
    "Rome",
    "Seoul",
    "Singapura",
    "Singapore",
    "Sydney",
    "Taipei",
    "Teheran",
    "Tehran",
    "Tokyo",
    "Washington",
    "Wellington",
    "Yangon",
];

/// The bare name datelines use: `Kabupaten Banyuwangi` -> `Banyuwangi`.
pub fn bare_name(official: &str) -> &str {
    for prefix in [
        "Kabupaten Administrasi ",
        "Kota Administrasi ",
        "Kabupaten ",
        "Kota ",
    ] {
        if let Some(rest) = official.strip_prefix(prefix) {
            return rest;
        }
    }
    official
}

impl Gazetteer {
    /// The built-in list with its aliases and foreign places.
    pub fn builtin() -> Self {
        let mut places = BTreeMap::new();
        for line in BUILTIN
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
        {
            let mut parts = line.split('\t');
            let (Some(kind), Some(name)) = (parts.next(), parts.next()) else {
                continue;
            };
            let kind = match kind {
                "province" => PlaceKind::Province,
                "regency" => PlaceKind::Regency,
                _ => PlaceKind::City,
            };
            // A name that is both a regency and a city (Semarang, Malang) is valid as either;
            // the first kept is enough.
            places
                .entry(fold_letters(name))
                .or_insert((kind, name.to_string()));
            // `DKI Jakarta`, `Daerah Istimewa Yogyakarta`: the province is also said bare.
        }
        let mut gazetteer = Gazetteer { places };
        for (alias, target) in ALIASES {
            let known = gazetteer
                .places
                .get(&fold_letters(target))
                .or_else(|| gazetteer.places.get(&fold_letters(bare_name(target))))
                .cloned();
            let entry = known.unwrap_or((PlaceKind::Province, target.to_string()));
            gazetteer.places.insert(fold_letters(alias), entry);
        }
        gazetteer.places.insert(
            fold_letters("Indonesia"),
            (PlaceKind::Country, "Indonesia".to_string()),
        );
        for name in FOREIGN {
            gazetteer
                .places
                .insert(fold_letters(name), (PlaceKind::Foreign, name.to_string()));
        }
        gazetteer
    }

    /// Adds places from configuration (kecamatan, villages, local spellings).
    pub fn add_place(&mut self, name: &str) {
        self.places.insert(
            fold_letters(name),
            (PlaceKind::Configured, name.to_string()),
        );
    }

    /// Adds an alias for a known place, or for a new one.
    pub fn add_alias(&mut self, alias: &str, target: &str) {
        let entry = self
            .places
            .get(&fold_letters(target))
            .cloned()
            .unwrap_or((PlaceKind::Configured, target.to_string()));
        self.places.insert(fold_letters(alias), entry);
    }

    /// Looks a place up by its folded name; an unknown one gets the nearest Indonesian name
    /// within two edits, if exactly one is that close.
    pub fn lookup(&self, place: &str) -> Lookup {
        let key = fold_letters(place);
        if let Some((kind, name)) = self.places.get(&key) {
            return Lookup::Known(*kind, name.clone());
        }
        let limit = if key.chars().count() >= 7 { 2 } else { 1 };
        let mut best: Option<(usize, &str)> = None;
        let mut tie = false;
        for (candidate, (kind, name)) in &self.places {
            if *kind == PlaceKind::Foreign || candidate.len().abs_diff(key.len()) > limit {
                continue;
            }
            let distance = crate::analyze::quote::edit_distance(&key, candidate);
            if distance > limit {
                continue;
            }
            match best {
                Some((d, _)) if d < distance => {}
                Some((d, n)) if d == distance && n != name => tie = true,
                _ => {
                    tie = best.is_some_and(|(d, _)| d == distance);
                    best = Some((distance, name));
                }
            }
        }
        Lookup::Unknown {
            nearest: best.filter(|_| !tie).map(|(_, n)| n.to_string()),
        }
    }
}

/// Turns the official CSVs into `data/gazetteer.tsv`: `kind<TAB>bare name<TAB>province`.
pub fn derive_tsv(provinces_csv: &str, regencies_csv: &str) -> String {
    let mut provinces = BTreeMap::new();
    let mut out = String::from(
        "# Derived from idn-area-data 4.0.1 (ODbL 1.0): see data/GAZETTEER-LICENSE.md.\n\
         # kind\tname\tprovince\n",
    );
    for line in provinces_csv.lines().skip(1).filter(|l| !l.is_empty()) {
        if let Some((code, name)) = line.split_once(',') {
            provinces.insert(code.to_string(), name.trim().to_string());
            out.push_str(&format!("province\t{}\t\n", name.trim()));
        }
    }
    for line in regencies_csv.lines().skip(1).filter(|l| !l.is_empty()) {
        let mut parts = line.splitn(3, ',');
        let (Some(_code), Some(province), Some(name)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let name = name.trim();
        let kind = if name.starts_with("Kota") {
            "city"
        } else {
            "regency"
        };
        let province = provinces.get(province).map_or("", String::as_str);
        out.push_str(&format!("{kind}\t{}\t{province}\n", bare_name(name)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(g: &Gazetteer, place: &str) -> bool {
        matches!(g.lookup(place), Lookup::Known(..))
    }

    #[test]
    fn bare_names_spellings_and_aliases() {
        let g = Gazetteer::builtin();
        for place in [
            "Banyuwangi",
            "BANYUWANGI",
            "Semarang",
            "Bandarlampung",
            "Bandar Lampung",
            "Jakarta",
            "Jakarta Pusat",
            "Jogja",
            "Yogyakarta",
            "Jatim",
            "NTB",
            "Mataram",
            "Jawa Timur",
        ] {
            assert!(known(&g, place), "{place}");
        }
    }

    #[test]
    fn misspellings_get_the_nearest_name() {
        let g = Gazetteer::builtin();
        assert_eq!(
            g.lookup("Banyueangi"),
            Lookup::Unknown {
                nearest: Some("Banyuwangi".to_string())
            }
        );
        assert!(matches!(g.lookup("Paringin"), Lookup::Unknown { .. }));
        assert!(matches!(
            g.lookup("Los Angeles"),
            Lookup::Known(PlaceKind::Foreign, _)
        ));
    }

    #[test]
    fn configured_places_and_aliases() {
        let mut g = Gazetteer::builtin();
        g.add_place("Kemiren");
        g.add_alias("Bwi", "Banyuwangi");
        assert!(matches!(
            g.lookup("KEMIREN"),
            Lookup::Known(PlaceKind::Configured, _)
        ));
        assert!(matches!(
            g.lookup("Bwi"),
            Lookup::Known(PlaceKind::Regency, _)
        ));
    }
}
