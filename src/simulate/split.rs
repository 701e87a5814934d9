//! Which way a split test sends a customer: a hash of the customer's id and the
//! block's id (`spec/series-v2.md`), so the same customer always takes the same
//! branch at the same block, whatever the seed, the run or the stay.

use super::engagement::{fnv1a, splitmix};
use crate::model::{BlockId, SplitBlock};

/// Where a split test sends one customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SplitChoice {
    /// Down branch `i` (0 is A).
    Branch(usize),
    /// Into the control group: out of the series, counted.
    Control,
    /// Nowhere: the shares are all 0 (a go-live error), so the path ends.
    Nowhere,
}

/// The branch of `split` for a customer, in proportion to the shares. Shares
/// that do not add up to 100 (a go-live error) are taken relative to their sum.
pub fn split_choice(customer: &str, block: BlockId, split: &SplitBlock) -> SplitChoice {
    let total = split.total();
    if total == 0 {
        return SplitChoice::Nowhere;
    }
    let h = splitmix(fnv1a(customer.as_bytes()) ^ splitmix(block.0));
    let mut draw = (h % u64::from(total)) as u32;
    for (i, share) in split.branches.iter().enumerate() {
        let share = u32::from(*share);
        if draw < share {
            return SplitChoice::Branch(i);
        }
        draw -= share;
    }
    SplitChoice::Control
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_customer_always_takes_the_same_branch_and_shares_hold() {
        let split = SplitBlock {
            branches: vec![70, 20],
            control: Some(10),
        };
        let mut tally = [0u32; 3];
        for i in 0..100_000 {
            let id = format!("customer-{i}");
            let choice = split_choice(&id, BlockId(7), &split);
            assert_eq!(choice, split_choice(&id, BlockId(7), &split), "stable");
            match choice {
                SplitChoice::Branch(b) => tally[b] += 1,
                SplitChoice::Control => tally[2] += 1,
                SplitChoice::Nowhere => unreachable!(),
            }
        }
        // Within ±1 % of 70 / 20 / 10.
        for (count, want) in tally.iter().zip([70_000, 20_000, 10_000]) {
            assert!((*count as i64 - want).abs() <= 1_000, "{tally:?}");
        }
        // Another block draws apart from this one.
        let other = (0..1000)
            .filter(|i| {
                let id = format!("customer-{i}");
                split_choice(&id, BlockId(7), &split) != split_choice(&id, BlockId(8), &split)
            })
            .count();
        assert!(other > 300, "{other}");
    }

    #[test]
    fn no_shares_send_nowhere() {
        let split = SplitBlock {
            branches: vec![0, 0],
            control: None,
        };
        assert_eq!(split_choice("a", BlockId(1), &split), SplitChoice::Nowhere);
    }
}
