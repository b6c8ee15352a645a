//! Small components, one concern each.

pub mod asset_card;
pub mod asset_grid;
pub mod error_view;
pub mod face_editor;
pub mod face_list;
pub mod face_overlay;
pub mod load_more;
pub mod loading;
pub mod nav;
pub mod not_found;
pub mod people;
pub mod person_card;
pub mod person_name;
pub mod person_picker;

pub use asset_card::AssetCard;
pub use asset_grid::AssetGrid;
pub use error_view::ErrorView;
pub use face_list::FaceList;
pub use load_more::LoadMore;
pub use loading::Loading;
pub use nav::Nav;
pub use not_found::NotFoundView;
pub use person_card::PersonCard;
pub use person_name::PersonName;
pub use person_picker::{PersonPicker, PickerChoice};
