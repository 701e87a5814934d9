//! Test customers the preview tests share: maya of the worked example in
//! `shared/examples/customers/README.md`, as the form makes her.
#![allow(dead_code)]

use chrono::{NaiveDate, NaiveTime};
use series_builder::model::*;

/// "Day `day` at h:m" of the preview.
pub fn at(day: i32, h: u32, m: u32) -> DayTime {
    DayTime {
        day,
        at: NaiveTime::from_hms_opt(h, m, 0).unwrap(),
    }
}

/// A user who signs up on day one at 09:20, is online on day 2 at 16:00 for
/// 45 minutes and day 4 at 18:30 for 10, and opens everything.
pub fn maya() -> TestCustomer {
    TestCustomer {
        attributes: vec![
            ("type".into(), TestValue::Text("user".into())),
            ("plan".into(), TestValue::Text("free".into())),
        ],
        signs_up: Some(at(1, 9, 20)),
        online: Online::Sessions(vec![
            TestSession {
                when: at(2, 16, 0),
                minutes: 45,
                platform: Platform::Web,
            },
            TestSession {
                when: at(4, 18, 30),
                minutes: 10,
                platform: Platform::Web,
            },
        ]),
        engages: Engages::Always,
        ..TestCustomer::new("maya")
    }
}

/// Test customers tried from 1 December 2026, as the worked example is.
pub fn december(customers: Vec<TestCustomer>) -> TestCustomers {
    TestCustomers {
        customers,
        ..TestCustomers::new(NaiveDate::from_ymd_opt(2026, 12, 1).unwrap())
    }
}
