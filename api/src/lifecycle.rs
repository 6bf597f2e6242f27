//! The customer lifecycle (docs/analytics.md, "Customers"): a PROSPECT becomes ACTIVE with its
//! first confirmed order, acquired on that order's business day (an earlier order, brought in
//! as history, moves the day back); a customer is lost (CHURNED) only when someone marks it so,
//! on that business day.

use chrono::NaiveDate;
use salesgraph_entities::customers;
use salesgraph_entities::enums::CustomerStatus;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::error::ApiError;

/// Records that `customer` has a confirmed order placed on business day `ordered_on`: a
/// PROSPECT becomes ACTIVE, acquired that day; an ACTIVE or CHURNED customer with no
/// acquisition day, or a later one (an order imported from before it), gets that day. Conditional updates, so
/// that two orders confirmed at once leave the earlier day whichever commits first. Returns
/// the customer before and after when it changed, for the audit log.
pub async fn order_confirmed<C: ConnectionTrait>(
    conn: &C,
    customer: i32,
    ordered_on: NaiveDate,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Option<(customers::Model, customers::Model)>, ApiError> {
    use customers::Column;
    let Some(before) = customers::Entity::find_by_id(customer).one(conn).await? else {
        return Ok(None);
    };
    // The usual case, a customer won before this day: nothing to write.
    let to_date = before.acquired_on.is_none_or(|day| day > ordered_on);
    match before.status {
        CustomerStatus::Prospect => {}
        CustomerStatus::Active | CustomerStatus::Churned if to_date => {}
        _ => return Ok(None),
    }
    let earlier = Column::AcquiredOn.is_null().or(Column::AcquiredOn.gt(ordered_on));
    let bump = |update: sea_orm::UpdateMany<customers::Entity>| {
        update
            .col_expr(Column::UpdatedAt, Expr::value(now))
            .col_expr(Column::Version, Expr::col(Column::Version).add(1))
            .filter(Column::Id.eq(customer))
    };
    let won = bump(customers::Entity::update_many())
        .col_expr(Column::Status, Expr::value(CustomerStatus::Active))
        .col_expr(
            Column::AcquiredOn,
            Expr::case(earlier.clone(), Expr::val(ordered_on))
                .finally(Expr::col(Column::AcquiredOn))
                .into(),
        )
        .filter(Column::Status.eq(CustomerStatus::Prospect))
        .exec(conn)
        .await?
        .rows_affected;
    let dated = if won == 0 {
        bump(customers::Entity::update_many())
            .col_expr(Column::AcquiredOn, Expr::value(ordered_on))
            .filter(Column::Status.ne(CustomerStatus::Prospect))
            .filter(earlier)
            .exec(conn)
            .await?
            .rows_affected
    } else {
        0
    };
    if won + dated == 0 {
        return Ok(None);
    }
    let after = customers::Entity::find_by_id(customer)
        .one(conn)
        .await?
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("customer {customer} vanished")))?;
    Ok(Some((before, after)))
}
