//! The app's URLs. Components link only through [`AppRoute::href`], and the
//! router's pages read their state back with [`AppRoute::parse`], so a URL
//! pasted into a new tab shows the same page.

use gumnut_types::{AssetId, FaceId, NameFilter, PeopleSort, PersonId};

use crate::encoding::{decode_component, encode_component, parse_query_pairs};
use crate::query::Query;

/// List options of the people page that live in its URL, so a copied link
/// reproduces the view.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PeopleView {
    /// Sort order sent to the API.
    pub sort: PeopleSort,
    /// Name search sent to the API as `name`, as typed; empty means none.
    pub name: String,
    /// Named, unnamed or all people, sent to the API as `name_filter`. The
    /// default matches the API default: named people only.
    pub names: NameFilter,
    /// Whether hidden people are listed (dimmed) instead of filtered out.
    pub show_hidden: bool,
    /// Whether favorites are shown before everyone else.
    pub favorites_first: bool,
}

impl PeopleView {
    /// Returns the name search to send, or `None` when it is blank.
    pub fn name_query(&self) -> Option<&str> {
        let trimmed = self.name.trim();
        (!trimmed.is_empty()).then_some(trimmed)
    }

    /// Returns the sort to send. The API rejects name sorts together
    /// with `unnamed`, and every unnamed person ties in a name sort anyway,
    /// so the sort falls back to the default there.
    pub fn effective_sort(&self) -> PeopleSort {
        if self.names == NameFilter::Unnamed && self.sort.is_by_name() {
            PeopleSort::default()
        } else {
            self.sort
        }
    }
}

/// One page of the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AppRoute {
    /// `/`: the grid of all assets.
    Library,
    /// `/assets/:id`, optionally `?face=<face id>` to highlight one face.
    Asset { id: AssetId, face: Option<FaceId> },
    /// `/people`, with `?sort=`, `?q=`, `?names=`, `?hidden=show` and
    /// `?favorites=first`.
    People(PeopleView),
    /// `/people/:id`.
    Person(PersonId),
    /// `/settings`.
    Settings,
    /// Any other path.
    NotFound,
}

const HIDDEN_KEY: &str = "hidden";
const HIDDEN_SHOWN: &str = "show";
const NAME_KEY: &str = "q";
const NAMES_KEY: &str = "names";
const FAVORITES_KEY: &str = "favorites";
const FAVORITES_FIRST: &str = "first";

impl AppRoute {
    /// Builds the asset page route with no face selected.
    pub fn asset(id: AssetId) -> Self {
        AppRoute::Asset { id, face: None }
    }

    /// Builds the people page route with its default list options.
    pub fn people() -> Self {
        AppRoute::People(PeopleView::default())
    }

    /// Formats the path and query for this route, with ids and values percent-encoded.
    pub fn href(&self) -> String {
        match self {
            AppRoute::Library => "/".to_owned(),
            AppRoute::Asset { id, face } => {
                let path = format!("/assets/{}", encode_component(id.as_str()));
                Query::new().optional("face", face.as_ref().map(FaceId::as_str)).append_to(&path)
            }
            AppRoute::People(view) => {
                let sort = (view.sort != PeopleSort::default()).then(|| view.sort.as_str());
                let names = (view.names != NameFilter::default()).then(|| view.names.as_str());
                let name = (!view.name.is_empty()).then_some(view.name.as_str());
                let hidden = view.show_hidden.then_some(HIDDEN_SHOWN);
                let favorites = view.favorites_first.then_some(FAVORITES_FIRST);
                Query::new()
                    .optional("sort", sort)
                    .optional(NAME_KEY, name)
                    .optional(NAMES_KEY, names)
                    .optional(HIDDEN_KEY, hidden)
                    .optional(FAVORITES_KEY, favorites)
                    .append_to("/people")
            }
            AppRoute::Person(id) => format!("/people/{}", encode_component(id.as_str())),
            AppRoute::Settings => "/settings".to_owned(),
            AppRoute::NotFound => "/not-found".to_owned(),
        }
    }

    /// Reads a route from a path with an optional query and fragment, such
    /// as `/assets/asset_1?face=face_2`. Unknown paths, empty ids and extra
    /// segments give [`AppRoute::NotFound`]; unknown query values fall back
    /// to defaults.
    pub fn parse(path_and_query: &str) -> Self {
        let without_fragment = path_and_query.split('#').next().unwrap_or_default();
        let (path, query) = without_fragment.split_once('?').unwrap_or((without_fragment, ""));
        let pairs = parse_query_pairs(query);
        let first_value = |key: &str| {
            pairs.iter().find(|(name, _)| name == key).map(|(_, value)| value.as_str())
        };

        let segments: Vec<&str> = path.split('/').filter(|segment| !segment.is_empty()).collect();
        match segments.as_slice() {
            [] => AppRoute::Library,
            ["assets", id] => match decoded_id(id) {
                Some(id) => AppRoute::Asset {
                    id: AssetId::new(id),
                    face: first_value("face").filter(|face| !face.is_empty()).map(FaceId::new),
                },
                None => AppRoute::NotFound,
            },
            ["people"] => AppRoute::People(PeopleView {
                sort: first_value("sort").and_then(|sort| sort.parse().ok()).unwrap_or_default(),
                name: first_value(NAME_KEY).unwrap_or_default().to_owned(),
                names: first_value(NAMES_KEY).and_then(|names| names.parse().ok()).unwrap_or_default(),
                show_hidden: first_value(HIDDEN_KEY) == Some(HIDDEN_SHOWN),
                favorites_first: first_value(FAVORITES_KEY) == Some(FAVORITES_FIRST),
            }),
            ["people", id] => match decoded_id(id) {
                Some(id) => AppRoute::Person(PersonId::new(id)),
                None => AppRoute::NotFound,
            },
            ["settings"] => AppRoute::Settings,
            _ => AppRoute::NotFound,
        }
    }
}

fn decoded_id(segment: &str) -> Option<String> {
    let id = decode_component(segment);
    (!id.trim().is_empty()).then_some(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(route: AppRoute) {
        let href = route.href();
        assert_eq!(AppRoute::parse(&href), route, "href {href}");
    }

    #[test]
    fn every_route_round_trips() {
        round_trip(AppRoute::Library);
        round_trip(AppRoute::asset(AssetId::new("asset_EVDYwYYmiDoCVZiZnA5k5w")));
        round_trip(AppRoute::Asset {
            id: AssetId::new("asset_1"),
            face: Some(FaceId::new("face_nxS3BTriNXmqzFFW8ADKzf")),
        });
        round_trip(AppRoute::people());
        round_trip(AppRoute::People(PeopleView { sort: PeopleSort::NameAsc, show_hidden: true, ..PeopleView::default() }));
        round_trip(AppRoute::People(PeopleView {
            sort: PeopleSort::AssetCountAsc,
            name: "محمد & 🙂 Smiley?".to_owned(),
            names: NameFilter::All,
            show_hidden: false,
            favorites_first: true,
        }));
        round_trip(AppRoute::Person(PersonId::new("person_abc")));
        round_trip(AppRoute::Settings);
        round_trip(AppRoute::NotFound);
    }

    #[test]
    fn hostile_ids_are_encoded_and_round_trip() {
        let id = "person_../x?y=1&z#frag ü";
        let route = AppRoute::Person(PersonId::new(id));
        let href = route.href();
        assert!(!href["/people/".len()..].contains(['/', '?', '#', ' ']), "href {href}");
        round_trip(route);

        round_trip(AppRoute::Asset {
            id: AssetId::new("asset_a/b"),
            face: Some(FaceId::new("face_&face=other")),
        });
    }

    #[test]
    fn hrefs_are_plain_for_default_state() {
        assert_eq!(AppRoute::Library.href(), "/");
        assert_eq!(AppRoute::people().href(), "/people");
        assert_eq!(AppRoute::asset(AssetId::new("asset_1")).href(), "/assets/asset_1");
        assert_eq!(
            AppRoute::Asset { id: AssetId::new("asset_1"), face: Some(FaceId::new("face_2")) }.href(),
            "/assets/asset_1?face=face_2"
        );
    }

    #[test]
    fn trailing_slash_and_fragment_are_ignored() {
        assert_eq!(AppRoute::parse("/people/"), AppRoute::people());
        assert_eq!(AppRoute::parse("/settings#token=abc"), AppRoute::Settings);
        assert_eq!(AppRoute::parse(""), AppRoute::Library);
    }

    #[test]
    fn name_sort_with_unnamed_falls_back() {
        let view = PeopleView { sort: PeopleSort::NameAsc, names: NameFilter::Unnamed, ..PeopleView::default() };
        assert_eq!(view.effective_sort(), PeopleSort::CreatedAtDesc);

        let named = PeopleView { names: NameFilter::Named, ..view.clone() };
        assert_eq!(named.effective_sort(), PeopleSort::NameAsc);
    }

    #[test]
    fn blank_name_search_is_none() {
        let view = PeopleView { name: "   ".to_owned(), ..PeopleView::default() };
        assert_eq!(view.name_query(), None);
        let view = PeopleView { name: " דנה ".to_owned(), ..PeopleView::default() };
        assert_eq!(view.name_query(), Some("דנה"));
    }

    #[test]
    fn unknown_paths_are_not_found() {
        for path in ["/nope", "/assets", "/assets/a/b", "/people/a/b", "/assets/%20", "/settings/x"] {
            assert_eq!(AppRoute::parse(path), AppRoute::NotFound, "path {path}");
        }
    }

    #[test]
    fn bad_query_values_fall_back_to_defaults() {
        assert_eq!(AppRoute::parse("/people?sort=size&hidden=yes&names=some&favorites=1"), AppRoute::people());
        assert_eq!(AppRoute::parse("/assets/asset_1?face="), AppRoute::asset(AssetId::new("asset_1")));
    }
}
