//! The people grid, the merge and delete dialogs, and the person page's parts.

mod age;
mod bulk_move;
mod delete_dialog;
mod merge_dialog;
mod merge_panel;
mod people_grid;
mod person_edits;
mod person_faces;
mod person_header;

pub use age::ages_at_capture;
pub use delete_dialog::DeletePersonDialog;
pub use merge_dialog::MergeDialog;
pub use merge_panel::MergePanel;
pub use people_grid::PeopleGrid;
pub use person_faces::{PersonFaces, person_face_list};
pub use person_header::PersonHeader;
