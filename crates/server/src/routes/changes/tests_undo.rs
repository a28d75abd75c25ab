//! The saved access tests an undo puts back ([`TestUndo`]): checked against the tests stored
//! in the write turn ([`gatehouse_app::check_test_undo`]), written with the test store and
//! audited in the undo's change set, so the undo is all of it or nothing.

use gatehouse_app::{check_test_undo, SavedTest, TestUndo, TestUndoConflict};
use sqlx::AnyConnection;

use crate::error::ApiError;
use crate::routes::context::{audit, Audited, Author, PolicyContext};
use crate::store::access_tests as store;

/// The tests stored now, when every one of `undos` fits them; else the refusal.
pub(super) async fn checked(
    conn: &mut AnyConnection,
    ctx: &PolicyContext,
    undos: &[TestUndo],
) -> Result<Vec<SavedTest>, ApiError> {
    let saved = store::list(conn, &ctx.env.code).await?;
    for undo in undos {
        check_test_undo(&saved, undo).map_err(refusal)?;
    }
    Ok(saved)
}

/// Writes `undos` on the tests stored now (checked first), each audited as `caller`'s.
pub(super) async fn write(
    conn: &mut AnyConnection,
    ctx: &PolicyContext,
    caller: &dyn Author,
    undos: &[TestUndo],
) -> Result<(), ApiError> {
    let saved = checked(conn, ctx, undos).await?;
    let env = &ctx.env.code;
    for undo in undos {
        let stored = saved.iter().find(|s| s.test.id.as_str() == undo.id());
        let id = undo.id();
        let written = match undo {
            TestUndo::Restore(test) => {
                store::insert(conn, env, test).await?;
                let what = Audited {
                    action: "create",
                    entity: "access_test",
                    id,
                };
                audit(conn, ctx, caller, what, None, Some(test)).await?;
                true
            }
            TestUndo::Revert { test, version } => {
                let done = store::update(conn, env, test, *version).await?;
                let what = Audited {
                    action: "update",
                    entity: "access_test",
                    id,
                };
                let before = stored.map(|s| &s.test);
                audit(conn, ctx, caller, what, before, Some(test)).await?;
                done
            }
            TestUndo::Remove { test, version } => {
                let done = store::delete(conn, env, id, *version).await?;
                let what = Audited {
                    action: "delete",
                    entity: "access_test",
                    id,
                };
                let before = stored.map_or(test, |s| &s.test);
                audit(conn, ctx, caller, what, Some(before), None).await?;
                done
            }
        };
        // The environment's write turn is held: a test checked above cannot move meanwhile.
        if !written {
            return Err(refusal(TestUndoConflict::MovedOn(undo.test().name.clone())));
        }
    }
    Ok(())
}

fn refusal(conflict: TestUndoConflict) -> ApiError {
    let field = matches!(conflict, TestUndoConflict::NameTaken(_)).then(|| "name".to_owned());
    ApiError::Conflict {
        message: conflict.describe(),
        field,
    }
}
