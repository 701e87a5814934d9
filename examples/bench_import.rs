//! Times the campaign import of a 1,000-message export (target: ≤ 50 ms in a
//! release build). `cargo run --release --example bench_import [MESSAGES]`

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use series_builder::import::import_campaign;

const RUNS: usize = 15;

/// A message's audience: a mix of every kind of condition, some nested, some
/// about earlier messages, some none at all.
fn audience(i: usize) -> Value {
    match i % 5 {
        0 => Value::Null,
        1 => json!({ "all": [
            { "attribute": "plan", "op": "is", "value": format!("plan-{}", i % 7) },
            { "attribute": "seats", "op": "greater_than", "value": i % 50 },
            { "any": [
                { "attribute": "platform", "op": "is", "value": "iOS" },
                { "attribute": "platform", "op": "is", "value": "Android" }
            ] }
        ] }),
        2 => json!({ "all": [
            { "attribute": "signed_up_at", "op": "exactly_days_ago", "value": i % 30 }
        ] }),
        3 => json!({ "all": [
            { "message": format!("msg_{}", i - 1), "op": "not_received" },
            { "event": "created_project", "op": "count_at_least", "value": 2 },
            { "tag": "vip", "op": "has_not" },
            { "attribute": "renewal", "op": "before", "value": "2021-09-30" }
        ] }),
        _ => json!({ "any": [
            { "segment": "Active", "op": "in" },
            { "attribute": "beta", "op": "is", "value": true },
            { "attribute": "phone", "op": "has_any_value" }
        ] }),
    }
}

fn export(messages: usize) -> String {
    let types = [
        "chat",
        "post",
        "email",
        "mobile_push",
        "product_tour",
        "carousel",
        "custom_bot",
        "banner",
    ];
    let list: Vec<Value> = (0..messages)
        .map(|i| {
            json!({
                "id": format!("msg_{i}"),
                "title": format!("Message {i}"),
                "content_type": types[i % types.len()],
                "subject": format!("Subject {i}"),
                "body": format!("Hi {{{{first_name}}}}, this is message {i} of the campaign."),
                "audience_rules": audience(i),
                "stats": { "sent": i * 10, "opened": i * 5, "clicked": i, "goal_hit": i / 2 }
            })
        })
        .collect();
    json!({
        "export_format": "campaign/v1",
        "exported_at": "2021-05-20T09:30:00Z",
        "campaign": {
            "id": "cmp_bench",
            "name": "Benchmark campaign",
            "state": "live",
            "entry_rules": { "all": [
                { "attribute": "type", "op": "is", "value": "user" },
                { "attribute": "signed_up_at", "op": "less_than_days_ago", "value": 1 }
            ] },
            "exit_rules": { "any": [ { "tag": "churned", "op": "has" } ] },
            "goal": { "rules": { "event": "paid", "op": "performed" }, "within_days": 30 },
            "message_spacing_days": 1,
            "exit_after_days_without_message": 60,
            "messages": list
        }
    })
    .to_string()
}

fn main() {
    let messages: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(1000);
    let text = export(messages);
    let mut times: Vec<Duration> = Vec::with_capacity(RUNS);
    let mut blocks = 0;
    for _ in 0..RUNS {
        let start = Instant::now();
        let imported = match import_campaign(text.as_bytes()) {
            Ok(imported) => imported,
            Err(e) => {
                eprintln!("the generated export was refused:\n{e}");
                std::process::exit(1);
            }
        };
        times.push(start.elapsed());
        blocks = imported.series.len();
        drop(imported);
    }
    times.sort();
    let median = times[RUNS / 2];
    println!(
        "import messages={messages} bytes={} blocks={blocks} runs={RUNS} ms={:.3} (min {:.3}, max {:.3})",
        text.len(),
        median.as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3,
        times[RUNS - 1].as_secs_f64() * 1e3,
    );
}
