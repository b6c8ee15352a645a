use gumnut_types::{Asset, PersonId};
use gumnut_ui_core::{AppRoute, DisplaySize};
use leptos::prelude::*;

use super::face_overlay::FaceOverlay;

/// One photo in a grid: its thumbnail with face boxes, linking to the asset
/// page.
#[component]
pub fn AssetCard(
    /// The asset, read with `include=faces`.
    asset: Asset,
    /// Highlights this person's faces, as the person page does.
    #[prop(optional)]
    highlight_person: Option<PersonId>,
) -> impl IntoView {
    let href = AppRoute::asset(asset.id.clone()).href();
    let thumbnail = asset.variant_url(&["thumbnail", "thumbnail_image", "small"]).map(str::to_owned);
    let file_name = asset.original_file_name.clone().unwrap_or_else(|| asset.id.to_string());
    let size = DisplaySize::known(asset.width, asset.height);
    let face_count = asset.faces.as_ref().map_or(0, Vec::len);

    // Boxes are stored in the original upload's frame; they only line up
    // with an original rendering of known size.
    let overlay = match (size, asset.is_original(), asset.faces.clone()) {
        (Some(size), true, Some(faces)) if !faces.is_empty() => Some(match highlight_person {
            Some(person) => view! { <FaceOverlay faces size highlight_person=person/> }.into_any(),
            None => view! { <FaceOverlay faces size/> }.into_any(),
        }),
        _ => None,
    };

    let frame_class = match size {
        Some(size) if size.height > size.width => "asset-card__frame asset-card__frame--portrait",
        _ => "asset-card__frame",
    };
    // Set through the CSSOM (`style:`), which a `style-src 'self'` content
    // security policy allows, unlike a `style` attribute.
    let aspect_ratio = size.map(DisplaySize::aspect_ratio);
    let faces_label = match face_count {
        0 => "No faces".to_owned(),
        1 => "1 face".to_owned(),
        count => format!("{count} faces"),
    };

    let card_title = file_name.clone();
    let image_alt = file_name.clone();

    view! {
        <a class="asset-card" href=href data-asset-id=asset.id.to_string() title=card_title>
            <div class="asset-card__thumb">
                <div class=frame_class style:aspect-ratio=aspect_ratio>
                    {match thumbnail {
                        Some(url) => view! {
                            <img class="asset-card__image" src=url alt=image_alt loading="lazy"/>
                        }.into_any(),
                        None => view! { <div class="asset-card__missing">"No preview"</div> }.into_any(),
                    }}
                    {overlay}
                </div>
            </div>
            <div class="asset-card__meta">
                <span class="asset-card__name truncate">{file_name}</span>
                <span class="asset-card__faces">{faces_label}</span>
            </div>
        </a>
    }
}
