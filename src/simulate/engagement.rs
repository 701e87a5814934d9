//! Whether a customer opens, clicks, replies to, completes or dismisses a message:
//! the rates of `spec/simulation.md` (or an imported campaign's history) and a
//! stable draw per (seed, customer, block, what).
//!
//! The draw is our own FNV-1a and SplitMix64, fixed here, so that the same seed
//! gives the same customers the same outcomes on every platform and Rust version
//! (`std`'s hasher may change between releases).

use crate::model::{BlockId, ContentType, Series};

use super::customer::Engages;

/// What a customer may do with a message they received.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Reaction {
    Opened,
    Clicked,
    Replied,
    Completed,
    Dismissed,
}

impl Reaction {
    pub const ALL: [Reaction; 5] = [
        Reaction::Opened,
        Reaction::Clicked,
        Reaction::Replied,
        Reaction::Completed,
        Reaction::Dismissed,
    ];

    /// The name in campaign stats and in the simulation's output.
    pub fn name(self) -> &'static str {
        match self {
            Reaction::Opened => "opened",
            Reaction::Clicked => "clicked",
            Reaction::Replied => "replied",
            Reaction::Completed => "completed",
            Reaction::Dismissed => "dismissed",
        }
    }

    /// Seconds after the send at which it happens: opened after 1 hour, the rest after 2.
    pub fn delay_secs(self) -> i64 {
        match self {
            Reaction::Opened => 3600,
            _ => 7200,
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// The default rates by content type, in `Reaction::ALL` order; `None` where the
/// type has no such reaction (the "—" of the spec's table).
fn default_rates(t: ContentType) -> [Option<f64>; 5] {
    match t {
        ContentType::Email => [Some(0.45), Some(0.08), Some(0.02), None, None],
        ContentType::Chat => [Some(0.60), Some(0.05), Some(0.10), None, None],
        ContentType::Post => [Some(0.50), Some(0.06), Some(0.01), None, None],
        ContentType::MobilePush => [Some(0.15), Some(0.15), None, None, None],
        ContentType::ProductTour => [Some(0.70), None, None, Some(0.35), Some(0.40)],
        ContentType::Carousel => [Some(0.70), None, None, Some(0.30), Some(0.40)],
        ContentType::CustomBot => [Some(0.60), Some(0.10), Some(0.20), Some(0.25), None],
        ContentType::Banner => [Some(0.50), Some(0.05), None, None, Some(0.20)],
    }
}

/// The rates of one content block, in `Reaction::ALL` order.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rates {
    rates: [f64; 5],
    /// What an `always` customer does: every reaction the type has, except dismissing.
    always: [bool; 5],
}

impl Rates {
    /// A block's rates: its campaign history (`opened / sent`, …) where the series
    /// was imported and the message was sent, otherwise the defaults of its type.
    pub fn of(series: &Series, block: BlockId, content_type: ContentType) -> Rates {
        let defaults = default_rates(content_type);
        let history = series
            .origin
            .as_ref()
            .and_then(|o| o.messages.iter().find(|m| m.content_block == block))
            .map(|m| &m.stats);
        let sent = history
            .and_then(|s| s.get("sent"))
            .copied()
            .filter(|&n| n > 0);
        let mut rates = [0.0; 5];
        let mut always = [false; 5];
        for r in Reaction::ALL {
            let from_history = match (history, sent) {
                (Some(stats), Some(sent)) => stats.get(r.name()).map(|&n| n as f64 / sent as f64),
                _ => None,
            };
            rates[r.index()] = from_history
                .or(defaults[r.index()])
                .unwrap_or(0.0)
                .clamp(0.0, 1.0);
            always[r.index()] = r != Reaction::Dismissed && defaults[r.index()].is_some();
        }
        Rates { rates, always }
    }

    pub fn rate(&self, r: Reaction) -> f64 {
        self.rates[r.index()]
    }

    /// Whether this customer does it with this block's messages.
    pub fn decides(
        &self,
        engages: Engages,
        seed: u64,
        customer: &str,
        block: BlockId,
        r: Reaction,
    ) -> bool {
        match engages {
            Engages::Never => false,
            Engages::Always => self.always[r.index()],
            Engages::Rates => {
                let rate = self.rates[r.index()];
                rate > 0.0 && unit_draw(seed, customer, block, r) < rate
            }
        }
    }
}

/// A number in [0, 1) from (seed, customer, block, reaction), the same everywhere.
pub fn unit_draw(seed: u64, customer: &str, block: BlockId, r: Reaction) -> f64 {
    let mut h = splitmix(seed ^ fnv1a(customer.as_bytes()));
    h = splitmix(h ^ block.0);
    h = splitmix(h ^ (r.index() as u64 + 1));
    (h >> 11) as f64 / (1u64 << 53) as f64
}

/// FNV-1a, 64 bits.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The SplitMix64 step: a well-mixed 64-bit value from any 64-bit value.
pub fn splitmix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CampaignOrigin, CampaignState, GoLiveChoice, MessageOrigin};

    #[test]
    fn the_draw_is_fixed_across_platforms_and_versions() {
        // Known values: a change to the hash would change every simulation's output.
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(splitmix(0), 0xe220_a839_7b1d_cdaf);
        let d = unit_draw(7, "maya", BlockId(2), Reaction::Opened);
        assert_eq!(d, unit_draw(7, "maya", BlockId(2), Reaction::Opened));
        assert_ne!(d, unit_draw(8, "maya", BlockId(2), Reaction::Opened));
        assert_ne!(d, unit_draw(7, "maya", BlockId(2), Reaction::Clicked));
        assert!((0.0..1.0).contains(&d));
    }

    #[test]
    fn draws_follow_the_rate_over_many_customers() {
        let rates = Rates::of(&Series::new("s"), BlockId(1), ContentType::Email);
        let opened = (0..20_000)
            .filter(|i| {
                rates.decides(
                    Engages::Rates,
                    1,
                    &format!("c{i}"),
                    BlockId(1),
                    Reaction::Opened,
                )
            })
            .count();
        // 0.45 of 20,000 = 9,000; three standard deviations are about 210.
        assert!((8_790..=9_210).contains(&opened), "{opened}");
    }

    #[test]
    fn history_replaces_the_defaults_and_always_never_dismisses() {
        let mut series = Series::new("s");
        series.origin = Some(CampaignOrigin {
            campaign_id: "c".into(),
            campaign_name: "c".into(),
            campaign_state: CampaignState::Live,
            messages: vec![MessageOrigin {
                message_id: "m".into(),
                title: "m".into(),
                rule_block: BlockId(1),
                content_block: BlockId(2),
                stats: [("sent".to_string(), 200), ("opened".to_string(), 50)]
                    .into_iter()
                    .collect(),
            }],
            go_live_choice: GoLiveChoice::Undecided,
        });
        let imported = Rates::of(&series, BlockId(2), ContentType::Email);
        assert_eq!(imported.rate(Reaction::Opened), 0.25);
        // Not in the history: the default of the type.
        assert_eq!(imported.rate(Reaction::Clicked), 0.08);
        let other = Rates::of(&series, BlockId(3), ContentType::Email);
        assert_eq!(other.rate(Reaction::Opened), 0.45);
        let tour = Rates::of(&series, BlockId(3), ContentType::ProductTour);
        let always = |r| tour.decides(Engages::Always, 0, "x", BlockId(3), r);
        assert!(always(Reaction::Completed) && always(Reaction::Opened));
        assert!(!always(Reaction::Dismissed) && !always(Reaction::Clicked));
        assert!(!tour.decides(Engages::Never, 0, "x", BlockId(3), Reaction::Opened));
    }
}
