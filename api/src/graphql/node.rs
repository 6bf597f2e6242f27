//! The `node!` macro: from one declaration of an entity's fields and relations, the GraphQL
//! object type, its filter input, its ordering enum, and the top-level connection and
//! by-id fields, all going through the scope rules, the typed filters and the data loaders.

/// Declares the API of one entity. Every section is required (it may be empty); `extra`
/// holds resolvers written by hand, placed in the object's `#[Object]` block. The `id` is
/// implied; every other column shown, filtered and sorted on is listed, timestamps included.
///
/// ```text
/// node! {
///     /// A sales order.
///     Order(sales_orders) {
///         filter: OrderFilter, sort: OrderSort, query: OrderQuery, name: "order",
///         /// The orders in the caller's scope.
///         list: orders,
///         /// One order.
///         one: order,
///     }
///     fields { /// The order number. order_no: String = OrderNo }
///     ids { /// The customer's id. customer_id: i32 = CustomerId }
///     belongs { /// The customer. customer: Customer = customer_id }
///     has_many { /// The lines. lines: OrderLine = order_lines::OrderId }
///     extra {}
/// }
/// ```
macro_rules! node {
    (
        $(#[$meta:meta])*
        $node:ident($module:ident) {
            filter: $filter:ident,
            sort: $sort:ident,
            query: $query:ident,
            name: $name:literal,
            $(#[$list_meta:meta])*
            list: $list:ident,
            $(#[$one_meta:meta])*
            one: $one:ident $(,)?
        }
        fields { $( $(#[$fm:meta])* $f:ident : $fty:ty = $fcol:ident ),* $(,)? }
        ids { $( $(#[$im:meta])* $i:ident : $ity:ty = $icol:ident ),* $(,)? }
        belongs { $( $(#[$bm:meta])* $b:ident : $bty:ident = $bkey:ident ),* $(,)? }
        has_many { $( $(#[$hm:meta])* $h:ident : $hty:ident = $hmod:ident :: $hcol:ident ),* $(,)? }
        extra { $($extra:tt)* }
    ) => {
        $(#[$meta])*
        #[derive(Clone)]
        pub struct $node(pub $module::Model);

        $(#[$meta])*
        #[async_graphql::Object]
        // Relations are named after their columns, and `from_level` is a fine domain name.
        #[allow(clippy::wrong_self_convention)]
        impl $node {
            /// The identifier.
            async fn id(&self) -> async_graphql::ID {
                async_graphql::ID(self.0.id.to_string())
            }
            $(
                $(#[$fm])*
                async fn $f(&self) -> <$fty as $crate::graphql::filter::Field>::Out {
                    $crate::graphql::filter::Field::out(&self.0.$f)
                }
            )*
            $(
                $(#[$im])*
                async fn $i(&self) -> <$ity as $crate::graphql::filter::IdField>::Out {
                    $crate::graphql::filter::IdField::out_id(&self.0.$i)
                }
            )*
            $(
                $(#[$bm])*
                async fn $b(
                    &self,
                    ctx: &async_graphql::Context<'_>,
                ) -> $crate::error::ApiResult<Option<$bty>> {
                    $crate::graphql::loaders::belongs::<$bty>(ctx, self.0.$bkey).await
                }
            )*
            $(
                $(#[$hm])*
                async fn $h(
                    &self,
                    ctx: &async_graphql::Context<'_>,
                ) -> $crate::error::ApiResult<Vec<$hty>> {
                    $crate::graphql::loaders::has_many::<$hty>(ctx, $hmod::Column::$hcol, self.0.id)
                        .await
                }
            )*
            $($extra)*
        }

        /// Conditions on the records of a connection: every condition given must hold;
        /// `and`, `or` and `not` combine filters.
        #[derive(async_graphql::InputObject, Default)]
        pub struct $filter {
            /// The identifier.
            pub id: Option<$crate::graphql::filter::IdFilter>,
            $(
                $(#[$fm])*
                pub $f: Option<<$fty as $crate::graphql::filter::Field>::Filter>,
            )*
            $(
                $(#[$im])*
                pub $i: Option<$crate::graphql::filter::IdFilter>,
            )*
            /// Every one of these filters holds.
            pub and: Option<Vec<$filter>>,
            /// At least one of these filters holds.
            pub or: Option<Vec<$filter>>,
            /// This filter does not hold.
            pub not: Option<Box<$filter>>,
        }

        impl $crate::graphql::filter::FilterTree for $filter {
            fn condition(
                &self,
                backend: sea_orm::DbBackend,
            ) -> Result<sea_orm::Condition, $crate::error::ApiError> {
                use $crate::graphql::filter::{Field, id_condition};
                let mut c = sea_orm::Condition::all();
                if let Some(f) = &self.id {
                    c = c.add(id_condition($module::Column::Id, f, "id")?);
                }
                $(
                    if let Some(f) = &self.$f {
                        c = c.add(<$fty as Field>::condition(
                            $module::Column::$fcol,
                            f,
                            stringify!($f),
                            backend,
                        )?);
                    }
                )*
                $(
                    if let Some(f) = &self.$i {
                        c = c.add(id_condition($module::Column::$icol, f, stringify!($i))?);
                    }
                )*
                for f in self.and.iter().flatten() {
                    c = c.add(f.condition(backend)?);
                }
                if let Some(any) = &self.or {
                    let mut either = sea_orm::Condition::any();
                    for f in any {
                        either = either.add(f.condition(backend)?);
                    }
                    c = c.add(either);
                }
                if let Some(f) = &self.not {
                    c = c.add(f.condition(backend)?.not());
                }
                Ok(c)
            }
        }

        /// The columns a connection can be ordered by; records with equal values follow
        /// each other by id.
        #[derive(async_graphql::Enum, Clone, Copy, PartialEq, Eq)]
        pub enum $sort {
            /// The identifier (the default).
            Id,
            $( $(#[$fm])* $fcol, )*
            $( $(#[$im])* $icol, )*
        }

        impl $crate::graphql::connection::SortKey<$module::Entity> for $sort {
            const ID: Self = Self::Id;

            fn column(self) -> $module::Column {
                match self {
                    Self::Id => $module::Column::Id,
                    $( Self::$fcol => $module::Column::$fcol, )*
                    $( Self::$icol => $module::Column::$icol, )*
                }
            }

            fn name(self) -> &'static str {
                match self {
                    Self::Id => "Id",
                    $( Self::$fcol => stringify!($fcol), )*
                    $( Self::$icol => stringify!($icol), )*
                }
            }

            fn nullable(self) -> bool {
                use $crate::graphql::filter::Field;
                match self {
                    $( Self::$fcol => <$fty as Field>::NULLABLE, )*
                    $( Self::$icol => <$ity as Field>::NULLABLE, )*
                    Self::Id => false,
                }
            }

            fn cursor_value(self, m: &$module::Model) -> serde_json::Value {
                use $crate::graphql::filter::Field;
                match self {
                    Self::Id => m.id.to_cursor(),
                    $( Self::$fcol => m.$f.to_cursor(), )*
                    $( Self::$icol => m.$i.to_cursor(), )*
                }
            }

            fn parse_cursor_value(
                self,
                v: &serde_json::Value,
            ) -> Option<$crate::graphql::filter::Cursored> {
                use $crate::graphql::filter::Field;
                match self {
                    Self::Id => <i32 as Field>::from_cursor(v),
                    $( Self::$fcol => <$fty as Field>::from_cursor(v), )*
                    $( Self::$icol => <$ity as Field>::from_cursor(v), )*
                }
            }
        }

        impl $crate::graphql::connection::Node for $node {
            type Entity = $module::Entity;
            type Filter = $filter;
            type Sort = $sort;
            const NAME: &'static str = $name;

            fn wrap(model: $module::Model) -> Self {
                Self(model)
            }
            fn id_of(model: &$module::Model) -> i32 {
                model.id
            }
            fn id_column() -> $module::Column {
                $module::Column::Id
            }
            fn model(&self) -> &$module::Model {
                &self.0
            }
            #[allow(unused_variables, unused_mut)]
            fn prefetch<'a>(
                ctx: &'a async_graphql::Context<'_>,
                selection: &'a async_graphql::Lookahead<'a>,
                rows: &'a [&'a $module::Model],
            ) -> $crate::graphql::connection::Prefetch<'a> {
                let mut relations: Vec<$crate::graphql::connection::Prefetch<'a>> = Vec::new();
                $(
                    let keys = rows.iter().filter_map(|r| Option::<i32>::from(r.$bkey)).collect();
                    relations.push(Box::pin($crate::graphql::loaders::prefetch_belongs::<$bty>(
                        ctx,
                        selection,
                        stringify!($b),
                        keys,
                    )));
                )*
                $(
                    let keys = rows.iter().map(|r| r.id).collect();
                    relations.push(Box::pin($crate::graphql::loaders::prefetch_has_many::<$hty>(
                        ctx,
                        selection,
                        stringify!($h),
                        $hmod::Column::$hcol,
                        keys,
                    )));
                )*
                Box::pin(async move {
                    futures_util::future::try_join_all(relations).await.map(|_| ())
                })
            }
        }

        /// The top-level fields of one entity.
        #[derive(Default)]
        pub struct $query;

        #[async_graphql::Object]
        impl $query {
            $(#[$list_meta])*
            #[allow(clippy::too_many_arguments)]
            #[graphql(complexity = "crate::graphql::connection::complexity(first, last, child_complexity)")]
            async fn $list(
                &self,
                ctx: &async_graphql::Context<'_>,
                #[graphql(desc = "The first n records after `after` (at most 500; 50 by default).")]
                first: Option<i32>,
                #[graphql(desc = "Start after the record of this cursor.")]
                after: Option<String>,
                #[graphql(desc = "The last n records before `before` (at most 500).")]
                last: Option<i32>,
                #[graphql(desc = "End before the record of this cursor.")]
                before: Option<String>,
                #[graphql(desc = "Only the records matching this filter.")]
                filter: Option<$filter>,
                #[graphql(desc = "The column to order by (the id by default).")]
                order_by: Option<$sort>,
                #[graphql(desc = "Ascending (the default) or descending.")]
                direction: Option<$crate::graphql::connection::SortDirection>,
            ) -> $crate::error::ApiResult<$crate::graphql::connection::NodeConnection<$node>> {
                let page = $crate::graphql::connection::Page { first, after, last, before };
                $crate::graphql::connection::list::<$node>(
                    ctx,
                    page,
                    filter,
                    order_by,
                    direction,
                    sea_orm::Condition::all(),
                )
                .await
            }

            $(#[$one_meta])*
            async fn $one(
                &self,
                ctx: &async_graphql::Context<'_>,
                #[graphql(desc = "Its identifier.")] id: async_graphql::ID,
            ) -> $crate::error::ApiResult<$node> {
                $crate::graphql::connection::one::<$node>(ctx, &id).await
            }
        }
    };
}

pub(crate) use node;
