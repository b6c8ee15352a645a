use gumnut_types::{Face, FaceId, Page, Person, PersonId};
use gumnut_ui_core::journal::{Edit, PersonRef};
use gumnut_ui_core::person_fields::isolate_name;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::bulk_move::{BulkMoveStatus, BulkMover};
use super::person_edits::persist_person_edit;
use crate::api::ApiClient;
use crate::components::{ErrorView, LoadMore, Loading, PersonPicker, PickerChoice};
use crate::edits::EditsContext;
use crate::paging::{Cursor, PagedList};
use crate::session::SessionContext;

impl Cursor for Face {
    fn cursor(&self) -> String {
        self.id.to_string()
    }
}

/// Destination of the selected faces, chosen before the move is confirmed.
#[derive(Debug, Clone, PartialEq)]
enum MoveTarget {
    /// An existing person.
    Person(PersonRef),
    /// A person to create first, with this name (`None` for unnamed).
    NewPerson(Option<String>),
    /// No one: the faces keep their boxes and become unassigned.
    Detach,
}

impl MoveTarget {
    fn label(&self) -> String {
        match self {
            MoveTarget::Person(person) => format!("to {}", person.label()),
            MoveTarget::NewPerson(Some(name)) => format!("to a new person named {}", isolate_name(name)),
            MoveTarget::NewPerson(None) => "to a new unnamed person".to_owned(),
            MoveTarget::Detach => "off this person (they stay on the photos, unassigned)".to_owned(),
        }
    }
}

/// Builds the paginated list of a person's faces. It refetches after every
/// saved edit, so moved faces leave it.
///
/// Create it outside any view that re-renders when the person is
/// refetched: a list disposed while its page is awaited would panic.
pub fn person_face_list(person_id: Memo<Option<PersonId>>) -> PagedList<Face> {
    let session = expect_context::<SessionContext>();
    let edits = EditsContext::expect();
    PagedList::new(move |cursor: Option<String>| {
        let client = ApiClient::from_session(session);
        edits.revision();
        let person = person_id.try_get().flatten();
        async move {
            match person {
                Some(person) => client.list_person_faces(&person, cursor.map(FaceId::new).as_ref()).await,
                None => Ok(Page::empty()),
            }
        }
    })
}

/// The person's faces, paginated, with selection (click, shift-click for a
/// range, select all loaded), the cover choice and bulk moves.
#[component]
pub fn PersonFaces(
    /// The list from [`person_face_list`].
    faces: PagedList<Face>,
    /// The person as the server last returned them.
    #[prop(into)]
    person: Signal<Option<Person>>,
) -> impl IntoView {
    let session = expect_context::<SessionContext>();
    let edits = EditsContext::expect();
    let cover = Memo::new(move |_| person.with(|person| person.as_ref().and_then(|person| person.thumbnail_face_id.clone())));
    let loaded = Memo::new(move |_| {
        let Some(Ok(first)) = faces.first.get() else {
            return Vec::new();
        };
        let mut all = first.data;
        faces.more.with(|more| all.extend(more.iter().cloned()));
        all
    });

    // Whether the first page arrived or failed, without its content.
    let first_state = Memo::new(move |_| faces.first.get().map(|result| result.map(drop)));

    let selection = RwSignal::new(Vec::<FaceId>::new());
    let anchor = StoredValue::new(None::<usize>);
    // A refetched list drops faces that moved away, and so does the selection.
    Effect::new(move |_| {
        let ids: Vec<FaceId> = loaded.with(|faces| faces.iter().map(|face| face.id.clone()).collect());
        selection.update(|selected| selected.retain(|id| ids.contains(id)));
    });

    let on_face_click = Callback::new(move |(index, shift): (usize, bool)| {
        let range_start = anchor.get_value().filter(|_| shift);
        loaded.with_untracked(|faces| {
            let Some(face) = faces.get(index) else {
                return;
            };
            match range_start {
                Some(start) => {
                    let (low, high) = if start <= index { (start, index) } else { (index, start) };
                    selection.update(|selected| {
                        for face in faces.iter().take(high + 1).skip(low) {
                            if !selected.contains(&face.id) {
                                selected.push(face.id.clone());
                            }
                        }
                    });
                }
                None => selection.update(|selected| match selected.iter().position(|id| *id == face.id) {
                    Some(position) => {
                        selected.remove(position);
                    }
                    None => selected.push(face.id.clone()),
                }),
            }
        });
        anchor.set_value(Some(index));
    });

    let mover = BulkMover::new();
    let picker_open = RwSignal::new(false);
    let pending_target = RwSignal::new(None::<MoveTarget>);
    let move_error = RwSignal::new(None::<String>);

    let start_move = {
        move |_| {
            let Some(target) = pending_target.get_untracked() else {
                return;
            };
            let Some(from) = person.with_untracked(|person| person.as_ref().map(|person| person.id.clone())) else {
                return;
            };
            pending_target.set(None);
            move_error.set(None);
            let faces = selection.get_untracked();
            let client = ApiClient::from_session(session);
            spawn_local(async move {
                let to = match target {
                    MoveTarget::Person(person) => Some(person),
                    MoveTarget::Detach => None,
                    MoveTarget::NewPerson(name) => match client.create_person(name.as_deref()).await {
                        Ok(person) => Some(PersonRef::from_person(&person)),
                        Err(error) => {
                            move_error.set(Some(format!("Could not create the new person: {error}")));
                            return;
                        }
                    },
                };
                mover.start(client, faces, Some(from), to);
            });
        }
    };

    let on_pick = Callback::new(move |choice: PickerChoice| {
        picker_open.set(false);
        pending_target.set(Some(match choice {
            PickerChoice::Existing(person) => MoveTarget::Person(PersonRef { id: person.id, name: person.name }),
            PickerChoice::NewPerson(name) => MoveTarget::NewPerson(name),
            PickerChoice::Unassigned => MoveTarget::Detach,
        }));
    });

    let set_cover = {
        move |_| {
            let Some(face) = selection.get_untracked().first().cloned() else {
                return;
            };
            let Some(person_ref) = person.with_untracked(|person| person.as_ref().map(PersonRef::from_person)) else {
                return;
            };
            let edit = Edit::SetCover { person: person_ref, from: cover.get_untracked(), to: Some(face) };
            if edits.run(edit, persist_person_edit).is_ok() {
                selection.set(Vec::new());
            }
        }
    };

    let select_all = move |_| selection.set(loaded.with_untracked(|faces| faces.iter().map(|face| face.id.clone()).collect()));
    let selected_count = move || selection.with(Vec::len);
    let busy = move || mover.is_busy();
    let picker_current = move || person.with_untracked(|person| person.as_ref().map(|person| person.id.clone()));

    view! {
        <section class="person-faces" aria-labelledby="faces-title">
            <div class="section-header">
                <h2 class="section-title" id="faces-title">"Faces"</h2>
                <div class="toolbar bulk-bar" data-testid="bulk-bar">
                    <span class="count" data-testid="selected-faces">{move || format!("{} selected", selected_count())}</span>
                    <button type="button" class="button" data-testid="select-all-faces" on:click=select_all disabled=busy>"Select all loaded"</button>
                    <button type="button" class="button" data-testid="clear-selection" disabled=move || selected_count() == 0 || busy() on:click=move |_| selection.set(Vec::new())>"Clear"</button>
                    <button type="button" class="button" data-testid="set-cover" disabled=move || selected_count() != 1 || busy() on:click=set_cover title="Use the selected face as this person's picture">"Use as cover"</button>
                    <button type="button" class="button" data-testid="move-faces" disabled=move || selected_count() == 0 || busy() on:click=move |_| picker_open.set(true)>"Move to…"</button>
                    <button type="button" class="button" data-testid="move-to-new" disabled=move || selected_count() == 0 || busy() on:click=move |_| pending_target.set(Some(MoveTarget::NewPerson(None)))>"Move to new person"</button>
                    <button type="button" class="button" data-testid="detach-faces" disabled=move || selected_count() == 0 || busy() on:click=move |_| pending_target.set(Some(MoveTarget::Detach))>"Detach"</button>
                </div>
            </div>
            {move || pending_target.get().map(|target| {
                let count = selected_count();
                let noun = if count == 1 { "face" } else { "faces" };
                view! {
                    <div class="bulk-confirm" role="alertdialog" aria-label="Confirm the move" data-testid="bulk-confirm">
                        <p>{format!("Move {count} {noun} {}?", target.label())}</p>
                        <button type="button" class="button button--primary" data-testid="bulk-confirm-move" on:click=start_move.clone()>"Move"</button>
                        <button type="button" class="button" on:click=move |_| pending_target.set(None)>"Cancel"</button>
                    </div>
                }
            })}
            {move || move_error.get().map(|message| view! { <p class="field-error" role="alert">{message}</p> })}
            <BulkMoveStatus mover on_retry=move |_| mover.retry(ApiClient::from_session(session))/>
            // Rendered from `loaded`, which only changes when the faces do,
            // so a refetch after an unrelated edit keeps the tiles in place.
            {move || match first_state.get() {
                None => view! { <Loading subject="faces"/> }.into_any(),
                Some(Err(error)) => view! { <ErrorView error on_retry=move |_| faces.reload()/> }.into_any(),
                Some(Ok(())) => view! { <FaceTiles faces loaded selection cover on_face_click/> }.into_any(),
            }}
            <Show when=move || picker_open.get()>
                <PersonPicker
                    title=format!("Move {} faces to…", selection.get_untracked().len())
                    current=picker_current().unwrap_or_else(|| PersonId::new(""))
                    allow_unassigned=true
                    unassigned_note="The faces stay on their photos without a person."
                    on_choose=on_pick
                    on_cancel=move |_| picker_open.set(false)
                />
            </Show>
        </section>
    }
}

/// The face crops as toggle buttons, with the "Load more" button.
#[component]
fn FaceTiles(
    faces: PagedList<Face>,
    loaded: Memo<Vec<Face>>,
    selection: RwSignal<Vec<FaceId>>,
    cover: Memo<Option<FaceId>>,
    on_face_click: Callback<(usize, bool)>,
) -> impl IntoView {
    let first_page = move || match faces.first.try_get().flatten() {
        Some(Ok(page)) => Some(page),
        _ => None,
    };
    let has_more = Signal::derive(move || first_page().is_some_and(|page| faces.has_more(&page)));
    let on_load = move |_| {
        if let Some(page) = first_page() {
            faces.load_more(&page);
        }
    };

    view! {
        <Show when=move || loaded.with(Vec::is_empty)>
            <p class="empty">"No faces left on this person."</p>
        </Show>
        <div class="face-tiles" data-testid="person-faces">
            <For
                each=move || loaded.get().into_iter().enumerate()
                key=|(index, face)| (*index, face.id.clone())
                children=move |(index, face)| {
                    let id = face.id.clone();
                    let selected = Memo::new(move |_| selection.with(|selected| selected.contains(&id)));
                    let face_id = face.id.clone();
                    let is_cover = move || cover.with(|cover| cover.as_ref() == Some(&face_id));
                    let crop = face.thumbnail_url().map(str::to_owned);
                    view! {
                        <button
                            type="button"
                            class="face-tile"
                            class:face-tile--selected=move || selected.get()
                            data-face-tile=face.id.to_string()
                            aria-pressed=move || selected.get().to_string()
                            title="Click to select, Shift-click to select a range"
                            on:click=move |event: leptos::ev::MouseEvent| on_face_click.run((index, event.shift_key()))
                        >
                            {crop.map(|url| view! { <img src=url alt="" loading="lazy" decoding="async"/> })}
                            {move || is_cover().then(|| view! { <span class="face-tile__cover" data-testid="cover-badge">"Cover"</span> })}
                            <span class="face-tile__check" aria-hidden="true">"✓"</span>
                        </button>
                    }
                }
            />
        </div>
        <LoadMore has_more pending=faces.is_loading_more() error=faces.more_error on_load/>
    }
}
