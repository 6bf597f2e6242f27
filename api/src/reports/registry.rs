//! The plugins a server offers, registered explicitly at start-up; an id registered twice is
//! refused. The default set is chosen by cargo features, one per plugin crate.

use std::collections::BTreeMap;
use std::sync::Arc;

use salesgraph_report_sdk::ReportPlugin;

/// Why a registry cannot be built.
#[derive(Debug, thiserror::Error)]
pub enum RegistryError {
    #[error("two report plugins have the id `{0}`")]
    Duplicate(String),
}

/// The report plugins, by id.
#[derive(Clone, Default)]
pub struct Registry {
    plugins: BTreeMap<&'static str, Arc<dyn ReportPlugin>>,
}

/// Collects plugins; [`RegistryBuilder::build`] ends it.
#[derive(Default)]
pub struct RegistryBuilder {
    plugins: BTreeMap<&'static str, Arc<dyn ReportPlugin>>,
}

impl Registry {
    /// An empty builder.
    pub fn builder() -> RegistryBuilder {
        RegistryBuilder::default()
    }

    /// The plugins compiled into this server (see the cargo features of `salesgraph-api`).
    pub fn with_default_plugins() -> Result<Self, RegistryError> {
        Ok(Self::builder().default_plugins()?.build())
    }

    /// The plugin with this id.
    pub fn get(&self, id: &str) -> Option<&Arc<dyn ReportPlugin>> {
        self.plugins.get(id)
    }

    /// Every plugin, by id.
    pub fn all(&self) -> impl Iterator<Item = &Arc<dyn ReportPlugin>> {
        self.plugins.values()
    }

    /// The ids, for messages.
    pub fn ids(&self) -> Vec<&'static str> {
        self.plugins.keys().copied().collect()
    }
}

impl RegistryBuilder {
    /// Adds a plugin; refuses an id that is already registered.
    pub fn register(mut self, plugin: impl ReportPlugin) -> Result<Self, RegistryError> {
        let id = plugin.manifest().id;
        if self.plugins.contains_key(id) {
            return Err(RegistryError::Duplicate(id.to_owned()));
        }
        self.plugins.insert(id, Arc::new(plugin));
        Ok(self)
    }

    /// Adds the plugins of the enabled cargo features.
    #[allow(unused_mut, clippy::let_and_return)]
    pub fn default_plugins(self) -> Result<Self, RegistryError> {
        let mut builder = self;
        #[cfg(feature = "monthly-review")]
        {
            builder = builder.register(salesgraph_report_monthly_review::MonthlyReview::new())?;
        }
        #[cfg(feature = "performance-review")]
        {
            builder =
                builder.register(salesgraph_report_performance_review::PerformanceReview::new())?;
        }
        #[cfg(feature = "competitor-analysis")]
        {
            builder = builder
                .register(salesgraph_report_competitor_analysis::CompetitorAnalysis::new())?;
        }
        #[cfg(feature = "example-plugin")]
        {
            builder = builder.register(salesgraph_report_branch_snapshot::BranchSnapshot::new())?;
        }
        Ok(builder)
    }

    /// The registry.
    pub fn build(self) -> Registry {
        Registry { plugins: self.plugins }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_set_is_the_features_and_an_id_registers_once() {
        let registry = Registry::with_default_plugins().unwrap();
        assert_eq!(registry.ids(), ["competitor-analysis", "monthly-review", "performance-review"]);
        let twice = Registry::builder()
            .default_plugins()
            .and_then(|b| b.register(salesgraph_report_monthly_review::MonthlyReview::new()));
        assert_eq!(
            twice.err().map(|e| e.to_string()).as_deref(),
            Some("two report plugins have the id `monthly-review`")
        );
    }
}
