//! Face editing on the asset page: the interactive overlay, drawing a new
//! box, the face actions and their dialogs.

pub mod actions;
mod dialogs;
mod drawing;
mod overlay;
mod shown;

pub use actions::FaceActions;
pub use dialogs::{ConfirmDelete, FaceDialog};
pub use drawing::{DraftPanel, DrawSurface, DrawState};
pub use overlay::EditableOverlay;
pub use shown::{ShownFace, face_label, shown_faces};
