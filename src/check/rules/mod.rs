//! The rule registry: one module per rule of spec §7, each holding the rule's
//! documentation (what `evn rules NAME` prints) and, where the rule has logic of its
//! own, its check. Rules found by a shared mechanism (the parser, name resolution)
//! hold their documentation here and say where they are reported.

pub mod ambiguous_name;
pub mod conflicting_evidence;
pub mod contradiction;
pub mod direction_mismatch;
pub mod duplicate_claim;
pub mod duplicate_definition;
pub mod duplicate_doi;
pub mod duplicate_reference;
pub mod invalid_identifier;
pub mod level_mismatch;
pub mod mechanism_mismatch;
pub mod missing_citation;
pub mod non_canonical_name;
pub mod retracted_reference;
pub mod syntax;
pub mod unknown_carrier;
pub mod unknown_context;
pub mod unknown_drug;
pub mod unknown_level;
pub mod unknown_ligand;
pub mod unknown_measure;
pub mod unknown_mechanism;
pub mod unknown_reference;
pub mod unknown_relation;
pub mod unknown_stimulus;
pub mod unknown_subject;
pub mod unknown_target;
pub mod unknown_unit;
pub mod unused_reference;
pub mod wrong_kind;

use crate::diagnostic::Rule;

/// A rule's documentation.
#[derive(Clone, Copy, Debug)]
pub struct RuleDoc {
    pub rule: Rule,
    /// One line: when the rule fires.
    pub summary: &'static str,
    /// Markdown: what it does, why it is bad, an example, what to write instead.
    pub doc: &'static str,
}

/// The documentation of a rule.
pub fn doc(rule: Rule) -> RuleDoc {
    let (summary, doc) = match rule {
        Rule::Syntax => (syntax::SUMMARY, syntax::DOC),
        Rule::UnknownTarget => (unknown_target::SUMMARY, unknown_target::DOC),
        Rule::UnknownDrug => (unknown_drug::SUMMARY, unknown_drug::DOC),
        Rule::UnknownCarrier => (unknown_carrier::SUMMARY, unknown_carrier::DOC),
        Rule::UnknownLigand => (unknown_ligand::SUMMARY, unknown_ligand::DOC),
        Rule::UnknownContext => (unknown_context::SUMMARY, unknown_context::DOC),
        Rule::UnknownMechanism => (unknown_mechanism::SUMMARY, unknown_mechanism::DOC),
        Rule::UnknownStimulus => (unknown_stimulus::SUMMARY, unknown_stimulus::DOC),
        Rule::UnknownSubject => (unknown_subject::SUMMARY, unknown_subject::DOC),
        Rule::UnknownRelation => (unknown_relation::SUMMARY, unknown_relation::DOC),
        Rule::UnknownUnit => (unknown_unit::SUMMARY, unknown_unit::DOC),
        Rule::UnknownMeasure => (unknown_measure::SUMMARY, unknown_measure::DOC),
        Rule::UnknownLevel => (unknown_level::SUMMARY, unknown_level::DOC),
        Rule::WrongKind => (wrong_kind::SUMMARY, wrong_kind::DOC),
        Rule::AmbiguousName => (ambiguous_name::SUMMARY, ambiguous_name::DOC),
        Rule::MissingCitation => (missing_citation::SUMMARY, missing_citation::DOC),
        Rule::UnknownReference => (unknown_reference::SUMMARY, unknown_reference::DOC),
        Rule::DuplicateReference => (duplicate_reference::SUMMARY, duplicate_reference::DOC),
        Rule::UnusedReference => (unused_reference::SUMMARY, unused_reference::DOC),
        Rule::DuplicateDoi => (duplicate_doi::SUMMARY, duplicate_doi::DOC),
        Rule::RetractedReference => (retracted_reference::SUMMARY, retracted_reference::DOC),
        Rule::InvalidIdentifier => (invalid_identifier::SUMMARY, invalid_identifier::DOC),
        Rule::DuplicateDefinition => (duplicate_definition::SUMMARY, duplicate_definition::DOC),
        Rule::DuplicateClaim => (duplicate_claim::SUMMARY, duplicate_claim::DOC),
        Rule::Contradiction => (contradiction::SUMMARY, contradiction::DOC),
        Rule::ConflictingEvidence => (conflicting_evidence::SUMMARY, conflicting_evidence::DOC),
        Rule::MechanismMismatch => (mechanism_mismatch::SUMMARY, mechanism_mismatch::DOC),
        Rule::DirectionMismatch => (direction_mismatch::SUMMARY, direction_mismatch::DOC),
        Rule::LevelMismatch => (level_mismatch::SUMMARY, level_mismatch::DOC),
        Rule::NonCanonicalName => (non_canonical_name::SUMMARY, non_canonical_name::DOC),
    };
    RuleDoc { rule, summary, doc }
}

/// Every rule's documentation, in the order of spec §7.
pub fn all() -> Vec<RuleDoc> {
    Rule::ALL.iter().map(|&rule| doc(rule)).collect()
}
