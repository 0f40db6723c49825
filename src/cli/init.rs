//! `unisono init` and `unisono new`.

use clap::Args;
use std::path::Path;
use unisono::Error;
use unisono::workspace::Workspace;

pub fn init(dir: &Path) -> Result<u8, Error> {
    let written = unisono::init::init(dir)?;
    println!("Created a unisono workspace in {} ({} files) and ran `git init`.", dir.display(), written.len());
    println!(
        "Next: add reviewers and their SSH keys to reviewers.yaml, then `cd {} && unisono check && unisono build`.",
        dir.display()
    );
    Ok(0)
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
