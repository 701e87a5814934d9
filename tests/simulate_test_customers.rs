//! Test customers of the series file, as the preview runs them: the same
//! customer as a customers file holds, online on the days the form says, why
//! someone stayed out, and the expectations export that `simulate --expect`
//! reads back.

mod preview_support;

use std::path::{Path, PathBuf};

use chrono::{NaiveTime, TimeZone, Utc};
use preview_support::{at, december, maya};
use series_builder::file;
use series_builder::model::*;
use series_builder::simulate::audience::{self, Control, Options};
use series_builder::simulate::expect::Expectations;
use series_builder::simulate::read::{CustomersReader, FileKind};
use series_builder::simulate::test_customer::{self, Window};
use series_builder::simulate::*;

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn onboarding() -> Series {
    file::load(&repo("saved_series/onboarding.ron")).unwrap()
}

/// The customers of the example's customers file, by id.
fn from_file(id: &str) -> Customer {
    let text = std::fs::read_to_string(repo("saved_series/onboarding-customers.jsonl")).unwrap();
    read(&text).into_iter().find(|c| c.id == id).unwrap()
}

fn read(text: &str) -> Vec<Customer> {
    let mut reader = CustomersReader::new(
        Path::new("customers.jsonl"),
        FileKind::JsonLines,
        Box::new(std::io::Cursor::new(text.as_bytes().to_vec())),
    )
    .unwrap();
    let parser = reader.parser();
    reader
        .next_batch(1000)
        .unwrap()
        .iter()
        .map(|line| parser.customer(line).unwrap())
        .collect()
}

#[test]
fn a_test_customer_goes_the_way_the_same_customer_of_a_file_goes() {
    let series = onboarding();
    let tests = december(vec![maya()]);
    let window = Window::new(&series, &tests);
    assert_eq!(
        window.from(),
        Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap()
    );
    let sim = window.simulation(&series);
    let made = sim.trace(&window.customer(&tests.customers[0])).unwrap();
    let read = sim.trace(&from_file("maya")).unwrap();
    assert_eq!(made, read);
    // The worked example: finished after Getting started on Dec 4, 18:30.
    let stay = made.stays[0];
    assert_eq!(stay.outcome, StayOutcome::Finished);
    assert_eq!(
        window.day_time(stay.ended_at.unwrap()),
        at(4, 18, 30),
        "Day 4, 18:30"
    );
}

#[test]
fn days_and_times_are_on_the_series_clock() {
    let mut series = onboarding();
    series.settings.time_zone = "Europe/Berlin".into();
    let tests = december(vec![maya()]);
    let window = Window::new(&series, &tests);
    // Midnight in Berlin is 23:00 UTC the day before.
    assert_eq!(
        window.from(),
        Utc.with_ymd_and_hms(2026, 11, 30, 23, 0, 0).unwrap()
    );
    let c = window.customer(&tests.customers[0]);
    assert_eq!(
        c.attributes.get("signed_up_at"),
        Some(&Value::Date(DateValue::Moment(
            Utc.with_ymd_and_hms(2026, 12, 1, 8, 20, 0).unwrap()
        )))
    );
    assert_eq!(
        window.day_time(Utc.with_ymd_and_hms(2026, 12, 1, 23, 30, 0).unwrap()),
        at(2, 0, 30)
    );
}

#[test]
fn the_form_fields_become_the_attributes_the_simulation_reads() {
    let series = onboarding();
    let mut lee = TestCustomer {
        email: false,
        unsubscribed: true,
        time_zone: Some("Asia/Tokyo".into()),
        attributes: vec![
            // The form's own fields win over attributes of the same name.
            ("email".into(), TestValue::Text("typed@example.com".into())),
            ("seats".into(), TestValue::Number(3.0)),
            ("renews_at".into(), TestValue::Date(at(10, 0, 0))),
        ],
        events: vec![TestEvent {
            name: "created_first_project".into(),
            when: at(2, 10, 0),
        }],
        ..TestCustomer::new("Lee Ann")
    };
    let tests = december(vec![lee.clone()]);
    let window = Window::new(&series, &tests);
    let c = window.customer(&lee);
    assert_eq!(c.id, "Lee Ann");
    assert_eq!(c.attributes.get("email"), None);
    assert_eq!(
        c.attributes.get("unsubscribed_from_emails"),
        Some(&Value::Boolean(true))
    );
    assert_eq!(c.zone(), Some(chrono_tz::Asia::Tokyo));
    assert_eq!(c.attributes.get("seats"), Some(&Value::Number(3.0)));
    assert_eq!(
        c.attributes.get("renews_at"),
        Some(&Value::Date(DateValue::Moment(
            Utc.with_ymd_and_hms(2026, 12, 10, 0, 0, 0).unwrap()
        )))
    );
    assert_eq!(
        c.events[0].at,
        Utc.with_ymd_and_hms(2026, 12, 2, 10, 0, 0).unwrap()
    );
    lee.email = true;
    let c = window.customer(&lee);
    assert_eq!(
        c.attributes.get("email"),
        Some(&Value::Text("lee.ann@example.com".into()))
    );
}

#[test]
fn online_presets_are_visits_on_the_days_they_name_from_signing_up() {
    let series = onboarding();
    let hours = Hours {
        from: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
        to: NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
        platform: Platform::Ios,
    };
    let person = |online: Online| TestCustomer {
        online,
        // Signs up on Thursday 3 December, after that day's hours.
        signs_up: Some(at(3, 12, 0)),
        ..TestCustomer::new("kai")
    };
    let tests = december(Vec::new());
    let window = Window::new(&series, &tests);
    let starts = |online: Online| -> Vec<String> {
        window
            .customer(&person(online))
            .sessions
            .iter()
            .map(|s| {
                assert_eq!((s.minutes, s.platform), (60, Platform::Ios));
                s.at.format("%a %d %H:%M").to_string()
            })
            .collect()
    };
    let weekdays = starts(Online::Weekdays(hours));
    assert_eq!(
        weekdays[..4],
        [
            "Fri 04 09:00",
            "Mon 07 09:00",
            "Tue 08 09:00",
            "Wed 09 09:00"
        ]
    );
    assert_eq!(weekdays.len(), 19, "weekdays from Dec 4 to Dec 30");
    let daily = starts(Online::Daily(hours));
    assert_eq!(daily[..2], ["Fri 04 09:00", "Sat 05 09:00"]);
    assert_eq!(daily.len(), 27, "Dec 4 to Dec 30");
    assert!(starts(Online::Never).is_empty());
    // Hours that end before they start are no visits at all.
    let backwards = Hours {
        from: hours.to,
        to: hours.from,
        ..hours
    };
    assert!(starts(Online::Daily(backwards)).is_empty());
}

#[test]
fn who_never_entered_is_told_why_at_the_first_entry_check() {
    let series = onboarding();
    let sim = Simulation::new(
        &series,
        Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap(),
        30,
        0,
    );
    // Sam is a lead: the entry rule does not match.
    let sam = sim.first_entry_check(&from_file("sam")).unwrap();
    assert_eq!(sam.at, Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 0).unwrap());
    let (block, holds, conditions) = &sam.entry_points[0];
    assert_eq!((block.0, *holds), (1, false));
    assert_eq!(conditions[0].words(), "type is user (lead): no");
    assert!(!sam.exit_rules.as_ref().unwrap().0);
    // Kim matches it, but the exit rules keep her out.
    let kim = sim.first_entry_check(&from_file("kim")).unwrap();
    assert_eq!(kim.at, Utc.with_ymd_and_hms(2026, 12, 2, 1, 0, 0).unwrap());
    assert!(kim.entry_points[0].1);
    let (out, conditions) = kim.exit_rules.unwrap();
    assert!(out);
    assert_eq!(conditions[0].words(), "tagged churned (tagged): yes");
    // Someone who signs up after the window is never checked.
    let late = Customer::new("late").with_attribute(
        "signed_up_at",
        Value::Date(DateValue::Moment(
            Utc.with_ymd_and_hms(2027, 3, 1, 0, 0, 0).unwrap(),
        )),
    );
    assert_eq!(sim.first_entry_check(&late), None);
}

/// Runs an exported expectations file over its exported customers, as
/// `simulate --expect` does.
fn verdict(
    series: &Series,
    export: &test_customer::Export,
    tests: &TestCustomers,
) -> expect::Verdict {
    let cases = Expectations::parse(&export.expectations).unwrap();
    assert_eq!(cases.problems(series), Vec::<String>::new());
    let reader = CustomersReader::new(
        Path::new("customers.jsonl"),
        FileKind::JsonLines,
        Box::new(std::io::Cursor::new(export.customers.clone().into_bytes())),
    )
    .unwrap();
    let window = Window::new(series, tests);
    let sim = window.simulation(series);
    let options = Options {
        traced: cases.customers(),
        sample_percent: None,
    };
    let audience = audience::run_reader(&sim, reader, &options, &Control::default()).unwrap();
    cases.check(series, &audience)
}

#[test]
fn exported_expectations_hold_now_and_fail_when_the_series_changes_the_way() {
    let series = onboarding();
    let sam = TestCustomer {
        attributes: vec![("type".into(), TestValue::Text("lead".into()))],
        ..TestCustomer::new("sam")
    };
    let tests = december(vec![maya(), sam]);
    let export = test_customer::export(
        &series,
        &tests,
        "onboarding.ron",
        "onboarding-expect.ron",
        "onboarding-expect-customers.jsonl",
    )
    .unwrap();
    assert!(
        export.expectations.contains(
            "series-builder simulate onboarding.ron --customers onboarding-expect-customers.jsonl --from 2026-12-01T00:00:00Z --days 30 --expect onboarding-expect.ron"
        ),
        "{}",
        export.expectations
    );
    assert!(
        export
            .expectations
            .contains("(customer: \"sam\", enters: false)")
    );
    assert!(
        export
            .expectations
            .contains("(message: \"Welcome Chat\", within_hours: 30)"),
        "{}",
        export.expectations
    );
    // The customers file reads back as the preview's customers.
    let window = Window::new(&series, &tests);
    let made: Vec<Customer> = tests.customers.iter().map(|t| window.customer(t)).collect();
    assert_eq!(read(&export.customers), made);

    let v = verdict(&series, &export, &tests);
    assert_eq!(v.failures, Vec::new());
    // passes, receives ×3, never receives ×1, ends; and sam's enters.
    assert_eq!(v.checked, 7);

    // The chat now waits for its reply after 3 days: maya gets it later.
    let mut slower = series.clone();
    let BlockKind::Wait(WaitBlock::For(wait)) = &mut slower.block_mut(BlockId(3)).unwrap().kind
    else {
        panic!("block 3 is a wait");
    };
    wait.amount = 3;
    let v = verdict(&slower, &export, &tests);
    let failed: Vec<String> = v.failures.iter().map(|f| f.expected.clone()).collect();
    assert!(
        failed.contains(&"to receive 'Welcome Chat' (4) within 30 hours of entering".to_string()),
        "{failed:?}"
    );
}

mod support;

use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Whatever the form makes, the exported customers file is one `simulate`
    /// reads, as the very customers the preview tried.
    #[test]
    fn any_test_customers_export_as_a_customers_file_that_reads_back(
        tests in support::test_customers(),
    ) {
        let series = onboarding();
        let window = Window::new(&series, &tests);
        let text = test_customer::customers_file(&series, &tests);
        // Every line reads (a line with a problem fails the case).
        let customers = read(&text);
        prop_assert_eq!(customers.len(), tests.customers.len());
        for (read, test) in customers.into_iter().zip(&tests.customers) {
            prop_assert_eq!(close(read), close(window.customer(test)));
        }
    }
}

/// The customer with numbers to 12 significant digits: JSON readers may read
/// the last digit of a long number one unit off (serde_json's float parsing,
/// whose exact mode this project does not turn on).
fn close(mut c: Customer) -> Customer {
    for value in c.attributes.values_mut() {
        if let Value::Number(n) = value {
            *n = format!("{n:.11e}").parse().unwrap();
        }
    }
    c
}
