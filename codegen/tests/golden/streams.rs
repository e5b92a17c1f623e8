/// The stream types of the list operations, by name: `ListWidgetItems<'a>` is what
/// `client.list_widget().stream()` returns, `ListWidgetPages<'a>` what `.pages()`
/// returns.
pub mod streams {
    ///The [`Widget`](super::types::Widget)s of [`ListWidget::stream`](super::builder::ListWidget::stream), across pages.
    pub type ListWidgetItems<'a> = ::twilio_runtime::__generated::Items<
        'a,
        super::types::ListWidgetResponse,
    >;
    ///The pages of [`ListWidget::pages`](super::builder::ListWidget::pages) ([`ListWidgetResponse`](super::types::ListWidgetResponse)s).
    pub type ListWidgetPages<'a> = ::twilio_runtime::__generated::Pages<
        'a,
        super::types::ListWidgetResponse,
    >;
}
