//! Why a customer never entered: a trace records entry points only when they
//! let someone in, so for one who stayed out this checks the entry points and
//! the exit rules once more, at the first hourly entry check they met, with
//! every condition's value.

use chrono::{DateTime, Utc};

use crate::model::BlockId;

use super::facts::{self, Eval, Facts, Memory, Secs};
use super::plan::PlanBlock;
use super::{Customer, Simulation, trace::ConditionCheck};

/// The entry points and exit rules at one entry check.
#[derive(Debug, Clone, PartialEq)]
pub struct EntryCheck {
    pub at: DateTime<Utc>,
    /// Every entry point: whether its filter matched, and each condition.
    pub entry_points: Vec<(BlockId, bool, Vec<ConditionCheck>)>,
    /// The exit rules, where the series has some: whether they matched (and so
    /// kept the customer out), and each condition.
    pub exit_rules: Option<(bool, Vec<ConditionCheck>)>,
}

const HOUR: Secs = 3600;

impl Simulation {
    /// The first hourly entry check of the window at which the customer is a
    /// customer (signed up, if the file says when); `None` when there is none.
    pub fn first_entry_check(&self, customer: &Customer) -> Option<EntryCheck> {
        let facts = Facts::new(&self.plan, customer);
        let memory = Memory::new(&self.plan, &facts);
        let eval = Eval {
            plan: &self.plan,
            facts: &facts,
            memory: &memory,
        };
        let start = facts::secs(self.from).max(facts.signed_up.unwrap_or(Secs::MIN));
        let t = start.div_euclid(HOUR) * HOUR + if start.rem_euclid(HOUR) == 0 { 0 } else { HOUR };
        if t >= facts::secs(self.until()) {
            return None;
        }
        let entry_points = self
            .plan
            .entry_points
            .iter()
            .filter_map(|&b| match &self.plan.blocks[b] {
                PlanBlock::Rule { filter, .. } => {
                    let mut conditions = Vec::new();
                    let holds = eval.explain(filter, t, &mut conditions);
                    Some((self.plan.ids[b], holds, conditions))
                }
                _ => None,
            })
            .collect();
        let exit_rules = self.plan.exit.as_ref().map(|exit| {
            let mut conditions = Vec::new();
            let holds = eval.explain(exit, t, &mut conditions);
            (holds, conditions)
        });
        Some(EntryCheck {
            at: facts::moment(t),
            entry_points,
            exit_rules,
        })
    }
}
