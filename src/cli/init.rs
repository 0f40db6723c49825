//! `unisono init` and `unisono new`.

use clap::Args;
use std::path::Path;
use unisono::Error;
use unisono::workspace::Workspace;

pub fn init(dir: &Path) -> Result<u8, Error> {
    let written = unisono::init::init(dir)?;
    println!("Created a unisono workspace in {} ({} files) and ran `git init`.", dir.display(), written.len());
    let cd = if dir.components().all(|c| c == std::path::Component::CurDir) {
        String::new()
    } else {
        format!("cd {} && ", shell_quoted(&dir.display().to_string()))
    };
    println!("Next: `{cd}unisono check && unisono build`, then commit it with git (reviewers sign what is committed)");
    println!("and list your reviewers with their public SSH keys in reviewers.yaml (the README's tutorial shows how).");
    Ok(0)
}

/// `text` as one shell word: as it is when it needs no quoting, else in single quotes.
fn shell_quoted(text: &str) -> String {
    if !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric() || "._/-+:@%".contains(c)) {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

/// Arguments of `unisono new`.
#[derive(Args, Debug)]
#[command(group = clap::ArgGroup::new("what").required(true).args(["id", "translate"]))]
pub struct NewArgs {
    /// Id of the new master message ([a-z0-9][a-z0-9-]*).
    pub id: Option<String>,
    /// Product the message is about (a file in content/products/).
    #[arg(long, requires = "id")]
    pub product: Option<String>,
    /// Locale of the new message or translation (BCP 47, e.g. en-GB).
    #[arg(long)]
    pub locale: String,
    /// Write a translation of this master message instead.
    #[arg(long, value_name = "ID", conflicts_with = "id")]
    pub translate: Option<String>,
}

pub fn new(ws: &Workspace, args: &NewArgs) -> Result<u8, Error> {
    let loaded = unisono::project::Project::load(ws.worktree()?);
    let rel = match (&args.translate, &args.id) {
        (Some(master), _) => unisono::init::new_translation(&ws.root, &loaded.content, master, &args.locale)?,
        (None, Some(id)) => {
            let product =
                args.product.as_deref().ok_or_else(|| Error::usage("`unisono new <ID>` needs `--product P`"))?;
            unisono::init::new_message(&ws.root, &loaded.content, id, product, &args.locale)?
        }
        (None, None) => {
            return Err(Error::usage("name a message id, or `--translate ID`"));
        }
    };
    println!("Wrote {}", rel.display());
    Ok(0)
}
