//! The filter editor offers groups down to the model's one nesting limit, and no deeper.

mod support;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use series_builder::model::*;
use series_builder::panels::filter_editor::{self, FilterContext};

fn editor(filter: Filter) -> Harness<'static, Filter> {
    let mut h = Harness::builder()
        .with_size(egui::vec2(900.0, 2000.0))
        .build_ui_state(
            |ui, filter: &mut Filter| {
                let cx = FilterContext {
                    content_blocks: &[],
                };
                filter_editor::show(ui, "test", "(everyone)", filter, &cx);
            },
            filter,
        );
    h.run();
    h
}

/// Opens the add menu of the innermost group (drawn first: groups draw their
/// items, then their own menu).
fn open_innermost_add_menu(h: &mut Harness<'static, Filter>) {
    h.query_all_by_label("+ Add condition")
        .next()
        .expect("an add menu")
        .click();
    h.run();
}

#[test]
fn groups_can_be_added_down_to_the_limit_and_no_deeper() {
    let mut h = editor(support::nested(
        Filter::type_is_user(),
        MAX_FILTER_DEPTH - 1,
    ));
    open_innermost_add_menu(&mut h);
    h.get_by_label("Group (any of)").click();
    h.run();
    assert_eq!(h.state().depth(), MAX_FILTER_DEPTH);

    let mut h = editor(support::nested(Filter::type_is_user(), MAX_FILTER_DEPTH));
    open_innermost_add_menu(&mut h);
    assert!(h.query_by_label("Attribute").is_some(), "the menu is open");
    assert!(
        h.query_by_label("Group (any of)").is_none(),
        "no group past {MAX_FILTER_DEPTH} deep"
    );
}
