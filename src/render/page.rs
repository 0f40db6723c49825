//! The `page` kind: a standalone, accessible HTML5 landing page.

use super::{ChannelRenderer, Files, RenderContext, RenderEnv, tera_context};
use crate::diag::Diagnostic;
use crate::model::ChannelKind;

/// Renders `index.html`.
pub struct Page;

impl ChannelRenderer for Page {
    fn kind(&self) -> ChannelKind {
        ChannelKind::Page
    }

    fn shows_body(&self) -> bool {
        true
    }

    fn render(&self, ctx: &RenderContext, env: &RenderEnv<'_>) -> Result<Files, Diagnostic> {
        let html = env.template("html", &tera_context(ctx))?;
        Ok(Files::from([("index.html".to_string(), html.into_bytes())]))
    }
}
