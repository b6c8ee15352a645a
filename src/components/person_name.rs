use leptos::prelude::*;

/// A person's name as plain text, truncated with an ellipsis by CSS and
/// kept whole in the tooltip; "Unnamed" when there is none. The name is a
/// `<bdi>`, so right-to-left letters or direction overrides in it never
/// reorder the text around it.
#[component]
pub fn PersonName(
    /// The name, or `None` for an unnamed person.
    name: Option<String>,
    /// Extra class for the text element.
    #[prop(optional, into)]
    class: String,
    /// `data-testid` of the text element, when a test needs it.
    #[prop(optional, into)]
    testid: Option<String>,
) -> impl IntoView {
    let unnamed = name.is_none();
    let text = name.unwrap_or_else(|| "Unnamed".to_owned());
    let class = if unnamed { format!("person-name person-name--unnamed truncate {class}") } else { format!("person-name truncate {class}") };

    let full_name = text.clone();

    // `dir="auto"` lays out right-to-left names, such as Hebrew or Arabic ones,
    // in their own direction.
    view! { <bdi class=class dir="auto" title=full_name data-testid=testid>{text}</bdi> }
}
