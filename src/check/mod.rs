//! Stage 2: judge what authors wrote. Validates the loaded site into
//! dossiers, every problem a message naming file:line:column and the fix,
//! and `check --fix` mends what can be mended without asking.

pub mod fix;
pub mod validate;
