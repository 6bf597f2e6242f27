//! sea-orm entities of the salesgraph model (DESIGN.md sections 1–12): one module per table.
//!
//! Generated once from the first migration with `sea-orm-cli generate entity`, then given
//! typed enums and relation names; maintained by hand since. No GraphQL, no HTTP here.

pub mod enums;
pub mod keys;
pub mod prelude;

pub mod action_items;
pub mod alert_rules;
pub mod alerts;
pub mod announcement_targets;
pub mod announcements;
pub mod api_keys;
pub mod audit_log;
pub mod branch_reports;
pub mod branches;
pub mod career_levels;
pub mod competitive_strategies;
pub mod competitor_products;
pub mod competitors;
pub mod contacts;
pub mod contingency_activations;
pub mod contingency_plans;
pub mod courses;
pub mod customer_feedback;
pub mod customers;
pub mod employees;
pub mod enrollments;
pub mod improvement_actions;
pub mod improvement_plans;
pub mod incentive_awards;
pub mod incentive_plans;
pub mod incentive_tiers;
pub mod interactions;
pub mod kpi_definitions;
pub mod market_feedback;
pub mod market_signals;
pub mod market_size_estimates;
pub mod meeting_attendees;
pub mod meetings;
pub mod opportunities;
pub mod opportunity_competitors;
pub mod order_lines;
pub mod price_changes;
pub mod price_observations;
pub mod product_categories;
pub mod product_feedback;
pub mod products;
pub mod projects;
pub mod promotion_records;
pub mod promotions;
pub mod regions;
pub mod report_runs;
pub mod report_templates;
pub mod review_cycles;
pub mod review_scores;
pub mod reviews;
pub mod sales_orders;
pub mod sales_targets;
pub mod service_tickets;
pub mod survey_responses;
pub mod tasks;
pub mod teams;
pub mod training_sessions;
pub mod user_accounts;
