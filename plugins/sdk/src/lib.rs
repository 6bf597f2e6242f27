//! The salesgraph report SDK: what a report plugin implements ([`ReportPlugin`]), the
//! [`Document`] it builds, and the PDF renderer that turns a document into a file.
//!
//! A plugin depends on this crate only: it never sees a database or an HTTP request. The host
//! (the salesgraph server) validates the parameters against the plugin's [`Manifest`], runs the
//! plugin's GraphQL [`Query`] as the requesting user, hands the result to
//! [`ReportPlugin::build`], and renders the document with [`render`].

mod context;
mod data;
mod document;
mod fonts;
pub mod format;
mod manifest;
mod render;

pub use context::{Audience, BuildContext};
pub use data::{DataError, View};
pub use document::{Block, Cell, Change, Chart, ChartKind, Column, Document, Series, Table, Tile};
pub use fonts::{FontError, Fonts};
pub use format::{compact, money, number, percent, points};
pub use manifest::{
    Locale, Manifest, ParamError, ParamKind, ParamSpec, ParamValue, Params, Text, Zone,
};
pub use render::{Pdf, RenderMeta, render};

/// The GraphQL request a plugin needs: the query text and its variables.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    /// The GraphQL document, with one operation.
    pub text: String,
    /// The operation's variables.
    pub variables: serde_json::Value,
}

/// Why a plugin could not build its document. The message is shown to the requester as the
/// reason the run failed, so it says what is wrong in their terms.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The query result lacks something the report needs.
    #[error(transparent)]
    Data(#[from] DataError),
    /// The report is about something the requester cannot see or that does not exist.
    #[error("{0}")]
    NotFound(String),
}

/// A report plugin: a manifest, the query it needs, and a pure build step.
///
/// `query` and `build` must not do I/O; the same parameters and data give the same document.
pub trait ReportPlugin: Send + Sync + 'static {
    /// The id, titles and parameters.
    fn manifest(&self) -> &Manifest;

    /// The GraphQL request that fetches everything the report shows, for validated
    /// parameters. The host runs it as the requester, so it returns only what they may see.
    fn query(&self, params: &Params) -> Query;

    /// Builds the document from the query's `data` and the parameters.
    fn build(
        &self,
        data: &serde_json::Value,
        params: &Params,
        context: &BuildContext,
    ) -> Result<Document, BuildError>;
}
