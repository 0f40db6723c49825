//! The default Tera templates, embedded in the binary (from `templates/`).

/// Default templates by file name.
pub const DEFAULTS: &[(&str, &str)] = &[];
