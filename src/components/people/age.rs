use gumnut_types::{Asset, PersonId};
use gumnut_ui_core::person_fields::{Date, age_at_capture};

/// Computes the age at capture of each named person on `asset` who has a
/// birth date. The capture date is the wall-clock date of the asset's
/// `local_datetime`, never shifted by a time zone. People without a birth
/// date, unnamed people, and photos taken before a birth are left out.
pub fn ages_at_capture(asset: &Asset) -> Vec<(PersonId, u32)> {
    let Some(taken) = asset.local_datetime.as_deref() else {
        return Vec::new();
    };
    asset
        .people
        .iter()
        .flatten()
        .filter(|person| person.display_name().is_some())
        .filter_map(|person| {
            let birth = Date::parse(person.birth_date.as_deref()?).ok()?;
            let age = age_at_capture(birth, taken).ok()??;
            Some((person.id.clone(), age))
        })
        .collect()
}
