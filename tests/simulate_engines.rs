//! The fast engine against the naive one (`tests/sim_support/naive.rs`) on random
//! series and random customers: the same steps at the same moments, the same
//! answers for every condition, the same stays and the same counts.

mod sim_support;

use chrono::Duration;
use proptest::prelude::*;
use series_builder::simulate::*;
use sim_support::naive::{self, Looped};
use sim_support::*;

/// Steps as (moment, block, what, each condition's answer).
type Row = (String, Option<u64>, &'static str, Vec<bool>);

fn comparable(trace: &Trace) -> Vec<Row> {
    rows(trace)
        .into_iter()
        .zip(&trace.steps)
        .map(|((at, block, what), step)| {
            let answers = step.conditions.iter().map(|c| c.holds).collect();
            (at, block, what, answers)
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn the_fast_engine_agrees_with_the_naive_one(
        series in random_series(),
        customers in (0usize..4).prop_flat_map(|n| {
            (0..=n).map(random_customer).collect::<Vec<_>>()
        }),
        offset in prop::sample::select(vec![0i64, 0, 420, 900, 1813]),
        days in 1u32..4,
        seed in 0u64..4,
    ) {
        let from = december() + Duration::seconds(offset);
        let sim = Simulation::new(&series, from, days, seed);
        for c in &customers {
            let naive = naive::run(&series, c, from, days, seed);
            let mut counts = sim.new_counts();
            let fast = sim.run(c, &mut counts, true);
            match (naive, fast) {
                (Err(Looped(naive_block)), Err(SimError::Loop { block, .. })) => {
                    prop_assert_eq!(naive_block, block);
                }
                (Ok((naive_trace, naive_counts)), Ok(Some(fast_trace))) => {
                    prop_assert_eq!(comparable(&fast_trace), comparable(&naive_trace));
                    prop_assert_eq!(&fast_trace.stays, &naive_trace.stays);
                    prop_assert_eq!(&counts, &naive_counts);
                    // Without a trace the engine takes no other way.
                    let mut untraced = sim.new_counts();
                    prop_assert!(matches!(sim.run(c, &mut untraced, false), Ok(None)));
                    prop_assert_eq!(&untraced, &counts);
                }
                (naive, fast) => prop_assert!(
                    false,
                    "the engines disagree on {}: naive {:?}, fast {:?}",
                    c.id,
                    naive.map(|_| "ran"),
                    fast.map(|_| "ran")
                ),
            }
        }
    }
}
