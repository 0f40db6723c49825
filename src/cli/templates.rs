//! `unisono templates list`, `eject NAME` and `diff NAME`.

use super::Format;
use clap::Subcommand;
use unisono::Error;
use unisono::init::templates;
use unisono::render::templates::Origin;
use unisono::workspace::Workspace;

/// What to do with templates.
#[derive(Subcommand, Debug)]
pub enum TemplatesCommand {
    /// Every template: built-in, or overridden by a file in templates/ (and whether that file differs from the built-in).
    List {
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Copy a built-in template into templates/ to customise it (never replaces a file).
    Eject {
        /// The template's name, e.g. email.mjml.tera (`templates list` shows them).
        name: String,
        /// Do not copy: record the current built-in as the origin of your existing templates/NAME (after comparing them with `templates diff NAME`).
        #[arg(long)]
        record: bool,
    },
    /// Show how templates/NAME differs from the built-in of the same name (a unified diff).
    Diff {
        /// The template's name.
        name: String,
    },
}

pub fn run(ws: &Workspace, cmd: &TemplatesCommand) -> Result<u8, Error> {
    let snap = ws.worktree()?;
    match cmd {
        TemplatesCommand::List { format } => {
            let entries = templates::list(&snap)?;
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&entries).unwrap_or_default()),
                Format::Human => {
                    for e in &entries {
                        let what = match e.origin {
                            Origin::BuiltIn => "built-in",
                            Origin::Same => "templates/ overrides the built-in (identical to it)",
                            Origin::Customised => "templates/ overrides the built-in (customised)",
                            Origin::Outdated => {
                                "templates/ overrides the built-in (customised; the built-in changed since it was ejected)"
                            }
                            Origin::Unrecorded => "templates/ overrides the built-in (differs; origin not recorded)",
                            Origin::Workspace => "templates/ only (no built-in of that name)",
                        };
                        println!("{:26} {what}", e.name);
                    }
                }
            }
            Ok(0)
        }
        TemplatesCommand::Eject { name, record } => {
            let rel = templates::eject(&ws.root, &snap, name, *record)?;
            if *record {
                println!("Recorded the current built-in as the origin of {}", rel.display());
            } else {
                println!(
                    "Wrote {} (a copy of the built-in; it now overrides it) and recorded its origin in templates/ejected.yaml",
                    rel.display()
                );
            }
            Ok(0)
        }
        TemplatesCommand::Diff { name } => {
            let diff = templates::diff(&snap, name)?;
            if diff.is_empty() {
                println!("templates/{} is the same as the built-in", name.trim_start_matches("templates/"));
            } else {
                print!("{diff}");
            }
            Ok(0)
        }
    }
}
