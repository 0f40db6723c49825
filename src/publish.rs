//! `unisono publish` and the withdrawal list: the edges that ship.

use crate::Error;
use crate::workspace::Workspace;

/// Every published artifact of message `id` (in `locale`, or every locale)
/// listed in the publish manifests found for the workspace.
pub fn withdrawal_list(_ws: &Workspace, _id: &str, _locale: Option<&str>) -> Result<Vec<String>, Error> {
    Ok(Vec::new())
}
