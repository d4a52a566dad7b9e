//! Categories and tags: the two ways articles are grouped. Each file holds one table's
//! reads for the site and API and the admin edits that keep old URLs redirecting.

mod categories;
mod category_tree;
mod tags;

pub use categories::{CategoryFields, CategoryUse};
pub use category_tree::NewCategory;
pub(crate) use category_tree::{child_path, insert_category};
pub use tags::{NewTag, TagList, TagUsage};
pub(crate) use tags::{insert_tag, tag_by_name};
